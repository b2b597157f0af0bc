package actor_test

import (
	"context"
	"testing"
	"testing/synctest"

	"github.com/stretchr/testify/require"

	"github.com/troupe-go/troupe/actor"
)

// startFailing starts an actor that holds message 0 until release is
// closed and then fails with errBoom, with the Tells of ns queued behind it.
func startFailing(t *testing.T, ns []int, opts ...actor.Option) (release chan struct{}, ref *actor.Ref[*held, msg]) {
	t.Helper()
	h := newHeld()
	h.failFirst = true
	ref = start(h, opts...)
	require.NoError(t, ref.Tell(msg{n: 0}))
	for _, n := range ns {
		require.NoError(t, ref.Tell(msg{n: n}))
	}
	return h.release, ref
}

func TestDeadLetters(t *testing.T) {
	t.Run("Tells accepted but never handled because the actor failed first reach WithDeadLetters in order", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			var letters []actor.DeadLetter
			release, ref := startFailing(t, []int{1, 2, 3}, actor.WithName("doomed"),
				actor.WithDeadLetters(func(d actor.DeadLetter) { letters = append(letters, d) }))
			close(release)
			<-ref.Done()
			require.Len(t, letters, 3)
			for i, d := range letters {
				require.Equal(t, "doomed", d.Actor)
				require.Equal(t, ref.URN(), d.URN)
				require.Equal(t, msg{n: i + 1}, d.Message)
				require.ErrorIs(t, d.Reason, errBoom)
			}
		})
	})

	t.Run("by default a dead letter is logged at Warn", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			logger, logs := bufferLogger()
			release, ref := startFailing(t, []int{7}, actor.WithName("doomed"), actor.WithLogger(logger))
			close(release)
			<-ref.Done()
			out := logs.String()
			require.Contains(t, out, `level=WARN msg="actor: dead letter" actor=doomed urn=`+ref.URN())
			require.Contains(t, out, `message="{n:7 reply:<nil>}" reason=boom`)
		})
	})

	t.Run("a clean Stop handles every queued Tell, so there is no dead letter", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			var letters []actor.DeadLetter
			h := newHeld()
			ref := start(h, actor.WithDeadLetters(func(d actor.DeadLetter) { letters = append(letters, d) }))
			for i := range 5 {
				require.NoError(t, ref.Tell(msg{n: i}))
			}
			stopped := make(chan error, 1)
			go func() { stopped <- ref.Stop(context.Background()) }()
			synctest.Wait()
			close(h.release)
			require.NoError(t, <-stopped)
			require.Empty(t, letters)
			require.Equal(t, []int{0, 1, 2, 3, 4}, h.got)
		})
	})

	t.Run("a Tell sent while OnFailure runs is a dead letter if it was accepted", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			failing, resume := make(chan struct{}), make(chan struct{})
			var letters []actor.DeadLetter
			ref := start(&hooked{
				script:  script{receive: func(*actor.Context, msg) error { return errBoom }},
				failure: func(*actor.Context, error) { close(failing); <-resume },
			}, actor.WithDeadLetters(func(d actor.DeadLetter) { letters = append(letters, d) }))
			require.NoError(t, ref.Tell(msg{n: 0}))
			<-failing
			err := ref.Tell(msg{n: 1})
			close(resume)
			<-ref.Done()
			if err == nil {
				require.Len(t, letters, 1)
				require.Equal(t, msg{n: 1}, letters[0].Message)
			} else {
				require.ErrorIs(t, err, actor.ErrStopped)
				require.Empty(t, letters)
			}
		})
	})
}
