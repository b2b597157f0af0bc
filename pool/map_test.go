package pool_test

import (
	"context"
	"errors"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/actortest"
	"github.com/troupe-go/troupe/pool"
)

// step is what a task tells the start log: its element started, or finished.
type step struct {
	x        int
	finished bool
}

// startLog records which elements of a batch started, and which finished:
// the tasks tell its probe.
type startLog struct {
	probe    *actortest.Probe[step]
	started  []int
	finished []int
}

func newStartLog(t *testing.T) *startLog {
	return &startLog{probe: actortest.NewProbe[step](t, actor.WithRegistry(actortest.NewRegistry(t)))}
}

func (l *startLog) start(i int)  { l.tell(step{x: i}) }
func (l *startLog) finish(i int) { l.tell(step{x: i, finished: true}) }

func (l *startLog) tell(s step) {
	if err := l.probe.Ref().Tell(s); err != nil {
		panic(err) // the probe lives as long as the test: it cannot have stopped
	}
}

// snapshot returns what started and what finished so far, once the probe
// has every step told: the bubble's goroutines are all blocked.
func (l *startLog) snapshot() (started, finished []int) {
	synctest.Wait()
	for _, s := range l.probe.Drain() {
		if s.finished {
			l.finished = append(l.finished, s.x)
		} else {
			l.started = append(l.started, s.x)
		}
	}
	return slices.Clone(l.started), slices.Clone(l.finished)
}

func TestMap(t *testing.T) {
	bubble(t, "results come back in input order under random task durations", func(t *testing.T) {
		f := newFixture(4)
		in := indexes(100)
		var used sync.Map
		got, err := pool.Map(context.Background(), f.p, in, func(w *worker, x int) (int, error) {
			used.Store(w.id, true)
			time.Sleep(time.Duration(rand.IntN(1000)) * time.Millisecond)
			return x * x, nil
		})
		require.NoError(t, err)
		require.Len(t, got, len(in))
		for i, v := range got {
			require.Equal(t, i*i, v, "result %d", i)
		}
		n := 0
		used.Range(func(any, any) bool { n++; return true })
		require.Equal(t, 4, n, "every worker took part")
		f.stop(t)
	})

	bubble(t, "returns at the first error and never starts the rest", func(t *testing.T) {
		f := newFixture(2)
		log := newStartLog(t)
		in := indexes(100)
		// Two at a time, a second each, and element 5 fails at once: 0 and 1
		// run, then 2 and 3, then 4 and 5, and 5 ends the batch.
		_, err := pool.Map(context.Background(), f.p, in, func(_ *worker, x int) (int, error) {
			log.start(x)
			if x == 5 {
				return 0, errTask
			}
			time.Sleep(time.Second)
			log.finish(x)
			return x, nil
		})
		require.ErrorIs(t, err, errTask)
		_, finished := log.snapshot()
		require.NotContains(t, finished, 4, "Map waited for the task still running")
		f.stop(t) // waits for element 4
		started, finished := log.snapshot()
		require.Equal(t, []int{0, 1, 2, 3, 4, 5}, sortedCopy(started))
		require.Equal(t, []int{0, 1, 2, 3, 4}, sortedCopy(finished))
	})

	bubble(t, "a ctx that ends mid-batch stops handing out elements", func(t *testing.T) {
		f := newFixture(2)
		log := newStartLog(t)
		in := indexes(10)
		ctx, cancel := context.WithTimeout(context.Background(), 2500*time.Millisecond)
		defer cancel()
		_, err := pool.Map(ctx, f.p, in, func(_ *worker, x int) (int, error) {
			log.start(x)
			time.Sleep(time.Second)
			return x, nil
		})
		require.ErrorIs(t, err, context.DeadlineExceeded)
		f.stop(t)
		started, _ := log.snapshot()
		require.Equal(t, []int{0, 1, 2, 3, 4, 5}, sortedCopy(started), "at 2.5s elements 4 and 5 were running")
	})

	bubble(t, "a ctx already ended runs nothing", func(t *testing.T) {
		f := newFixture(2)
		ctx, cancel := context.WithCancelCause(context.Background())
		cause := errors.New("gave up")
		cancel(cause)
		ran := false
		_, err := pool.Map(ctx, f.p, []int{1, 2}, func(*worker, int) (int, error) { ran = true; return 0, nil })
		require.ErrorIs(t, err, cause)
		require.False(t, ran)
		f.stop(t)
	})

	bubble(t, "an empty input returns an empty slice", func(t *testing.T) {
		f := newFixture(1)
		got, err := pool.Map(context.Background(), f.p, nil, func(*worker, int) (int, error) { return 0, nil })
		require.NoError(t, err)
		require.NotNil(t, got)
		require.Empty(t, got)
		f.stop(t)
	})

	bubble(t, "elements queued behind other work are dropped after the first error", func(t *testing.T) {
		f := newFixture(1)
		g := newGate()
		other := pool.Call(f.p, g.task)
		<-g.started
		log := newStartLog(t)
		done := make(chan error)
		go func() {
			_, err := pool.MapLimit(context.Background(), f.p, 3, []int{0, 1, 2, 3}, func(_ *worker, x int) (int, error) {
				log.start(x)
				if x == 0 {
					return 0, errTask
				}
				return x, nil
			})
			done <- err
		}()
		close(g.open) // the worker takes element 0; 1 and 2 wait in the pool's queue
		require.ErrorIs(t, <-done, errTask)
		_, err := other.Get(context.Background())
		require.NoError(t, err)
		// The pool still works, and the dropped elements never ran.
		_, err = pool.Call(f.p, whoami).Get(context.Background())
		require.NoError(t, err)
		started, _ := log.snapshot()
		require.Equal(t, []int{0}, started)
		f.stop(t)
	})

	bubble(t, "panics on a nil func", func(t *testing.T) {
		f := newFixture(1)
		require.PanicsWithValue(t, "pool: Map with a nil func", func() {
			_, _ = pool.Map[*worker, command, int, int](context.Background(), f.p, []int{1}, nil)
		})
		f.stop(t)
	})
}

func TestMapLimit(t *testing.T) {
	bubble(t, "keeps at most limit elements in flight", func(t *testing.T) {
		f := newFixture(8)
		var c concurrency
		got, err := pool.MapLimit(context.Background(), f.p, 3, make([]int, 20), func(*worker, int) (int, error) {
			c.enter()
			defer c.leave()
			time.Sleep(time.Second)
			return 1, nil
		})
		require.NoError(t, err)
		require.Len(t, got, 20)
		require.EqualValues(t, 3, c.most.Load())
		f.stop(t)
	})

	bubble(t, "panics on a limit that is not positive", func(t *testing.T) {
		f := newFixture(1)
		require.PanicsWithValue(t, "pool: MapLimit limit must be positive, got 0", func() {
			_, _ = pool.MapLimit(context.Background(), f.p, 0, []int{1}, func(*worker, int) (int, error) { return 0, nil })
		})
		f.stop(t)
	})
}

func sortedCopy(xs []int) []int { return slices.Sorted(slices.Values(xs)) }

// indexes returns 0, 1, ..., n-1.
func indexes(n int) []int {
	in := make([]int, n)
	for i := range in {
		in[i] = i
	}
	return in
}
