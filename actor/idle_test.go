package actor_test

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/troupe-go/troupe/actor"
)

// room counts its messages, and, if it has an OnIdle, the times it was
// called, counted from t0.
type room struct {
	msgs int
}

func (r *room) Receive(_ *actor.Context, n int) error { r.msgs += n; return nil }

// lobby is a room with an OnIdle hook that records when it runs and stops
// the actor on its third call.
type lobby struct {
	room
	t0    time.Time
	idles []time.Duration
}

func (l *lobby) OnIdle(ctx *actor.Context) {
	l.idles = append(l.idles, time.Since(l.t0))
	if len(l.idles) == 3 {
		ctx.Stop()
	}
}

func alive(r interface{ Done() <-chan struct{} }) bool {
	select {
	case <-r.Done():
		return false
	default:
		return true
	}
}

func TestWithIdle(t *testing.T) {
	t.Run("stops the actor after d without messages, counted from the last one", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			r := start(&room{}, actor.WithIdle(time.Minute))
			time.Sleep(30 * time.Second)
			require.NoError(t, r.Tell(1))
			time.Sleep(40 * time.Second) // 70 s from Start, 40 s from the message
			_, err := actor.Call(r, func(r *room) (int, error) { return r.msgs, nil }).Get(context.Background())
			require.NoError(t, err) // a Call is activity too: now 60 s from here
			time.Sleep(59 * time.Second)
			synctest.Wait()
			require.True(t, alive(r), "idle for 59 s")
			time.Sleep(2 * time.Second)
			synctest.Wait()
			require.False(t, alive(r), "idle for 61 s")
			require.NoError(t, r.Err(), "passivation is a clean stop")
			require.ErrorIs(t, r.Tell(1), actor.ErrStopped)
		})
	})

	t.Run("counts from Start for an actor that never gets a message", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			r := start(&room{}, actor.WithIdle(time.Minute))
			time.Sleep(time.Minute - time.Second)
			synctest.Wait()
			require.True(t, alive(r))
			time.Sleep(2 * time.Second)
			synctest.Wait()
			require.False(t, alive(r))
		})
	})

	t.Run("runs OnIdle instead, again after each further d without messages", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			l := &lobby{t0: time.Now()}
			r := start(l, actor.WithIdle(time.Minute))
			time.Sleep(90 * time.Second)
			require.NoError(t, r.Tell(1)) // at 90 s: the next OnIdle is due at 150 s
			<-r.Done()                    // OnIdle stops it on its third call
			require.Equal(t, []time.Duration{time.Minute, 150 * time.Second, 210 * time.Second}, l.idles)
			require.Equal(t, 1, l.msgs)
		})
	})

	t.Run("a busy actor is not retired, however long it works", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			r := start(&room{}, actor.WithIdle(time.Minute))
			working := actor.Call(r, func(*room) (struct{}, error) { time.Sleep(5 * time.Minute); return struct{}{}, nil })
			_, err := working.Get(context.Background())
			require.NoError(t, err)
			synctest.Wait()
			require.True(t, alive(r), "idle for no time yet")
			time.Sleep(61 * time.Second)
			synctest.Wait()
			require.False(t, alive(r))
		})
	})

	t.Run("a retired entity is started afresh by GetOrStart", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			opts := []actor.Option{actor.WithIdle(time.Minute), actor.WithLogger(discard)}
			first, err := actor.GetOrStart("room-golang", func() *room { return &room{} }, opts...)
			require.NoError(t, err)
			<-first.Done()
			second, err := actor.GetOrStart("room-golang", func() *room { return &room{} }, opts...)
			require.NoError(t, err)
			require.NotSame(t, first, second)
			stop(t, second)
		})
	})

	t.Run("panics on a duration that is not positive", func(t *testing.T) {
		require.PanicsWithValue(t, "actor: WithIdle needs a positive duration, got 0s", func() { actor.WithIdle(0) })
	})
}
