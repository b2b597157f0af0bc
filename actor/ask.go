package actor

import (
	"context"

	"github.com/troupe-go/troupe/future"
)

// Ask sends the message that build makes around a fresh reply promise and
// waits for the reply: Akka Typed's ask, so each message kind has its own
// reply type R, checked by the compiler.
//
//	type Greet struct {
//		Name  string
//		Reply *future.Promise[string]
//	}
//	s, err := actor.Ask(ctx, ref, func(p *future.Promise[string]) Greet { return Greet{"World", p} })
//
// The handler resolves the promise (or hands it to another actor, which
// does). If the handler returns an error or panics, the reply fails with it
// (a panic as a *PanicError) unless it was already resolved; the actor keeps
// running. If the actor stops before handling the message, the reply fails
// with ErrStopped.
//
// If ctx ends first, or the wait is reported as a deadlock, Ask gives up.
// A request still queued is withdrawn: the actor never handles it, and the
// error matches ErrNotDelivered as well as context.Cause(ctx) (or
// ErrDeadlock). A request the actor already took may have been handled, or
// be running: the error matches ErrMaybeHandled. A caller that must not
// apply a change twice (a transfer) can undo its own part after
// ErrNotDelivered, and only then.
//
// The handler's Context carries ctx while it handles the message: ctx's
// deadline and values (the runtime's own key first), and it is done when
// ctx ends (see Context). context.Background and context.TODO carry nothing
// and cost nothing; another ctx costs storing it in the request, and, if
// the handler asks its Context whether it is done, a context.WithCancelCause
// (about four allocations, see BenchmarkAskContext).
//
// One case is left to the handler: if it neither resolves the promise nor
// hands it on, nobody will, and Ask waits until ctx ends.
//
// Cost: one allocation. When ctx cannot end (its Done is nil, as for
// context.Background) and the actor is idle with an empty mailbox, the calling
// goroutine takes the actor's run state and runs the handler itself: no
// goroutine switch, and one-at-a-time and per-sender order still hold. The
// handler runs under the actor's profiler labels if ctx carries labels (from
// pprof.Do), which are put back after; otherwise under the caller's own,
// which Go cannot read back to restore and so are left alone.
func Ask[S Receiver[M], M, R any](ctx context.Context, r *Ref[S, M], build func(reply *future.Promise[R]) M) (R, error) {
	if build == nil {
		panic("actor: Ask with a nil build func")
	}
	req := newAskReq[S, R]()
	req.rc.parent = carried(ctx)
	e := envelope[S, M]{msg: build(&req.p), req: req}
	if ctx.Done() == nil && r.tryInline(ctx, e) {
		return req.p.Future().Get(ctx)
	}
	if err := r.send(ctx, e); err != nil {
		req.p.Reject(err)
	}
	return awaitReply(ctx, &req.p)
}

// AskAsync is Ask without waiting: it returns the reply's future at once.
// With a full OverflowBlock mailbox it waits for room first.
func AskAsync[S Receiver[M], M, R any](r *Ref[S, M], build func(reply *future.Promise[R]) M) *future.Future[R] {
	if build == nil {
		panic("actor: AskAsync with a nil build func")
	}
	req := newAskReq[S, R]()
	if err := r.send(context.Background(), envelope[S, M]{msg: build(&req.p), req: req}); err != nil {
		req.p.Reject(err)
	}
	return req.p.Future()
}

// tryInline handles e on the calling goroutine if the actor is idle: running,
// not held by any goroutine, mailbox empty. It reports false, having done
// nothing, otherwise. Afterwards a goroutine is started only if messages
// arrived meanwhile or a stop was requested: the caller runs its own message
// and never anyone else's.
func (r *Ref[S, M]) tryInline(ctx context.Context, e envelope[S, M]) bool {
	p, ok := r.c.claimIdle()
	if !ok {
		return false
	}
	r.runInline(ctx, func() {
		r.c.enter()
		r.c.took(p + 1)
		r.handle(e) // an Ask's failure goes to its reply, never to the policy
		r.c.leave()
	})
	if !r.c.rest(p + 1) {
		r.wake(false)
	}
	return true
}
