package pool_test

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/actortest"
	"github.com/troupe-go/troupe/future"
	"github.com/troupe-go/troupe/pool"
	"github.com/troupe-go/troupe/registry"
)

// This file holds what the pool tests share, and the tests of dispatch,
// Call and Stop.

var (
	errPoison = errors.New("poisoned")
	errTask   = errors.New("task failed")
)

// command is the message of the test workers: a poison pill makes Receive
// fail, which stops the worker under the default failure policy.
type command struct{ poison bool }

// worker is the test workers' state: the factory numbers them from 0.
type worker struct{ id int }

func (w *worker) Receive(_ *actor.Context, c command) error {
	if c.poison {
		return errPoison
	}
	return nil
}

// whoami is a task that reports the worker it ran on.
func whoami(w *worker) (int, error) { return w.id, nil }

type testPool = pool.Pool[*worker, command]
type workerRef = actor.Ref[*worker, command]

// fixture is a pool of test workers in a registry of its own, with the
// factory's call count.
type fixture struct {
	p     *testPool
	reg   *registry.Registry
	made  atomic.Int32
	quiet actor.Option
}

func newFixture(size int) *fixture {
	f := &fixture{reg: registry.New(), quiet: actor.WithLogger(slog.New(slog.DiscardHandler))}
	f.p = pool.New(size, func() *worker { return &worker{id: int(f.made.Add(1)) - 1} },
		actor.WithRegistry(f.reg), f.quiet)
	return f
}

// workers returns the live workers, oldest first.
func (f *fixture) workers() []*workerRef { return registry.Find[*workerRef](f.reg) }

func (f *fixture) stop(t *testing.T) {
	t.Helper()
	require.NoError(t, f.p.Stop(context.Background()))
	require.Empty(t, f.reg.All(), "workers left in the registry after Stop")
}

// gate is a task that blocks until the test opens it, and says when it has
// started.
type gate struct {
	started chan struct{}
	open    chan struct{}
}

func newGate() *gate { return &gate{started: make(chan struct{}), open: make(chan struct{})} }

func (g *gate) task(w *worker) (int, error) {
	close(g.started)
	<-g.open
	return w.id, nil
}

func TestNew(t *testing.T) {
	bubble(t, "starts size workers, each with its own state", func(t *testing.T) {
		f := newFixture(3)
		require.Equal(t, 3, f.p.Size())
		require.Len(t, f.workers(), 3)
		require.EqualValues(t, 3, f.made.Load())
		f.stop(t)
	})

	bubble(t, "panics with a precise message on misuse", func(t *testing.T) {
		mk := func() *worker { return &worker{} }
		require.PanicsWithValue(t, "pool: size must be positive, got 0", func() { pool.New(0, mk) })
		require.PanicsWithValue(t, "pool: size must be positive, got -2", func() { pool.New(-2, mk) })
		require.PanicsWithValue(t, "pool: New with a nil factory", func() { pool.New[*worker](1, nil) })
	})

	bubble(t, "a factory returning nil panics and leaves no worker behind", func(t *testing.T) {
		reg := registry.New()
		n := 0
		factory := func() *worker {
			if n++; n == 3 {
				return nil
			}
			return &worker{}
		}
		require.PanicsWithValue(t, "pool: factory returned a nil *pool_test.worker", func() {
			pool.New(4, factory, actor.WithRegistry(reg))
		})
		require.Empty(t, reg.All())
	})

	bubble(t, "workers take the registry and name the options give", func(t *testing.T) {
		reg := registry.New()
		p := pool.New(2, func() *worker { return &worker{} }, actor.WithRegistry(reg), actor.WithName("resizer"))
		require.Len(t, reg.ByName("resizer"), 2)
		require.NoError(t, p.Stop(context.Background()))
	})
}

func TestCall(t *testing.T) {
	bubble(t, "runs fn on a worker and returns its result", func(t *testing.T) {
		f := newFixture(2)
		v, err := pool.Call(f.p, func(w *worker) (string, error) { return "ran", nil }).Get(context.Background())
		require.NoError(t, err)
		require.Equal(t, "ran", v)
		f.stop(t)
	})

	bubble(t, "fn's error and panic fail the future and the worker runs on", func(t *testing.T) {
		f := newFixture(1)
		_, err := pool.Call(f.p, func(*worker) (int, error) { return 0, errTask }).Get(context.Background())
		require.ErrorIs(t, err, errTask)
		_, err = pool.Call(f.p, func(*worker) (int, error) { panic("kaboom") }).Get(context.Background())
		var pe *actor.PanicError
		require.ErrorAs(t, err, &pe)
		require.Equal(t, "kaboom", pe.Value)
		id, err := pool.Call(f.p, whoami).Get(context.Background())
		require.NoError(t, err)
		require.Zero(t, id, "the same worker runs on")
		f.stop(t)
	})

	bubble(t, "a task goes to a free worker while another is blocked", func(t *testing.T) {
		f := newFixture(4)
		g := newGate()
		blocked := pool.Call(f.p, g.task)
		<-g.started
		fast := make([]*future.Future[int], 40)
		for i := range fast {
			fast[i] = pool.Call(f.p, func(w *worker) (int, error) { return i, nil })
		}
		got, err := future.GetAll(context.Background(), fast...)
		require.NoError(t, err)
		for i, v := range got {
			require.Equal(t, i, v)
		}
		_, err = blocked.Peek()
		require.ErrorIs(t, err, future.ErrPending, "the blocked task finished before it was let go")
		close(g.open)
		_, err = blocked.Get(context.Background())
		require.NoError(t, err)
		f.stop(t)
	})

	bubble(t, "no more than size tasks run at once, and all workers are used", func(t *testing.T) {
		f := newFixture(3)
		var c concurrency
		var used sync.Map
		fs := make([]*future.Future[int], 12)
		for i := range fs {
			fs[i] = pool.Call(f.p, func(w *worker) (int, error) {
				c.enter()
				defer c.leave()
				used.Store(w.id, true)
				time.Sleep(time.Second)
				return i, nil
			})
		}
		_, err := future.GetAll(context.Background(), fs...)
		require.NoError(t, err)
		require.EqualValues(t, 3, c.most.Load())
		for id := range 3 {
			_, ok := used.Load(id)
			require.True(t, ok, "worker %d never ran a task", id)
		}
		f.stop(t)
	})

	bubble(t, "queued tasks start in submission order", func(t *testing.T) {
		f := newFixture(1)
		g := newGate()
		first := pool.Call(f.p, g.task)
		<-g.started
		var order []int // written by the single worker, one task at a time
		fs := make([]*future.Future[int], 10)
		for i := range fs {
			fs[i] = pool.Call(f.p, func(*worker) (int, error) { order = append(order, i); return i, nil })
		}
		close(g.open)
		_, err := future.GetAll(context.Background(), append(fs, first)...)
		require.NoError(t, err)
		require.Equal(t, []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, order)
		f.stop(t)
	})

	bubble(t, "panics on a nil func", func(t *testing.T) {
		f := newFixture(1)
		require.PanicsWithValue(t, "pool: Call with a nil func", func() {
			pool.Call[*worker, command, int](f.p, nil)
		})
		f.stop(t)
	})
}

func TestStop(t *testing.T) {
	bubble(t, "fails queued tasks, finishes running ones, and leaves nothing running", func(t *testing.T) {
		f := newFixture(2)
		g1, g2 := newGate(), newGate()
		running := []*future.Future[int]{pool.Call(f.p, g1.task), pool.Call(f.p, g2.task)}
		<-g1.started
		<-g2.started
		queued := pool.Call(f.p, whoami)

		stopped := make(chan error)
		go func() { stopped <- f.p.Stop(context.Background()) }()
		_, err := queued.Get(context.Background())
		require.ErrorIs(t, err, actor.ErrStopped)
		synctest.Wait()
		select {
		case <-stopped:
			t.Fatal("Stop returned while tasks were still running")
		default:
		}
		close(g1.open)
		close(g2.open)
		require.NoError(t, <-stopped)
		ids, err := future.GetAll(context.Background(), running...)
		require.NoError(t, err)
		require.ElementsMatch(t, []int{0, 1}, ids)
		require.Empty(t, f.reg.All())
	})

	bubble(t, "Call and Map after Stop fail with ErrStopped", func(t *testing.T) {
		f := newFixture(2)
		f.stop(t)
		_, err := pool.Call(f.p, whoami).Get(context.Background())
		require.ErrorIs(t, err, actor.ErrStopped)
		_, err = pool.Map(context.Background(), f.p, []int{1, 2, 3}, func(w *worker, x int) (int, error) { return x, nil })
		require.ErrorIs(t, err, actor.ErrStopped)
	})

	bubble(t, "a second Stop returns nil", func(t *testing.T) {
		f := newFixture(2)
		f.stop(t)
		require.NoError(t, f.p.Stop(context.Background()))
	})

	bubble(t, "a ctx that ends returns its cause and the workers still stop", func(t *testing.T) {
		f := newFixture(1)
		g := newGate()
		task := pool.Call(f.p, g.task)
		<-g.started
		w := f.workers()[0]
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		require.ErrorIs(t, f.p.Stop(ctx), context.DeadlineExceeded)
		close(g.open)
		<-w.Done()
		_, err := task.Get(context.Background())
		require.NoError(t, err)
		require.Empty(t, f.reg.All())
	})
}

// bubble runs a subtest on synctest's fake clock, failing it if a goroutine
// it started outlives it (no worker, no task left running).
var bubble = actortest.Run

// concurrency counts the tasks running at once, and the most seen.
type concurrency struct{ now, most atomic.Int32 }

func (c *concurrency) enter() {
	n := c.now.Add(1)
	for m := c.most.Load(); n > m && !c.most.CompareAndSwap(m, n); m = c.most.Load() {
	}
}

func (c *concurrency) leave() { c.now.Add(-1) }
