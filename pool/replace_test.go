package pool_test

import (
	"context"
	"errors"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/pool"
	"github.com/troupe-go/troupe/registry"
)

func TestWorkerReplacement(t *testing.T) {
	bubble(t, "a worker killed by a failing Tell is replaced when its slot is next used", func(t *testing.T) {
		f := newFixture(3)
		victim := f.workers()[1]
		require.NoError(t, victim.Tell(command{poison: true}))
		<-victim.Done()
		require.ErrorIs(t, victim.Err(), errPoison)

		// Three tasks that overlap in time use all three slots.
		ids, err := pool.Map(context.Background(), f.p, []int{0, 1, 2}, func(w *worker, _ int) (int, error) {
			time.Sleep(time.Second)
			return w.id, nil
		})
		require.NoError(t, err)
		require.ElementsMatch(t, []int{0, 2, 3}, ids, "worker 1 died and worker 3 took its slot")
		require.EqualValues(t, 4, f.made.Load())
		live := f.workers()
		require.Len(t, live, 3)
		for _, w := range live {
			require.NotEqual(t, victim.URN(), w.URN())
		}
		f.stop(t)
	})

	bubble(t, "a task whose worker dies before running it runs on the replacement", func(t *testing.T) {
		f := newFixture(1)
		g := newGate()
		first := pool.Call(f.p, g.task)
		<-g.started
		w := f.workers()[0]
		// The poison waits in the worker's mailbox behind the running task;
		// the next task will be handed to the worker behind the poison.
		require.NoError(t, w.Tell(command{poison: true}))
		second := pool.Call(f.p, whoami)
		close(g.open)

		id, err := first.Get(context.Background())
		require.NoError(t, err)
		require.Zero(t, id)
		id, err = second.Get(context.Background())
		require.NoError(t, err)
		require.Equal(t, 1, id, "the task ran on the replacement, not on the dead worker")
		<-w.Done()
		require.ErrorIs(t, w.Err(), errPoison)
		f.stop(t)
	})

	bubble(t, "a worker stopped from inside a CallContext is replaced too", func(t *testing.T) {
		f := newFixture(1)
		w := f.workers()[0]
		_, err := actor.CallContext(w, func(ctx *actor.Context, _ *worker) (struct{}, error) {
			ctx.Stop()
			return struct{}{}, nil
		}).Get(context.Background())
		require.NoError(t, err)
		<-w.Done()
		require.NoError(t, w.Err())

		id, err := pool.Call(f.p, whoami).Get(context.Background())
		require.NoError(t, err)
		require.Equal(t, 1, id)
		f.stop(t)
	})

	bubble(t, "a task fails instead of replacing workers that cannot start forever", func(t *testing.T) {
		reg := registry.New()
		var made atomic.Int32
		p := pool.New(1, func() *broken { made.Add(1); return &broken{} },
			actor.WithRegistry(reg), actor.WithLogger(slog.New(slog.DiscardHandler)))
		_, err := pool.Call(p, func(*broken) (int, error) { return 1, nil }).Get(context.Background())
		require.ErrorIs(t, err, actor.ErrStopped)
		require.ErrorContains(t, err, "pool: 3 workers in a row stopped before running the task")
		require.EqualValues(t, 3, made.Load(), "the first worker and two replacements")
		require.NoError(t, p.Stop(context.Background()))
		require.Empty(t, reg.All())
	})

	bubble(t, "a factory that panics while replacing fails the task, not the process", func(t *testing.T) {
		reg := registry.New()
		made := 0 // the factory runs under the pool's lock
		p := pool.New(1, func() *worker {
			if made++; made > 1 {
				panic("no more workers")
			}
			return &worker{}
		}, actor.WithRegistry(reg), actor.WithLogger(slog.New(slog.DiscardHandler)))
		w := registry.Find[*workerRef](reg)[0]
		require.NoError(t, w.Tell(command{poison: true}))
		<-w.Done()

		_, err := pool.Call(p, whoami).Get(context.Background())
		var pe *actor.PanicError
		require.ErrorAs(t, err, &pe)
		require.Equal(t, "no more workers", pe.Value)
		require.ErrorContains(t, err, "pool: replacing a stopped worker")
		require.NoError(t, p.Stop(context.Background()))
	})

	bubble(t, "a stopped pool replaces no worker", func(t *testing.T) {
		f := newFixture(1)
		w := f.workers()[0]
		require.NoError(t, f.p.Stop(context.Background()))
		<-w.Done()
		_, err := pool.Call(f.p, whoami).Get(context.Background())
		require.ErrorIs(t, err, actor.ErrStopped)
		require.EqualValues(t, 1, f.made.Load(), "no replacement after Stop")
	})
}

// broken is a worker that cannot start.
type broken struct{ actor.NoMessages }

var errCannotStart = errors.New("cannot start")

func (*broken) OnStart(*actor.Context) error { return errCannotStart }
