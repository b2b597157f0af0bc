package actor_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/future"
)

// recorder records the n of every message and the value of every
// continuation it runs; a message with n < 0 first arranges a continuation
// on await.
type recorder struct {
	await *future.Future[int]
	seen  []int
}

func (r *recorder) Receive(ctx *actor.Context, m msg) error {
	defer func() { r.seen = append(r.seen, m.n) }()
	if m.n >= 0 {
		return nil
	}
	actor.ReenterAfter(ctx, r.await, func(_ *actor.Context, r *recorder, v int, err error) error {
		r.seen = append(r.seen, v)
		return err
	})
	return nil
}

func (r *recorder) Seen() ([]int, error) { return r.seen, nil }

func TestReenterAfter(t *testing.T) {
	t.Run("the continuation runs on the actor, in turn: after what was queued before the future completed", func(t *testing.T) {
		p := future.NewPromise[int]()
		r := start(&recorder{await: p.Future()})
		defer stop(t, r)
		require.NoError(t, r.Tell(msg{n: -1}))
		require.NoError(t, r.Tell(msg{n: 1}))
		require.NoError(t, r.Tell(msg{n: 2}))
		// The actor is free meanwhile: it answers while the future is pending.
		seen, err := actor.Call(r, (*recorder).Seen).Get(context.Background())
		require.NoError(t, err)
		require.Equal(t, []int{-1, 1, 2}, seen)
		p.Resolve(100)
		require.NoError(t, r.Tell(msg{n: 3}))
		seen, err = actor.Call(r, (*recorder).Seen).Get(context.Background())
		require.NoError(t, err)
		require.Equal(t, []int{-1, 1, 2, 100, 3}, seen)
	})

	t.Run("a completed future's continuation is queued, not run inside the handler", func(t *testing.T) {
		r := start(&recorder{await: future.Resolved(7)})
		defer stop(t, r)
		require.NoError(t, r.Tell(msg{n: -1}))
		// The continuation is queued while -1 is handled: behind this Call
		// or before it, but before the next.
		_, err := actor.Call(r, (*recorder).Seen).Get(context.Background())
		require.NoError(t, err)
		seen, err := actor.Call(r, (*recorder).Seen).Get(context.Background())
		require.NoError(t, err)
		require.Equal(t, []int{-1, 7}, seen)
	})

	t.Run("a continuation's error or panic is the actor's failure, for its policy", func(t *testing.T) {
		for name, f := range failures(stressPanicValue) {
			t.Run(name, func(t *testing.T) {
				r := start(&recorder{})
				receive := f.receive
				actor.ReenterAfter(mustContext(t, r), future.Resolved(0), func(ctx *actor.Context, _ *recorder, _ int, _ error) error {
					return receive(ctx, msg{})
				})
				<-r.Done()
				f.check(t, r.Err())
			})
		}
	})

	t.Run("a continuation on a state of another type is refused at once", func(t *testing.T) {
		r := start(&recorder{})
		defer stop(t, r)
		require.PanicsWithValue(t, "actor: ReenterAfter: recorder's state is not *actor_test.script", func() {
			actor.ReenterAfter(mustContext(t, r), future.Resolved(0), func(*actor.Context, *script, int, error) error { return nil })
		})
	})
}

// mustContext returns r's Context, which stays valid after its handler.
func mustContext[S actor.Receiver[M], M any](t *testing.T, r *actor.Ref[S, M]) *actor.Context {
	t.Helper()
	ctx, err := actor.CallContext(r, func(ctx *actor.Context, _ S) (*actor.Context, error) { return ctx, nil }).Get(context.Background())
	require.NoError(t, err)
	return ctx
}
