package actor_test

import (
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/troupe-go/troupe/actor"
)

func TestLogging(t *testing.T) {
	t.Run("lifecycle events are logged at Debug, all of them by the time Stop returns", func(t *testing.T) {
		for range 200 {
			logger, logs := bufferLogger()
			ref := start(&script{}, actor.WithName("logged"), actor.WithLogger(logger))
			require.NoError(t, ref.Tell(msg{}))
			require.NoError(t, ref.Stop(t.Context()))
			out := logs.String()
			require.Contains(t, out, "level=DEBUG msg=registered actor=logged urn="+ref.URN())
			require.Contains(t, out, "level=DEBUG msg=stopped actor=logged urn="+ref.URN())
		}
	})

	t.Run("a failed actor's last log is written by the time Done closes", func(t *testing.T) {
		for range 200 {
			logger, logs := bufferLogger()
			ref := start(&script{receive: func(*actor.Context, msg) error { return errBoom }},
				actor.WithName("logged"), actor.WithLogger(logger))
			require.NoError(t, ref.Tell(msg{}))
			<-ref.Done()
			require.Contains(t, logs.String(), "level=DEBUG msg=failed actor=logged urn="+ref.URN())
		}
	})
}

func TestFailureLogLevel(t *testing.T) {
	// logsOf runs fn in a synctest bubble, with the bubble's t and a logger,
	// and returns the lines logged at Warn and at Error.
	logsOf := func(t *testing.T, fn func(t *testing.T, logger actor.Option)) (warn, errs []string) {
		logger, logs := bufferLogger()
		synctest.Test(t, func(t *testing.T) { fn(t, actor.WithLogger(logger)) })
		for _, l := range strings.Split(logs.String(), "\n") {
			switch {
			case strings.Contains(l, "level=WARN"):
				warn = append(warn, l)
			case strings.Contains(l, "level=ERROR"):
				errs = append(errs, l)
			}
		}
		return warn, errs
	}

	t.Run("a failure Resume recovers from is a Warn", func(t *testing.T) {
		warn, errs := logsOf(t, func(t *testing.T, logger actor.Option) {
			j := newLineage(t)
			ref := spawn(j.factory(), actor.WithPolicy(actor.Resume), logger)
			require.NoError(t, ref.Tell(job{fail: true}))
			stop(t, ref)
		})
		require.Len(t, warn, 1)
		require.Contains(t, warn[0], `msg="actor: tell failed"`)
		require.Contains(t, warn[0], "err=boom")
		require.Empty(t, errs)
	})

	t.Run("a failure Restart recovers from, even through a failing OnStart, is a Warn", func(t *testing.T) {
		warn, errs := logsOf(t, func(t *testing.T, logger actor.Option) {
			j := newLineage(t)
			ref := spawn(j.factory(2), actor.WithPolicy(actor.Restart), logger)
			require.NoError(t, ref.Tell(job{fail: true}))
			require.Equal(t, 1, askCount(t, ref, 1))
			stop(t, ref)
		})
		require.Len(t, warn, 2)
		require.Contains(t, warn[0], `msg="actor: tell failed"`)
		require.Contains(t, warn[1], `msg="actor: restart failed"`)
		require.Empty(t, errs)
	})

	t.Run("a child's failure its supervising parent decides on is a Warn", func(t *testing.T) {
		warn, errs := logsOf(t, func(t *testing.T, logger actor.Option) {
			j := newLineage(t)
			parent := spawn(j.factory(), actor.WithSupervision(actor.OneForOne, actor.Restart), logger)
			kid := spawnChild(t, parent, j.factory(), logger)
			require.NoError(t, kid.Tell(job{fail: true}))
			restarted(t, kid)
			stop(t, parent)
		})
		require.Len(t, warn, 1)
		require.Contains(t, warn[0], `msg="actor: tell failed"`)
		require.Empty(t, errs)
	})

	t.Run("a failure nobody handles is an Error: the Stop policy, a restart limit", func(t *testing.T) {
		warn, errs := logsOf(t, func(t *testing.T, logger actor.Option) {
			j := newLineage(t)
			ref := spawn(j.factory(), logger)
			require.NoError(t, ref.Tell(job{fail: true}))
			<-ref.Done()
			ref = spawn(j.factory(), actor.WithPolicy(actor.Restart), actor.WithRestartLimit(0, time.Second), logger)
			require.NoError(t, ref.Tell(job{fail: true}))
			<-ref.Done()
		})
		require.Empty(t, warn)
		require.Len(t, errs, 2)
		require.Contains(t, errs[0], `msg="actor: tell failed"`)
		require.Contains(t, errs[1], `msg="actor: tell failed"`)
		require.Contains(t, errs[1], "restart limit reached")
	})
}
