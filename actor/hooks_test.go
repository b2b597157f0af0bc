package actor_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"

	"github.com/stretchr/testify/require"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/registry"
)

// events records what happened to an actor, in order; it is written by the
// actor and read once the actor has stopped.
type events []string

func (e *events) add(s string) { *e = append(*e, s) }

// recordingActor is a hooked actor that logs each hook and message to ev.
func recordingActor(ev *events, receive func(*actor.Context, msg) error) *hooked {
	return &hooked{
		script: script{receive: func(ctx *actor.Context, m msg) error {
			ev.add("receive")
			if receive != nil {
				return receive(ctx, m)
			}
			return nil
		}},
		start:   func(*actor.Context) error { ev.add("OnStart"); return nil },
		stop:    func(*actor.Context) { ev.add("OnStop") },
		failure: func(_ *actor.Context, err error) { ev.add("OnFailure: " + err.Error()) },
	}
}

func TestOnStart(t *testing.T) {
	t.Run("runs before the first message and after registration", func(t *testing.T) {
		for range 50 {
			reg := registry.New()
			var ev events
			var registered bool
			h := recordingActor(&ev, nil)
			h.start = func(ctx *actor.Context) error {
				_, registered = reg.ByURN(ctx.URN())
				ev.add("OnStart")
				return nil
			}
			ref := start(h, actor.WithRegistry(reg))
			require.NoError(t, ref.Tell(msg{}))
			stop(t, ref)
			require.True(t, registered, "OnStart ran before the actor was registered")
			require.Equal(t, events{"OnStart", "receive", "OnStop"}, ev)
		}
	})

	t.Run("runs before a message sent by someone who found the actor in the registry as it started", func(t *testing.T) {
		checkGoroutines(t)
		reg := registry.New()
		var early atomic.Int32
		quit := make(chan struct{})
		var wg sync.WaitGroup
		wg.Go(func() { // tells every actor it finds, as fast as it can
			for {
				select {
				case <-quit:
					return
				default:
					_ = registry.Broadcast(reg, msg{})
				}
			}
		})
		for range 200 {
			var started bool
			ref := start(&hooked{
				start: func(*actor.Context) error { started = true; return nil },
				script: script{receive: func(*actor.Context, msg) error {
					if !started {
						early.Add(1)
					}
					return nil
				}},
			}, actor.WithRegistry(reg))
			_, err := actor.Call(ref, func(*hooked) (int, error) { return 0, nil }).Get(context.Background())
			require.NoError(t, err)
			require.NoError(t, ref.Stop(context.Background()))
		}
		close(quit)
		wg.Wait()
		require.Zero(t, early.Load(), "a message was handled before OnStart")
	})

	t.Run("may tell its own actor, which handles the message after OnStart", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			var ev events
			h := recordingActor(&ev, nil)
			var tellErr error
			h.start = func(ctx *actor.Context) error {
				tellErr = actor.Self[*hooked, msg](ctx).Tell(msg{n: 1})
				ev.add("OnStart")
				return nil
			}
			ref := start(h)
			synctest.Wait()
			stop(t, ref)
			require.NoError(t, tellErr)
			require.Equal(t, events{"OnStart", "receive", "OnStop"}, ev)
		})
	})

	t.Run("may stop its own actor, which then runs OnStop once and stops cleanly", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			var ev events
			h := recordingActor(&ev, nil)
			var stopErr error
			h.start = func(ctx *actor.Context) error {
				stopErr = actor.Self[*hooked, msg](ctx).Stop(ctx)
				ev.add("OnStart")
				return nil
			}
			ref := start(h)
			<-ref.Done()
			require.NoError(t, stopErr)
			require.NoError(t, ref.Err())
			require.Equal(t, events{"OnStart", "OnStop"}, ev)
		})
	})

	for name, fail := range map[string]struct {
		start func(*actor.Context) error
		check func(t *testing.T, err error)
	}{
		"an error": {
			func(*actor.Context) error { return errStart },
			func(t *testing.T, err error) { require.ErrorIs(t, err, errStart) },
		},
		"a panic": {
			func(*actor.Context) error { panic("start boom") },
			func(t *testing.T, err error) { requirePanic(t, err, "start boom") },
		},
	} {
		t.Run("failing with "+name+" stops the actor, runs OnFailure, fails queued requests, and skips OnStop", func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				release := make(chan struct{})
				reg := registry.New()
				var ev events
				var letters []actor.DeadLetter
				h := recordingActor(&ev, nil)
				h.start = func(ctx *actor.Context) error { <-release; return fail.start(ctx) }
				var failure error
				h.failure = func(_ *actor.Context, err error) { failure = err; ev.add("OnFailure") }
				ref := start(h, actor.WithRegistry(reg),
					actor.WithDeadLetters(func(d actor.DeadLetter) { letters = append(letters, d) }))

				require.NoError(t, ref.Tell(msg{n: 1}))
				ask := actor.AskAsync(ref, askN(2))
				call := actor.Call(ref, func(*hooked) (int, error) { return 3, nil })
				callCtx := actor.CallContext(ref, func(*actor.Context, *hooked) (int, error) { return 4, nil })
				close(release)
				<-ref.Done()

				fail.check(t, ref.Err())
				fail.check(t, failure)
				require.Equal(t, events{"OnFailure"}, ev, "messages ran or OnStop ran after a failed OnStart")
				for _, f := range []interface{ Peek() (int, error) }{ask, call, callCtx} {
					_, err := f.Peek()
					require.ErrorIs(t, err, actor.ErrStopped)
				}
				require.Len(t, letters, 1)
				require.Equal(t, msg{n: 1}, letters[0].Message)
				fail.check(t, letters[0].Reason)
				require.Zero(t, reg.Len())
				require.ErrorIs(t, ref.Tell(msg{}), actor.ErrStopped)
				err := ref.Stop(context.Background())
				require.ErrorIs(t, err, actor.ErrDeadLetters, "Stop did not say the Tell was lost")
				fail.check(t, err)
			})
		})
	}
}

func TestOnStop(t *testing.T) {
	for name, end := range map[string]func(t *testing.T, ref *actor.Ref[*hooked, msg]){
		"a clean Stop": func(t *testing.T, ref *actor.Ref[*hooked, msg]) {
			require.NoError(t, ref.Stop(context.Background()))
		},
		"two concurrent Stops then a third": func(t *testing.T, ref *actor.Ref[*hooked, msg]) {
			errs := make(chan error, 2)
			for range 2 {
				go func() { errs <- ref.Stop(context.Background()) }()
			}
			require.NoError(t, <-errs)
			require.NoError(t, <-errs)
			require.NoError(t, ref.Stop(context.Background()))
		},
		"a Tell whose handler fails": func(t *testing.T, ref *actor.Ref[*hooked, msg]) {
			require.NoError(t, ref.Tell(msg{n: -1}))
			<-ref.Done()
			require.NoError(t, ref.Stop(context.Background()))
		},
		"a Tell whose handler panics": func(t *testing.T, ref *actor.Ref[*hooked, msg]) {
			require.NoError(t, ref.Tell(msg{n: -2}))
			<-ref.Done()
		},
		"a stop requested by the handler, then a Stop": func(t *testing.T, ref *actor.Ref[*hooked, msg]) {
			require.NoError(t, ref.Tell(msg{n: -3}))
			require.NoError(t, ref.Stop(context.Background()))
		},
		"a failing Tell racing a Stop": func(t *testing.T, ref *actor.Ref[*hooked, msg]) {
			require.NoError(t, ref.Tell(msg{n: -1}))
			require.NoError(t, ref.Stop(context.Background()))
		},
	} {
		t.Run("runs exactly once after "+name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				var stops atomic.Int32
				ref := start(&hooked{
					script: script{receive: func(ctx *actor.Context, m msg) error {
						switch m.n {
						case -1:
							return errBoom
						case -2:
							panic("tell boom")
						case -3:
							ctx.Stop()
						}
						return nil
					}},
					stop: func(*actor.Context) { stops.Add(1) },
				})
				require.NoError(t, ref.Tell(msg{}))
				end(t, ref)
				requireClosed(t, ref.Done())
				require.Equal(t, int32(1), stops.Load())
			})
		})
	}

	t.Run("sees a live Context, so it can still wait on other actors", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			other := start(&script{})
			var got int
			var err error
			ref := start(&hooked{stop: func(ctx *actor.Context) {
				got, err = actor.Ask(ctx, other, askN(5))
			}})
			stop(t, ref)
			require.NoError(t, err)
			require.Equal(t, 5, got)
			stop(t, other)
		})
	})
}

func TestFailure(t *testing.T) {
	for name, tc := range failures("tell boom") {
		t.Run("a Tell failing with "+name+" runs OnFailure, then OnStop, and stops the actor with Err holding it", func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				var ev events
				var failure error
				h := recordingActor(&ev, tc.receive)
				h.failure = func(_ *actor.Context, err error) { failure = err; ev.add("OnFailure") }
				logger, logs := bufferLogger()
				ref := start(h, actor.WithLogger(logger))
				require.NoError(t, ref.Tell(msg{}))
				<-ref.Done()
				tc.check(t, ref.Err())
				tc.check(t, failure)
				require.Equal(t, events{"OnStart", "receive", "OnFailure", "OnStop"}, ev)
				require.False(t, ref.IsAlive())
				require.ErrorIs(t, ref.Tell(msg{}), actor.ErrStopped)
				require.Contains(t, logs.String(), `level=ERROR msg="actor: tell failed"`,
					"a failure no caller sees is logged at Error")
			})
		})
	}

	t.Run("every request queued behind a failing Tell fails with ErrStopped", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			release := make(chan struct{})
			ref := start(&script{receive: func(_ *actor.Context, m msg) error {
				if m.n == 0 {
					<-release
					return errBoom
				}
				if m.reply != nil {
					m.reply.Resolve(m.n)
				}
				return nil
			}})
			require.NoError(t, ref.Tell(msg{n: 0}))
			blocking := make(chan error, 1)
			go func() {
				_, err := actor.Ask(t.Context(), ref, askN(1))
				blocking <- err
			}()
			synctest.Wait()
			ask := actor.AskAsync(ref, askN(2))
			call := actor.Call(ref, func(*script) (int, error) { return 3, nil })
			callCtx := actor.CallContext(ref, func(*actor.Context, *script) (int, error) { return 4, nil })
			close(release)
			<-ref.Done()
			for _, f := range []interface{ Peek() (int, error) }{ask, call, callCtx} {
				_, err := f.Peek()
				require.ErrorIs(t, err, actor.ErrStopped)
			}
			require.ErrorIs(t, <-blocking, actor.ErrStopped)
			require.ErrorIs(t, ref.Err(), errBoom)
		})
	})
}

func TestHookPanics(t *testing.T) {
	t.Run("a panic in OnStop is joined into Err, logged, and Stop still returns nil", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			logger, logs := bufferLogger()
			ref := start(&hooked{stop: func(*actor.Context) { panic("stop boom") }}, actor.WithLogger(logger))
			require.NoError(t, ref.Stop(context.Background()))
			requireClosed(t, ref.Done())
			requirePanic(t, ref.Err(), "stop boom")
			require.Contains(t, ref.Err().Error(), "OnStop")
			require.Contains(t, logs.String(), `level=ERROR msg="actor: hook panicked"`)
		})
	})

	t.Run("a panic in OnFailure is joined into Err with the cause, and OnStop still runs", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			stopped := false
			ref := start(&hooked{
				script:  script{receive: func(*actor.Context, msg) error { return errBoom }},
				failure: func(*actor.Context, error) { panic("failure boom") },
				stop:    func(*actor.Context) { stopped = true },
			})
			require.NoError(t, ref.Tell(msg{}))
			<-ref.Done()
			require.ErrorIs(t, ref.Err(), errBoom)
			requirePanic(t, ref.Err(), "failure boom")
			require.True(t, stopped)
		})
	})

	t.Run("panics in OnFailure and OnStop are both kept", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			ref := start(&hooked{
				script:  script{receive: func(*actor.Context, msg) error { panic(errBoom) }},
				failure: func(*actor.Context, error) { panic("failure boom") },
				stop:    func(*actor.Context) { panic("stop boom") },
			})
			require.NoError(t, ref.Tell(msg{}))
			<-ref.Done()
			err := ref.Err()
			require.ErrorIs(t, err, errBoom, "a panic(err) in the handler matches err")
			var values []any
			for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
				var pe *actor.PanicError
				if errors.As(e, &pe) {
					values = append(values, pe.Value)
				}
			}
			require.Equal(t, []any{errBoom, "failure boom", "stop boom"}, values)
		})
	})
}
