package actor

import (
	"context"

	"github.com/troupe-go/troupe/future"
)

// Call runs fn with the actor's state on the actor's goroutine and returns a
// future of its result: Pykka's proxy, typed. A method expression reads
// naturally:
//
//	balance := actor.Call(ref, (*Account).Balance) // *future.Future[int]
//
// and attribute reads or nested objects are closures:
//
//	owner := actor.Call(ref, func(a *Account) (string, error) { return a.owner.Name(), nil })
//
// fn runs in turn with the actor's messages, never concurrently with them.
// Its error or panic (as a *PanicError) fails the future and leaves the actor
// running; if the actor stops before fn runs, the future fails with
// ErrStopped. Call returns at once, except that a full OverflowBlock mailbox
// makes it wait for room. Cost: one allocation.
func Call[S Receiver[M], M, R any](r *Ref[S, M], fn func(S) (R, error)) *future.Future[R] {
	if fn == nil {
		panic("actor: Call with a nil func")
	}
	return call(r, &callReq[S, R]{fn: fn})
}

// CallContext is Call for functions that need the actor's *Context: to wait
// on other actors with deadlock detection, to stop the actor, or to reach its
// own ref with Self.
func CallContext[S Receiver[M], M, R any](r *Ref[S, M], fn func(*Context, S) (R, error)) *future.Future[R] {
	if fn == nil {
		panic("actor: CallContext with a nil func")
	}
	return call(r, &callReq[S, R]{fnc: fn})
}

func call[S Receiver[M], M, R any](r *Ref[S, M], req *callReq[S, R]) *future.Future[R] {
	req.edge().Queue()
	if err := r.send(context.Background(), envelope[S, M]{req: req}); err != nil {
		req.p.Reject(err)
	}
	return req.p.Future()
}

// CallWait is CallContext that waits for fn's result with ctx, as Ask waits
// for its reply: fn's Context carries ctx (deadline, values, its end; see
// Context), and if ctx ends, or the wait is reported as a deadlock, while
// the call is still queued, it is withdrawn and never runs: the error
// matches ErrNotDelivered, or ErrMaybeHandled once fn began. Cost: one
// allocation.
func CallWait[S Receiver[M], M, R any](ctx context.Context, r *Ref[S, M], fn func(*Context, S) (R, error)) (R, error) {
	if fn == nil {
		panic("actor: CallWait with a nil func")
	}
	req := &ctxCallReq[S, R]{callReq: callReq[S, R]{fnc: fn}}
	req.rc.parent = carried(ctx)
	req.edge().Queue()
	if err := r.send(ctx, envelope[S, M]{req: req}); err != nil {
		req.p.Reject(err)
	}
	return awaitReply(ctx, &req.p)
}
