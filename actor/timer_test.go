package actor_test

import (
	"context"
	"slices"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/future"
)

// tick is a timer's message; the clock records when each arrives, counted
// from t0.
type tick string

type clock struct {
	t0    time.Time
	ticks []time.Duration
	hold  chan struct{} // if not nil, the first tick waits for it
}

func (c *clock) Receive(_ *actor.Context, _ tick) error {
	if c.hold != nil {
		<-c.hold
		c.hold = nil
	}
	c.ticks = append(c.ticks, time.Since(c.t0))
	return nil
}

func ticksOf(t testing.TB, r *actor.Ref[*clock, tick]) []time.Duration {
	t.Helper()
	ts, err := actor.Call(r, func(c *clock) ([]time.Duration, error) { return slices.Clone(c.ticks), nil }).Get(context.Background())
	require.NoError(t, err)
	return ts
}

// schedule runs fn on the clock's goroutine and returns its cancel func.
func schedule(t testing.TB, r *actor.Ref[*clock, tick], fn func(*actor.Context) func()) func() {
	t.Helper()
	cancel, err := actor.CallContext(r, func(ctx *actor.Context, _ *clock) (func(), error) { return fn(ctx), nil }).Get(context.Background())
	require.NoError(t, err)
	return cancel
}

func every(d time.Duration) func(*actor.Context) func() {
	return func(ctx *actor.Context) func() { return actor.Every(ctx, d, tick("every")) }
}

func after(d time.Duration) func(*actor.Context) func() {
	return func(ctx *actor.Context) func() { return actor.After(ctx, d, tick("after")) }
}

func TestTimers(t *testing.T) {
	t.Run("After sends the message once, after the delay", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			r := start(&clock{t0: time.Now()})
			schedule(t, r, after(3*time.Second))
			time.Sleep(10 * time.Second)
			require.Equal(t, []time.Duration{3 * time.Second}, ticksOf(t, r))
			stop(t, r)
		})
	})

	t.Run("Every sends the message at each interval until cancelled", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			r := start(&clock{t0: time.Now()})
			cancel := schedule(t, r, every(time.Second))
			time.Sleep(3500 * time.Millisecond)
			cancel()
			cancel()
			time.Sleep(5 * time.Second)
			require.Equal(t, []time.Duration{time.Second, 2 * time.Second, 3 * time.Second}, ticksOf(t, r))
			stop(t, r)
		})
	})

	t.Run("Every's ticks never bunch up after a pause: the interval runs from one delivery to the next", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			const ms = time.Millisecond
			r := start(&clock{t0: time.Now()})
			cancel := schedule(t, r, every(5*ms))
			time.Sleep(12 * ms)
			_, err := actor.Call(r, func(*clock) (int, error) { time.Sleep(200 * ms); return 0, nil }).Get(context.Background())
			require.NoError(t, err) // a busy handler: 40 intervals pass, one tick waits
			time.Sleep(26 * ms)
			cancel()
			require.Equal(t, []time.Duration{5 * ms, 10 * ms, 212 * ms, 217 * ms, 222 * ms, 227 * ms, 232 * ms, 237 * ms}, ticksOf(t, r))
			stop(t, r)
		})
	})

	t.Run("at most one tick of an Every waits in the mailbox", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			hold := make(chan struct{})
			r := start(&clock{t0: time.Now(), hold: hold})
			schedule(t, r, every(time.Second))
			time.Sleep(time.Minute) // the first tick is held; the next one waits
			require.Equal(t, 1, r.Len())
			close(hold)
			synctest.Wait()
			require.Len(t, ticksOf(t, r), 2)
			stop(t, r)
		})
	})

	t.Run("a tick already queued is not delivered once its timer is cancelled", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			hold := make(chan struct{})
			c := &clock{t0: time.Now()}
			r := start(c)
			cancelEvery := schedule(t, r, every(time.Second))
			cancelAfter := schedule(t, r, after(time.Second))
			_, err := actor.Call(r, func(*clock) (int, error) { <-hold; return 0, nil }).Peek()
			require.ErrorIs(t, err, future.ErrPending)
			time.Sleep(2 * time.Second) // both ticks wait behind the held Call
			require.Equal(t, 2, r.Len())
			cancelEvery()
			cancelAfter()
			close(hold)
			require.Empty(t, ticksOf(t, r))
			stop(t, r)
		})
	})

	t.Run("a tick whose handler fails is a failed Tell: OnFailure and the policy see the handler's error", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			logger, logs := bufferLogger()
			var seen error
			r := start(&hooked{
				script:  script{receive: func(*actor.Context, msg) error { return errBoom }},
				failure: func(_ *actor.Context, err error) { seen = err },
			}, actor.WithLogger(logger))
			_, err := actor.CallContext(r, func(ctx *actor.Context, _ *hooked) (int, error) {
				actor.After(ctx, time.Second, msg{})
				return 0, nil
			}).Get(context.Background())
			require.NoError(t, err)
			<-r.Done()
			require.Same(t, errBoom, seen)
			require.EqualError(t, r.Err(), "boom")
			require.Contains(t, logs.String(), `msg="actor: tell failed"`)
		})
	})

	t.Run("a cancelled After never fires", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			r := start(&clock{t0: time.Now()})
			schedule(t, r, after(time.Second))()
			time.Sleep(time.Minute)
			require.Empty(t, ticksOf(t, r))
			stop(t, r)
		})
	})

	t.Run("no timer fires after Stop, and no tick becomes a dead letter", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			letters := 0
			r := start(&clock{t0: time.Now()}, actor.WithDeadLetters(func(actor.DeadLetter) { letters++ }))
			schedule(t, r, every(100*time.Millisecond))
			schedule(t, r, after(time.Second))
			time.Sleep(350 * time.Millisecond)
			ticks := ticksOf(t, r)
			require.Len(t, ticks, 3)
			stop(t, r)
			time.Sleep(time.Minute)
			require.Zero(t, letters)
			// the bubble fails if a timer's goroutine is left
		})
	})

	t.Run("a tick due while the actor is stopping is not delivered", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			hold := make(chan struct{})
			c := &clock{t0: time.Now(), hold: hold}
			r := start(c)
			schedule(t, r, every(100*time.Millisecond))
			time.Sleep(150 * time.Millisecond) // the first tick arrived and is held
			stopped := make(chan error, 1)
			go func() { stopped <- r.Stop(context.Background()) }()
			synctest.Wait()
			time.Sleep(time.Second) // ten ticks come due while the actor is stopping
			close(hold)
			require.NoError(t, <-stopped)
			require.Len(t, c.ticks, 1)
		})
	})

	t.Run("timers die with a restart", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			j := newLineage(t)
			r := spawn(j.factory(), actor.WithPolicy(actor.Restart))
			_, err := actor.CallContext(r, func(ctx *actor.Context, _ *gen) (int, error) {
				actor.After(ctx, time.Second, job{n: 7})
				actor.Every(ctx, time.Second, job{n: 8})
				return 0, nil
			}).Get(context.Background())
			require.NoError(t, err)
			require.NoError(t, r.Tell(job{n: 1, fail: true}))
			time.Sleep(time.Minute)
			require.Equal(t, 1, askCount(t, r, 2), "a timer of the old state reached the new one")
			stop(t, r)
			require.NotContains(t, j.lines(), "1 got 7")
		})
	})

	t.Run("After on a stopping actor does nothing", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			r := start(&clock{t0: time.Now()})
			cancel := schedule(t, r, func(ctx *actor.Context) func() {
				ctx.Stop()
				return actor.After(ctx, time.Second, tick("late"))
			})
			<-r.Done()
			cancel()
			time.Sleep(time.Minute)
		})
	})

	t.Run("a tick is never refused by a full bounded mailbox", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			hold := make(chan struct{})
			c := &clock{t0: time.Now(), hold: hold}
			r := start(c, actor.WithMailbox(1, actor.OverflowFail))
			schedule(t, r, after(time.Second))
			require.NoError(t, r.Tell("first"))
			synctest.Wait()
			require.NoError(t, r.Tell("queued"))
			require.ErrorIs(t, r.Tell("refused"), actor.ErrMailboxFull)
			time.Sleep(2 * time.Second)
			require.Equal(t, 2, r.Len(), "the tick was refused")
			close(hold)
			synctest.Wait()
			require.Len(t, ticksOf(t, r), 3)
			stop(t, r)
		})
	})

	t.Run("misuse panics precisely", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			r := start(&clock{})
			for _, tc := range []struct {
				want string
				fn   func(*actor.Context)
			}{
				{"actor: After: clock takes messages of type actor_test.tick; string is not assignable to it (Ref.After checks this at compile time)",
					func(ctx *actor.Context) { actor.After(ctx, time.Second, "tick") }},
				{"actor: Every: clock takes messages of type actor_test.tick; int is not assignable to it (Ref.Every checks this at compile time)",
					func(ctx *actor.Context) { actor.Every(ctx, time.Second, 1) }},
				{"actor: Every needs a positive interval, got 0s", func(ctx *actor.Context) { actor.Every(ctx, 0, tick("")) }},
			} {
				v, err := actor.CallContext(r, func(ctx *actor.Context, _ *clock) (any, error) {
					return panicValue(func() { tc.fn(ctx) }), nil
				}).Get(context.Background())
				require.NoError(t, err)
				require.Equal(t, tc.want, v)
			}
			require.PanicsWithValue(t, "actor: After with a nil *Context", func() { actor.After(nil, time.Second, tick("")) })
			stop(t, r)
		})
	})
}
