package actor_test

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/troupe-go/troupe/actor"
)

// gated is a script that records the n of every message it handles and
// blocks on gate while handling n == blockOn.
func gated(gate <-chan struct{}, blockOn int, handled *[]int) *script {
	return &script{receive: func(_ *actor.Context, m msg) error {
		*handled = append(*handled, m.n)
		if m.n == blockOn {
			<-gate
		}
		if m.reply != nil {
			m.reply.Resolve(m.n)
		}
		return nil
	}}
}

// requireGaveUp requires err to be an Ask's past its deadline, matching
// is, not isNot, and saying says.
func requireGaveUp(t *testing.T, err, is, isNot error, says string) {
	t.Helper()
	require.ErrorIs(t, err, context.DeadlineExceeded)
	require.ErrorIs(t, err, is)
	require.NotErrorIs(t, err, isNot)
	require.Contains(t, err.Error(), says)
}

func TestGivenUpAsk(t *testing.T) {
	t.Run("an Ask whose ctx ends while it is queued is withdrawn: never handled, and the error says not delivered", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			gate := make(chan struct{})
			var handled []int
			r := start(gated(gate, 0, &handled))
			require.NoError(t, r.Tell(msg{n: 0}))
			synctest.Wait() // the actor handles 0 and blocks

			ctx, cancel := context.WithTimeout(context.Background(), time.Second)
			defer cancel()
			_, err := actor.Ask(ctx, r, askN(1))
			requireGaveUp(t, err, actor.ErrNotDelivered, actor.ErrMaybeHandled, "not delivered")

			close(gate)
			got, err := actor.Ask(context.Background(), r, askN(2))
			require.NoError(t, err)
			require.Equal(t, 2, got)
			stop(t, r)
			require.Equal(t, []int{0, 2}, handled, "the withdrawn Ask was skipped")
		})
	})

	t.Run("a CallWait whose ctx ends while it is queued never runs", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			gate := make(chan struct{})
			var handled []int
			r := start(gated(gate, 0, &handled))
			require.NoError(t, r.Tell(msg{n: 0}))
			synctest.Wait()
			ctx, cancel := context.WithTimeout(context.Background(), time.Second)
			defer cancel()
			ran := false
			_, err := actor.CallWait(ctx, r, func(*actor.Context, *script) (int, error) { ran = true; return 1, nil })
			requireGaveUp(t, err, actor.ErrNotDelivered, actor.ErrMaybeHandled, "not delivered")
			close(gate)
			stop(t, r)
			require.False(t, ran)
		})
	})

	t.Run("an Ask whose ctx ends while its handler runs says it may have been handled", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			gate := make(chan struct{})
			var handled []int
			r := start(gated(gate, 1, &handled))
			ctx, cancel := context.WithTimeout(context.Background(), time.Second)
			defer cancel()
			_, err := actor.Ask(ctx, r, askN(1))
			requireGaveUp(t, err, actor.ErrMaybeHandled, actor.ErrNotDelivered, "may have been handled")
			close(gate)
			stop(t, r)
			require.Equal(t, []int{1}, handled)
		})
	})

	t.Run("a Call whose wait is a deadlock is withdrawn with its future failed", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			reg := testRegistry(t)
			p := startPeers(reg, "A", "B")
			gate := make(chan struct{})
			ran := false
			var inner, peek error
			outer := actor.CallContext(p[0], func(ctx *actor.Context, _ *peer) (string, error) {
				return actor.CallContext(p[1], func(ctx *actor.Context, _ *peer) (string, error) {
					<-gate // until A waits on B: B's wait closes the cycle
					back := actor.Call(p[0], func(*peer) (string, error) { ran = true; return "A", nil })
					_, inner = back.Get(ctx)
					_, peek = back.Peek()
					return "", inner
				}).Get(ctx)
			})
			synctest.Wait()
			close(gate)
			_, err := outer.Get(context.Background())
			require.ErrorIs(t, err, actor.ErrDeadlock)
			require.ErrorIs(t, inner, actor.ErrDeadlock)
			require.ErrorIs(t, inner, actor.ErrNotDelivered)
			require.ErrorIs(t, peek, actor.ErrNotDelivered, "the future itself fails")
			requireFutureValue(t, "A", actor.CallContext(p[0], answer))
			require.False(t, ran, "the withdrawn call never ran")
		})
	})
}
