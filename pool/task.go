package pool

import (
	"errors"
	"sync/atomic"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/future"
)

// task is one unit of work with result type R: a Call's function and
// promise, or one element of a Map. It runs on a worker as an actor.Call.
// A Map's tasks are made as they are handed out, so a batch holds memory for
// the tasks in flight, not for all of its elements.
type task[S actor.Receiver[M], M, R any] struct {
	pool *Pool[S, M]

	// A Call sets fn and completes p; a Map element sets batch and i.
	fn    func(S) (R, error)
	p     *future.Promise[R]
	batch *batch[S, M, R]
	i     int

	slot    int
	worker  *actor.Ref[S, M]
	started atomic.Bool // set on the worker just before the function runs
	refusal int
}

func (t *task[S, M, R]) start(i int, w *actor.Ref[S, M]) bool {
	if t.batch != nil && !t.batch.wanted() {
		return false
	}
	t.slot, t.worker = i, w
	actor.Call(w, t.run).OnComplete(t.done)
	return true
}

// run is the actor.Call function, on the worker's goroutine.
func (t *task[S, M, R]) run(s S) (R, error) {
	t.started.Store(true)
	if t.batch != nil {
		return t.batch.run(s, t.i)
	}
	return t.fn(s)
}

// done receives the Call's outcome, on the worker's goroutine (or at once, if
// the worker refused the Call). A worker that stopped before running the
// task refuses it with ErrStopped; the task then goes to a replacement. The
// function's own errors, ErrStopped included, are the task's result.
//
// A success frees the slot first, so that a task handed out by whoever
// waits on this one finds it free and runs on this worker's goroutine,
// already running. An error is recorded first, so that a Map that failed is
// seen to have failed by the queued tasks the slot looks at next.
func (t *task[S, M, R]) done(v R, err error) {
	switch {
	case err == nil:
		t.pool.release(t.slot)
		t.complete(v, nil)
	case !t.started.Load() && errors.Is(err, actor.ErrStopped):
		t.pool.lost(t.slot, t.worker, t)
	default:
		t.complete(v, err)
		t.pool.release(t.slot)
	}
}

func (t *task[S, M, R]) fail(err error) {
	var zero R
	t.complete(zero, err)
}

func (t *task[S, M, R]) refused() int {
	t.refusal++
	return t.refusal
}

func (t *task[S, M, R]) complete(v R, err error) {
	if t.batch != nil {
		t.batch.put(t.i, v, err)
		return
	}
	t.p.Complete(v, err)
}

// callTask is a Call's task and its promise, in one allocation.
type callTask[S actor.Receiver[M], M, R any] struct {
	task[S, M, R]
	promise future.Promise[R]
}
