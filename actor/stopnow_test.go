package actor_test

import (
	"context"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/registry"
)

// letters collects dead letters.
type letters struct {
	mu  sync.Mutex
	got []actor.DeadLetter
}

func (l *letters) add(d actor.DeadLetter) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.got = append(l.got, d)
}

func (l *letters) messages() []any {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []any
	for _, d := range l.got {
		out = append(out, d.Message)
	}
	return out
}

// untilDone is a script whose handler, for n == 0, waits until its
// Context is done and reports why.
func untilDone(causes chan<- error) *script {
	return &script{receive: func(ctx *actor.Context, m msg) error {
		if m.n == 0 {
			<-ctx.Done()
			causes <- context.Cause(ctx)
		}
		if m.reply != nil {
			m.reply.Resolve(m.n)
		}
		return nil
	}}
}

func TestStopNow(t *testing.T) {
	t.Run("cancels the running handler, and what is queued goes to dead letters or fails, counted in the error", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			causes := make(chan error, 1)
			var dead letters
			r := start(untilDone(causes), actor.WithDeadLetters(dead.add))
			require.NoError(t, r.Tell(msg{n: 0}))
			synctest.Wait() // the handler waits on its Context
			require.NoError(t, r.Tell(msg{n: 1}))
			asked := actor.AskAsync(r, askN(2))
			require.NoError(t, r.Tell(msg{n: 3}))

			err := r.StopNow(context.Background())
			require.ErrorIs(t, err, actor.ErrStoppedNow)
			require.ErrorIs(t, err, actor.ErrStopped)
			require.Contains(t, err.Error(), "3 queued messages")
			require.ErrorIs(t, <-causes, actor.ErrStoppedNow)
			_, aerr := asked.Get(context.Background())
			require.ErrorIs(t, aerr, actor.ErrStoppedNow)
			require.Equal(t, []any{msg{n: 1}, msg{n: 3}}, dead.messages())
			requireClosed(t, r.Done())
			require.ErrorIs(t, r.Tell(msg{}), actor.ErrStopped)
		})
	})

	t.Run("cancels a handler serving an Ask whose ctx has not ended", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			causes := make(chan error, 1)
			r := start(untilDone(causes))
			ctx, cancel := context.WithTimeout(context.Background(), time.Hour)
			defer cancel()
			asked := make(chan error, 1)
			go func() {
				_, err := actor.Ask(ctx, r, askN(0))
				asked <- err
			}()
			synctest.Wait()
			require.NoError(t, r.StopNow(context.Background()), "nothing was queued")
			require.ErrorIs(t, <-causes, actor.ErrStoppedNow)
			require.NoError(t, <-asked, "the handler answered once cancelled")
		})
	})

	t.Run("whenever it comes, a handler waiting on its Context is ended", func(t *testing.T) {
		for range 300 {
			causes := make(chan error, 1)
			r := start(untilDone(causes))
			require.NoError(t, r.Tell(msg{n: 0}))
			err := r.StopNow(context.Background())
			select {
			case cause := <-causes:
				require.ErrorIs(t, cause, actor.ErrStoppedNow)
				require.NoError(t, err)
			default: // StopNow came first: the message was dropped, not handled
				require.ErrorIs(t, err, actor.ErrStoppedNow)
				require.Contains(t, err.Error(), "1 queued messages")
			}
		}
	})

	t.Run("during a restart's backoff it ends the delay and drops the queue, counted", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			var dead letters
			r := actor.Spawn(func() *script {
				return &script{receive: func(_ *actor.Context, m msg) error {
					if m.n == 0 {
						return errBoom
					}
					return nil
				}}
			}, actor.WithRegistry(registry.New()), actor.WithLogger(discard), actor.WithDeadLetters(dead.add),
				actor.WithPolicy(actor.Restart), actor.WithBackoff(actor.Backoff{Min: time.Hour, Max: time.Hour}))
			require.NoError(t, r.Tell(msg{n: 0}))
			synctest.Wait() // failed, parked for an hour
			require.NoError(t, r.Tell(msg{n: 1}))
			require.NoError(t, r.Tell(msg{n: 2}))
			err := r.StopNow(context.Background())
			require.ErrorIs(t, err, actor.ErrStoppedNow)
			require.Contains(t, err.Error(), "2 queued messages")
			require.Equal(t, []any{msg{n: 1}, msg{n: 2}}, dead.messages())
			requireClosed(t, r.Done())
		})
	})

	t.Run("on an idle actor it stops it with nothing lost; on a stopped one it returns nil", func(t *testing.T) {
		stopped := false
		r := start(&hooked{stop: func(*actor.Context) { stopped = true }})
		require.NoError(t, r.StopNow(context.Background()))
		require.True(t, stopped, "OnStop ran")
		require.NoError(t, r.StopNow(context.Background()))
		require.NoError(t, r.Err())
	})
}
