package actor_test

import (
	"context"
	"testing"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/future"
)

// What deadlock detection costs a Get. Each benchmark runs the baseline, a
// plain context.Background, first.

// BenchmarkGetCompleted reads a completed future: with an actor's Context
// the fast path is the same, it never reaches the wait-for graph and
// allocates nothing.
func BenchmarkGetCompleted(b *testing.B) {
	a := startPeers(testRegistry(b), "A")[0]
	actorCtx, err := actor.CallContext(a, func(ctx *actor.Context, _ *peer) (*actor.Context, error) {
		return ctx, nil // a Context stays valid after its handler returns
	}).Get(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	f := future.Resolved(1)
	for _, bc := range []struct {
		name string
		ctx  context.Context
	}{{"Background", context.Background()}, {"ActorContext", actorCtx}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := f.Get(bc.ctx); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkGetBlockingCall is the slow path: a handler calls another actor
// and blocks until it answers. With the handler's Context, Get records the
// wait and walks one edge of the graph. A context that can end (WithCancel)
// is the fair baseline: like the actor's, Get then selects on its Done too.
func BenchmarkGetBlockingCall(b *testing.B) {
	p := startPeers(testRegistry(b), "A", "B")
	cancelable, cancel := context.WithCancel(context.Background())
	defer cancel()
	for _, bc := range []struct {
		name string
		ctx  func(*actor.Context) context.Context
	}{
		{"Background", func(*actor.Context) context.Context { return context.Background() }},
		{"WithCancel", func(*actor.Context) context.Context { return cancelable }},
		{"ActorContext", func(ctx *actor.Context) context.Context { return ctx }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			_, err := actor.CallContext(p[0], func(ctx *actor.Context, _ *peer) (int, error) {
				wait := bc.ctx(ctx)
				b.ResetTimer()
				for range b.N {
					if _, err := actor.CallContext(p[1], answer).Get(wait); err != nil {
						return 0, err
					}
				}
				b.StopTimer()
				return 0, nil
			}).Get(context.Background())
			if err != nil {
				b.Fatal(err)
			}
		})
	}
}
