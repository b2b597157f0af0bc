package actor_test

import (
	"context"
	"slices"
	"testing"
	"testing/synctest"

	"github.com/stretchr/testify/require"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/registry"
)

// note is what an observer is told.
type note struct {
	what string
	err  error
}

// observer records the notes it receives.
type observer struct{ notes []note }

func (o *observer) Receive(_ *actor.Context, n note) error {
	o.notes = append(o.notes, n)
	return nil
}

func notesOf(t testing.TB, o *actor.Ref[*observer, note]) []note {
	t.Helper()
	ns, err := actor.Call(o, func(o *observer) ([]note, error) { return slices.Clone(o.notes), nil }).Get(context.Background())
	require.NoError(t, err)
	return ns
}

// watch makes o watch target, on o's goroutine, and returns the cancel func.
func watch(t testing.TB, o *actor.Ref[*observer, note], target actor.Watchable, what string) func() {
	t.Helper()
	cancel, err := actor.CallContext(o, func(ctx *actor.Context, _ *observer) (func(), error) {
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
			o := start(&observer{})
			target := start(&script{})
			watch(t, o, target, "gone")
			stop(t, target)
			synctest.Wait()
			require.NoError(t, target.Stop(context.Background()))
			synctest.Wait()
			require.Equal(t, []note{{"gone", nil}}, notesOf(t, o))
			stop(t, o)
		})
	})

	t.Run("the message carries the target's failure, which any goroutine can also read from Err after Done", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			o := start(&observer{})
			target := start(&script{receive: func(*actor.Context, msg) error { return errBoom }})
			watch(t, o, target, "failed")
			require.NoError(t, target.Tell(msg{}))
			<-target.Done()
			require.ErrorIs(t, target.Err(), errBoom)
			synctest.Wait()
			ns := notesOf(t, o)
			require.Len(t, ns, 1)
			require.ErrorIs(t, ns[0].err, errBoom)
			stop(t, o)
		})
	})

	t.Run("watching a stopped actor delivers at once", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			o := start(&observer{})
			target := start(&script{})
			stop(t, target)
			watch(t, o, target, "already gone")
			require.Equal(t, []note{{"already gone", nil}}, notesOf(t, o))
			stop(t, o)
		})
	})

	t.Run("each watch delivers once, and a cancelled one never", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			o := start(&observer{})
			target := start(&script{})
			watch(t, o, target, "first")
			cancel := watch(t, o, target, "cancelled")
			watch(t, o, target, "second")
			cancel()
			cancel()
			stop(t, target)
			synctest.Wait()
			ns := notesOf(t, o)
			require.ElementsMatch(t, []note{{"first", nil}, {"second", nil}}, ns)
			stop(t, o)
		})
	})

	t.Run("a watcher that stops first is told nothing, and nothing becomes a dead letter", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			letters := 0
			o := start(&observer{}, actor.WithDeadLetters(func(actor.DeadLetter) { letters++ }))
			target := start(&script{})
			watch(t, o, target, "too late")
			watch(t, o, &door{closed: make(chan struct{})}, "never")
			stop(t, o)
			stop(t, target)
			synctest.Wait()
			require.Zero(t, letters)
		})
	})

	t.Run("any Watchable can be watched; its goroutine ends with the watch", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			o := start(&observer{})
			d := &door{closed: make(chan struct{}), err: errBoom}
			watch(t, o, d, "door")
			watch(t, o, &door{closed: make(chan struct{})}, "never closes")
			close(d.closed)
			synctest.Wait()
			require.Equal(t, []note{{"door", errBoom}}, notesOf(t, o))
			stop(t, o) // the bubble fails if the second watch's goroutine is left
		})
	})

	t.Run("a registry entry is Watchable", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			reg := registry.New()
			o := start(&observer{}, actor.WithRegistry(reg))
			target := start(&script{}, actor.WithRegistry(reg), actor.WithName("target"))
			w, ok := reg.ByName("target")[0].(actor.Watchable)
			require.True(t, ok)
			watch(t, o, w, "entry")
			stop(t, target)
			synctest.Wait()
			require.Equal(t, []note{{"entry", nil}}, notesOf(t, o))
			stop(t, o)
		})
	})

	t.Run("a notice func that panics is logged and delivers nothing", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			logger, logs := bufferLogger()
			o := start(&observer{}, actor.WithLogger(logger))
			target := start(&script{})
			_, err := actor.CallContext(o, func(ctx *actor.Context, _ *observer) (int, error) {
				actor.Watch(ctx, target, func(error) note { panic("no note") })
				return 0, nil
			}).Get(context.Background())
			require.NoError(t, err)
			stop(t, target)
			synctest.Wait()
			require.Empty(t, notesOf(t, o))
			require.Contains(t, logs.String(), `msg="actor: watch notice panicked"`)
			stop(t, o)
		})
	})

	t.Run("misuse panics precisely", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			o := start(&observer{})
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
				got, err := actor.CallContext(o, func(ctx *actor.Context, _ *observer) (any, error) {
					return panicValue(func() { tc.fn(ctx) }), nil
				}).Get(context.Background())
				require.NoError(t, err)
				require.Equal(t, tc.want, got)
			}
			require.PanicsWithValue(t, "actor: Watch with a nil *Context", func() {
				actor.Watch(nil, target, func(error) note { return note{} })
			})
			stop(t, target)
			stop(t, o)
		})
	})
}

// obsGen is an observer that fails on the note "fail".
type obsGen struct{ observer }

func (o *obsGen) Receive(ctx *actor.Context, n note) error {
	if n.what == "fail" {
		return errBoom
	}
	return o.observer.Receive(ctx, n)
}

// panicValue runs fn and returns what it panicked with, or nil.
func panicValue(fn func()) (v any) {
	defer func() { v = recover() }()
	fn()
	return nil
}
