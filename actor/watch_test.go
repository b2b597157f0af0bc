package actor_test

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/actortest"
)

// note is what an observer is told.
type note struct {
	what string
	err  error
}

// observer is a probe that records the notes it receives.
type observer = actortest.Probe[note]

// observe starts an observer, in a registry of the test's; opts come last.
func observe(t *testing.T, opts ...actor.Option) *observer {
	t.Helper()
	base := []actor.Option{actor.WithRegistry(actortest.NewRegistry(t)), actor.WithLogger(discard), actor.WithName("observer")}
	return actortest.NewProbe[note](t, append(base, opts...)...)
}

// watch makes o watch target, on o's goroutine, and returns the cancel func.
func watch(t testing.TB, o *observer, target actor.Watchable, what string) func() {
	t.Helper()
	cancel, err := actor.CallContext(o.Ref(), func(ctx *actor.Context, _ *observer) (func(), error) {
		return actor.Watch(ctx, target, func(err error) note { return note{what, err} }), nil
	}).Get(context.Background())
	require.NoError(t, err)
	return cancel
}

// door is a Watchable that is not a ref.
type door struct {
	closed chan struct{}
	err    error
}

func (d *door) Done() <-chan struct{} { return d.closed }
func (d *door) Err() error            { return d.err }

func TestWatch(t *testing.T) {
	t.Run("the watcher gets its own message exactly once when the target stops", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			o := observe(t)
			target := start(&script{})
			watch(t, o, target, "gone")
			stop(t, target)
			synctest.Wait()
			require.NoError(t, target.Stop(context.Background()))
			o.ExpectNext(time.Second, note{"gone", nil})
			o.ExpectNone(time.Hour)
			stop(t, o.Ref())
		})
	})

	t.Run("the message carries the target's failure, which any goroutine can also read from Err after Done", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			o := observe(t)
			target := start(&script{receive: func(*actor.Context, msg) error { return errBoom }})
			watch(t, o, target, "failed")
			require.NoError(t, target.Tell(msg{}))
			<-target.Done()
			require.ErrorIs(t, target.Err(), errBoom)
			ns := o.Next(time.Second, 1)
			require.ErrorIs(t, ns[0].err, errBoom)
			o.ExpectNone(time.Hour)
			stop(t, o.Ref())
		})
	})

	t.Run("watching a stopped actor delivers at once", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			o := observe(t)
			target := start(&script{})
			stop(t, target)
			watch(t, o, target, "already gone")
			o.ExpectNext(time.Second, note{"already gone", nil})
			stop(t, o.Ref())
		})
	})

	t.Run("each watch delivers once, and a cancelled one never", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			o := observe(t)
			target := start(&script{})
			watch(t, o, target, "first")
			cancel := watch(t, o, target, "cancelled")
			watch(t, o, target, "second")
			cancel()
			cancel()
			stop(t, target)
			require.ElementsMatch(t, []note{{"first", nil}, {"second", nil}}, o.Next(time.Second, 2))
			o.ExpectNone(time.Hour)
			stop(t, o.Ref())
		})
	})

	t.Run("a watcher that stops first is told nothing, and nothing becomes a dead letter", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			letters := 0
			o := observe(t, actor.WithDeadLetters(func(actor.DeadLetter) { letters++ }))
			target := start(&script{})
			watch(t, o, target, "too late")
			watch(t, o, &door{closed: make(chan struct{})}, "never")
			stop(t, o.Ref())
			stop(t, target)
			synctest.Wait()
			require.Zero(t, letters)
			o.ExpectNone(0)
		})
	})

	t.Run("any Watchable can be watched; its goroutine ends with the watch", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			o := observe(t)
			d := &door{closed: make(chan struct{}), err: errBoom}
			watch(t, o, d, "door")
			watch(t, o, &door{closed: make(chan struct{})}, "never closes")
			close(d.closed)
			o.ExpectNext(time.Second, note{"door", errBoom})
			o.ExpectNone(time.Hour)
			stop(t, o.Ref()) // the bubble fails if the second watch's goroutine is left
		})
	})

	t.Run("a registry entry is Watchable", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			reg := actortest.NewRegistry(t)
			o := observe(t, actor.WithRegistry(reg))
			target := start(&script{}, actor.WithRegistry(reg), actor.WithName("target"))
			w, ok := reg.ByName("target")[0].(actor.Watchable)
			require.True(t, ok)
			watch(t, o, w, "entry")
			stop(t, target)
			o.ExpectNext(time.Second, note{"entry", nil})
			stop(t, o.Ref())
		})
	})

	t.Run("a notice func that panics is logged and delivers nothing", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			logger, logs := bufferLogger()
			o := observe(t, actor.WithLogger(logger))
			target := start(&script{})
			_, err := actor.CallContext(o.Ref(), func(ctx *actor.Context, _ *observer) (int, error) {
				actor.Watch(ctx, target, func(error) note { panic("no note") })
				return 0, nil
			}).Get(context.Background())
			require.NoError(t, err)
			stop(t, target)
			o.ExpectNone(time.Hour)
			require.Contains(t, logs.String(), `msg="actor: watch notice panicked"`)
			stop(t, o.Ref())
		})
	})

	t.Run("misuse panics precisely", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			o := observe(t)
			target := start(&script{})
			for _, tc := range []struct {
				want string
				fn   func(*actor.Context)
			}{
				{"actor: Watch: observer takes messages of type actor_test.note; string is not assignable to it (Ref.Watch checks this at compile time)",
					func(ctx *actor.Context) { actor.Watch(ctx, target, func(error) string { return "" }) }},
				{"actor: Watch with a nil target", func(ctx *actor.Context) {
					actor.Watch(ctx, nil, func(error) note { return note{} })
				}},
				{"actor: Watch with a nil target", func(ctx *actor.Context) {
					actor.Watch(ctx, (*actor.Ref[*script, msg])(nil), func(error) note { return note{} })
				}},
				{"actor: Watch with a nil notice func", func(ctx *actor.Context) { actor.Watch[note](ctx, target, nil) }},
			} {
				got, err := actor.CallContext(o.Ref(), func(ctx *actor.Context, _ *observer) (any, error) {
					return panicValue(func() { tc.fn(ctx) }), nil
				}).Get(context.Background())
				require.NoError(t, err)
				require.Equal(t, tc.want, got)
			}
			require.PanicsWithValue(t, "actor: Watch with a nil *Context", func() {
				actor.Watch(nil, target, func(error) note { return note{} })
			})
			stop(t, target)
			stop(t, o.Ref())
		})
	})
}

// panicValue runs fn and returns what it panicked with, or nil.
func panicValue(fn func()) (v any) {
	defer func() { v = recover() }()
	fn()
	return nil
}
