package pool

import (
	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/future"
)

// Call runs fn with a free worker's state on that worker's goroutine and
// returns a future of its result, as actor.Call does for one actor:
//
//	sum := pool.Call(p, func(w *Hasher) (string, error) { return w.Sum(data) })
//
// Call never blocks: when every worker is busy the task waits in the pool's
// first-in first-out queue, which has no bound. fn's error or panic (as an
// *actor.PanicError) fails the future; after Stop the future fails with
// actor.ErrStopped. If the worker stops before fn starts, fn runs on the
// worker that replaces it. Cost: four small allocations and no goroutine.
//
// fn must not wait for tasks of the same pool: with every worker waiting,
// none is left to run them.
func Call[S actor.Receiver[M], M, R any](p *Pool[S, M], fn func(S) (R, error)) *future.Future[R] {
	if fn == nil {
		panic("pool: Call with a nil func")
	}
	t := new(callTask[S, M, R])
	t.pool, t.fn, t.p = p, fn, &t.promise
	p.submit(&t.task)
	return t.promise.Future()
}
