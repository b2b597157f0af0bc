package pool

import (
	"context"
	"fmt"
	"sync"

	"github.com/troupe-go/troupe/actor"
)

// Map runs fn(worker state, element) for every element of in on the pool's
// free workers and returns the results in the order of in, whatever order
// the tasks finish in. It is MapLimit with limit p.Size(): a batch never
// holds more than Size tasks in the pool at a time.
func Map[S actor.Receiver[M], M, T, R any](ctx context.Context, p *Pool[S, M], in []T, fn func(S, T) (R, error)) ([]R, error) {
	return mapLimit(ctx, "Map", p, p.Size(), in, fn)
}

// MapLimit is Map with at most limit elements handed to the pool at a time
// (running, or queued behind other work): the bounded way to feed a pool a
// large batch. The next element is handed out when one finishes, by the
// goroutine that finished it, so a batch starts no goroutine of its own.
//
// MapLimit returns at the first error, errgroup-style, and hands out nothing
// more: elements not yet handed out never run, tasks still running finish
// and their results are dropped. If ctx ends first it returns
// context.Cause(ctx) the same way. After Stop it returns actor.ErrStopped.
// A nil or empty in returns an empty slice at once.
//
// Cost per element: four small allocations; per batch, the result slice and
// the bookkeeping. Memory beyond the results is held for the elements in
// flight only. MapLimit panics if limit is not positive.
func MapLimit[S actor.Receiver[M], M, T, R any](ctx context.Context, p *Pool[S, M], limit int, in []T, fn func(S, T) (R, error)) ([]R, error) {
	return mapLimit(ctx, "MapLimit", p, limit, in, fn)
}

func mapLimit[S actor.Receiver[M], M, T, R any](ctx context.Context, op string, p *Pool[S, M], limit int, in []T, fn func(S, T) (R, error)) ([]R, error) {
	if fn == nil {
		panic("pool: " + op + " with a nil func")
	}
	if limit <= 0 {
		panic(fmt.Sprintf("pool: %s limit must be positive, got %d", op, limit))
	}
	if len(in) == 0 {
		return []R{}, nil
	}
	if ctx.Err() != nil {
		return nil, context.Cause(ctx)
	}
	b := &batch[S, M, R]{
		pool: p,
		run:  func(s S, i int) (R, error) { return fn(s, in[i]) },
		out:  make([]R, len(in)),
		done: make(chan struct{}),
		left: len(in),
	}
	for range min(limit, len(in)) {
		b.handOut()
	}
	select {
	case <-b.done:
	case <-ctx.Done():
		b.end(context.Cause(ctx))
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.err != nil {
		return nil, b.err
	}
	return b.out, nil
}

// batch is one Map call: a slot per result, and how far it got.
type batch[S actor.Receiver[M], M, R any] struct {
	pool *Pool[S, M]
	run  func(s S, i int) (R, error)
	out  []R
	done chan struct{} // closed when the outcome is decided

	mu   sync.Mutex
	next int // the next task to hand out
	left int // results still missing
	err  error
	over bool // the outcome is decided: hand out nothing more
}

// handOut submits the next task, if the batch wants more.
func (b *batch[S, M, R]) handOut() {
	b.mu.Lock()
	if b.over || b.next == len(b.out) {
		b.mu.Unlock()
		return
	}
	t := &task[S, M, R]{pool: b.pool, batch: b, i: b.next}
	b.next++
	b.mu.Unlock()
	b.pool.submit(t)
}

// wanted reports whether the batch still wants results; a task queued in the
// pool checks it before it starts.
func (b *batch[S, M, R]) wanted() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return !b.over
}

// put records task i's outcome and hands out the next task in its place.
func (b *batch[S, M, R]) put(i int, v R, err error) {
	if err != nil {
		b.end(err)
		return
	}
	b.mu.Lock()
	if b.over {
		b.mu.Unlock()
		return
	}
	b.out[i] = v
	b.left--
	if b.left == 0 {
		b.over = true
		close(b.done)
	}
	b.mu.Unlock()
	b.handOut()
}

// end decides the outcome with err, unless it is decided already.
func (b *batch[S, M, R]) end(err error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.over {
		b.over, b.err = true, err
		close(b.done)
	}
}
