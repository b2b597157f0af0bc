package pool

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"sync"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/future"
	"github.com/troupe-go/troupe/internal/fifo"
	"github.com/troupe-go/troupe/internal/nilness"
)

// Pool is a fixed number of worker actors of one kind, each with its own
// state S from the factory, and a queue of tasks. A task goes to a free
// worker: a slow task never holds up those queued after it while another
// worker is idle. Tasks submitted while every worker is busy wait in an
// unbounded first-in first-out queue; [MapLimit] bounds how many of a batch
// are in flight.
//
// A Pool is safe for concurrent use. Its workers are ordinary actors,
// registered in the registry the options name (registry.Default otherwise)
// under the name the options give (S's type name otherwise), all the same.
// They are the pool's: send them nothing but through the pool.
type Pool[S actor.Receiver[M], M any] struct {
	size    int
	factory func() S
	opts    []actor.Option

	mu       sync.Mutex
	workers  []*actor.Ref[S, M]    // the worker of each slot
	retired  []*actor.Ref[S, M]    // replaced workers that may still be finishing: Stop waits for them too
	idle     []int                 // free slots, the most recently freed last
	queue    fifo.Queue[job[S, M]] // tasks waiting for a free slot
	stopping bool
}

// job is a queued task, whatever its result type.
type job[S actor.Receiver[M], M any] interface {
	// start hands the task to worker w of slot i, which it then owns until
	// it releases it. It reports false, having done nothing, when nobody
	// wants the task's result any more.
	start(i int, w *actor.Ref[S, M]) bool
	// fail completes the task with err without running it.
	fail(err error)
	// refused counts the workers that stopped before running the task.
	refused() int
}

// maxRefusals bounds how many workers in a row may stop before running a
// task. Without it a factory whose workers cannot start (an OnStart that
// always fails) would replace workers forever.
const maxRefusals = 3

// New starts size workers, each with the state factory returns, and
// opts for every worker (actor.WithRegistry, actor.WithName, ...). The
// workers are spawned from factory (see actor.Spawn), so the options that
// need a factory apply too: with actor.WithPolicy(actor.Restart), a worker
// whose told message fails restarts in place with a fresh state, keeping
// its ref.
//
// New panics if size is not positive, if factory is nil or if it returns
// nil; workers already started are then stopped.
func New[S actor.Receiver[M], M any](size int, factory func() S, opts ...actor.Option) *Pool[S, M] {
	if size <= 0 {
		panic(fmt.Sprintf("pool: size must be positive, got %d", size))
	}
	if factory == nil {
		panic("pool: New with a nil factory")
	}
	p := &Pool[S, M]{
		size:    size,
		factory: factory,
		opts:    slices.Clone(opts),
		workers: make([]*actor.Ref[S, M], 0, size),
		idle:    make([]int, 0, size),
	}
	defer func() {
		if len(p.workers) < size {
			// The factory panicked or returned nil: leave no worker behind.
			for _, w := range p.workers {
				_ = w.Stop(context.Background())
			}
		}
	}()
	for i := range size {
		s := factory()
		if nilness.IsNil(s) {
			panic(fmt.Sprintf("pool: factory returned a nil %s", reflect.TypeFor[S]()))
		}
		p.workers = append(p.workers, p.start(s))
		p.idle = append(p.idle, size-1-i) // slot 0 is handed out first
	}
	return p
}

// Size returns the number of workers, as given to New.
func (p *Pool[S, M]) Size() int { return p.size }

// Workers returns the current worker of each slot, in slot order, in a
// fresh slice: to put the pool's workers behind a router, such as
// router.NewConsistentHash(key, p.Workers()...) for work keyed by host.
//
// A message sent to a worker directly, or through a router, waits in that
// worker's mailbox, not in the pool's queue: the worker runs it after what
// it already has, whatever the pool's other workers are doing. A worker the
// pool replaces (one that stopped) is a new ref that this slice does not
// follow; a router skips the stopped one. Workers started with
// actor.WithPolicy(actor.Restart) restart in place and keep their refs.
func (p *Pool[S, M]) Workers() []*actor.Ref[S, M] {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.workers)
}

// Stop stops the pool: queued tasks fail with actor.ErrStopped, tasks
// submitted afterwards too, and every worker is stopped, finishing the task
// it runs. Stop waits until all workers, and those it replaced, have
// stopped, or until ctx ends: then it returns context.Cause(ctx), and the
// workers still stop. Stop on a stopped pool waits for the same workers
// again, which is immediate.
func (p *Pool[S, M]) Stop(ctx context.Context) error {
	p.mu.Lock()
	p.stopping = true
	queued := p.queue.Drain()
	workers := slices.Concat(p.workers, p.retired)
	p.mu.Unlock()
	for _, j := range queued {
		j.fail(actor.ErrStopped)
	}
	var first error
	for _, w := range workers {
		if err := w.Stop(ctx); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// submit hands j to a free worker, or queues it when none is free.
func (p *Pool[S, M]) submit(j job[S, M]) {
	p.mu.Lock()
	if p.stopping {
		p.mu.Unlock()
		j.fail(actor.ErrStopped)
		return
	}
	n := len(p.idle)
	if n == 0 {
		p.queue.Push(j)
		p.mu.Unlock()
		return
	}
	i := p.idle[n-1]
	p.idle = p.idle[:n-1]
	w := p.workers[i]
	p.mu.Unlock()
	if !j.start(i, w) {
		p.release(i)
	}
}

// release frees slot i: its worker takes the next queued task that is still
// wanted, or goes idle.
func (p *Pool[S, M]) release(i int) {
	for {
		p.mu.Lock()
		if p.stopping {
			p.mu.Unlock()
			return
		}
		j, ok := p.queue.Pop()
		if !ok {
			p.idle = append(p.idle, i)
			p.mu.Unlock()
			return
		}
		w := p.workers[i]
		p.mu.Unlock()
		if j.start(i, w) {
			return
		}
	}
}

// lost handles a worker of slot i that stopped before running j, which owns
// the slot: a fresh worker from the factory takes the slot and j, unless the
// pool is stopping.
func (p *Pool[S, M]) lost(i int, dead *actor.Ref[S, M], j job[S, M]) {
	p.mu.Lock()
	if p.stopping {
		p.mu.Unlock()
		j.fail(actor.ErrStopped)
		return
	}
	if j.refused() >= maxRefusals {
		// The slot keeps its dead worker, to be replaced on its next use.
		p.mu.Unlock()
		j.fail(refusedError(dead))
		p.release(i)
		return
	}
	// Under the lock, so that Stop sees the new worker or the replacement
	// sees Stop.
	w, err := p.spawn()
	if err == nil {
		p.workers[i] = w
		// A worker fails its queued tasks before it leaves its registry:
		// keep it until it has stopped, so that Stop returns only then.
		p.retired = append(slices.DeleteFunc(p.retired, func(r *actor.Ref[S, M]) bool { return !r.IsAlive() }), dead)
	}
	p.mu.Unlock()
	if err != nil {
		j.fail(err)
		p.release(i)
		return
	}
	if !j.start(i, w) {
		p.release(i)
	}
}

// spawn starts a replacement worker. It runs on whatever goroutine saw the
// old one stop, often the old worker's own, so a panicking or nil-returning
// factory becomes an error instead of crashing it.
func (p *Pool[S, M]) spawn() (w *actor.Ref[S, M], err error) {
	defer func() {
		if err != nil {
			err = fmt.Errorf("pool: replacing a stopped worker: %w", err)
		}
	}()
	defer future.Recover(&err)
	s := p.factory()
	if nilness.IsNil(s) {
		return nil, fmt.Errorf("factory returned a nil %s", reflect.TypeFor[S]())
	}
	return p.start(s), nil
}

// start starts a worker with s as its first state, keeping the factory for
// its restarts: so a pool takes the options that need one
// (actor.WithPolicy(actor.Restart), WithBackoff, WithRestartLimit).
func (p *Pool[S, M]) start(s S) *actor.Ref[S, M] {
	first := true
	return actor.Spawn(func() S {
		if first { // on the caller's goroutine, inside Spawn
			first = false
			return s
		}
		return p.factory()
	}, p.opts...)
}

func refusedError(last interface{ Err() error }) error {
	err := fmt.Errorf("pool: %d workers in a row stopped before running the task: %w", maxRefusals, actor.ErrStopped)
	if cause := last.Err(); cause != nil {
		err = fmt.Errorf("%w (the last one: %w)", err, cause)
	}
	return err
}
