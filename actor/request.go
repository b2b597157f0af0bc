package actor

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"

	"github.com/troupe-go/troupe/future"
	"github.com/troupe-go/troupe/internal/waitgraph"
)

// envelope is one mailbox slot: a message, and for Ask and Call the request
// that waits for its reply. A Tell has no request.
type envelope[S, M any] struct {
	msg M
	req request[S]
}

// request is the reply side of an Ask or a Call.
type request[S any] interface {
	// call runs a Call's function and completes its future, reporting true;
	// an Ask reports false, and its message goes to Receive.
	call(ctx *Context, s S) bool
	// fail completes the reply with err unless it is complete already.
	fail(err error)
	// edge is the reply's place in the wait-for graph.
	edge() *waitgraph.Edge
	// context is the caller's ctx for the handler to see, or nil.
	context() *requestCtx
}

// requestCtx is a caller's ctx as the handler of its request sees it
// through its Context: deadline, values, and its end. It lives in the
// request, so carrying it costs no allocation; the handler's Context makes
// it cancellable (context.WithCancelCause) only when asked whether it is
// done, so that stopping the actor now can end the handler.
type requestCtx struct {
	parent  context.Context
	mu      sync.Mutex
	wrapped atomic.Pointer[cancelCtx] // made under mu on first need
}

// cancelCtx is a context with its cancel func.
type cancelCtx struct {
	context.Context
	cancel context.CancelCauseFunc
}

// carried returns what of a caller's ctx its request carries to the
// handler, or nil: context.Background and context.TODO carry nothing. A
// handler's own Context carries the request it handles, if any: by itself
// it has no deadline or values for another actor, and its end (StopNow of
// the asking actor) ends the asker's wait, which withdraws the request if
// it is still queued.
func carried(ctx context.Context) context.Context {
	if x, ok := ctx.(*Context); ok {
		if rc := x.request.Load(); rc != nil {
			return rc.current()
		}
		return nil
	}
	if ctx == context.Background() || ctx == context.TODO() {
		return nil
	}
	return ctx
}

// cancellable returns the request's ctx, made cancellable.
func (rc *requestCtx) cancellable() *cancelCtx {
	if w := rc.wrapped.Load(); w != nil {
		return w
	}
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if w := rc.wrapped.Load(); w != nil {
		return w
	}
	ctx, cancel := context.WithCancelCause(rc.parent)
	w := &cancelCtx{ctx, cancel}
	rc.wrapped.Store(w)
	return w
}

// current returns the ctx to ask for values and a cause: the cancellable
// one if it was made.
func (rc *requestCtx) current() context.Context {
	if w := rc.wrapped.Load(); w != nil {
		return w
	}
	return rc.parent
}

// end cancels the request's ctx as the handler sees it with cause, if it
// was made.
func (rc *requestCtx) end(cause error) {
	if w := rc.wrapped.Load(); w != nil {
		w.cancel(cause)
	}
}

// askReq is an Ask's reply promise; the promise is a value inside it, so an
// Ask costs one allocation.
type askReq[S, R any] struct {
	p  future.Promise[R]
	rc requestCtx
}

// newAskReq returns an Ask's request, queued.
func newAskReq[S, R any]() *askReq[S, R] {
	a := new(askReq[S, R])
	waitgraph.EdgeOf(&a.p).Queue()
	return a
}

// awaitReply waits for a request's reply. If ctx ends first the caller gives
// up: a request still queued is withdrawn and its reply fails with the error
// returned, which matches ErrNotDelivered; one already taken returns an
// error matching ErrMaybeHandled.
func awaitReply[R any](ctx context.Context, p *future.Promise[R]) (R, error) {
	f := p.Future()
	v, err := f.Get(ctx)
	if err == nil {
		return v, nil
	}
	if completed(f) {
		return f.Peek() // the reply came, or Get withdrew the request already
	}
	err, withdrew := waitgraph.EdgeOf(p).GiveUp(err)
	if withdrew {
		p.Reject(err)
	}
	if completed(f) {
		return f.Peek() // what completed it first, the reply or the withdrawal
	}
	return v, err
}

// completed reports whether f has completed.
func completed[R any](f *future.Future[R]) bool {
	_, err := f.Peek()
	return !errors.Is(err, future.ErrPending)
}

func (a *askReq[S, R]) context() *requestCtx {
	if a.rc.parent == nil {
		return nil
	}
	return &a.rc
}

func (c *callReq[S, R]) context() *requestCtx  { return nil }
func (*sysReq[S]) context() *requestCtx        { return nil }
func (a *askReq[S, R]) call(*Context, S) bool  { return false }
func (a *askReq[S, R]) fail(err error)         { a.p.Reject(err) }
func (a *askReq[S, R]) edge() *waitgraph.Edge  { return waitgraph.EdgeOf(&a.p) }
func (c *callReq[S, R]) fail(err error)        { c.p.Reject(err) }
func (c *callReq[S, R]) edge() *waitgraph.Edge { return waitgraph.EdgeOf(&c.p) }

// callReq is a Call: a function to run on the actor and its reply, in one
// allocation. Exactly one of fn and fnc is set.
type callReq[S, R any] struct {
	p   future.Promise[R]
	fn  func(S) (R, error)
	fnc func(*Context, S) (R, error)
}

func (c *callReq[S, R]) call(ctx *Context, s S) bool {
	c.p.Complete(c.invoke(ctx, s))
	return true
}

func (c *callReq[S, R]) invoke(ctx *Context, s S) (v R, err error) {
	defer future.Recover(&err)
	if c.fn != nil {
		return c.fn(s)
	}
	return c.fnc(ctx, s)
}

// beginRequest makes the handler's Context carry rc, if not nil, until
// endRequest.
func (c *cell) beginRequest(rc *requestCtx) {
	if rc == nil {
		return
	}
	c.request.Store(rc)
	if c.killed.Load() {
		rc.cancellable().cancel(ErrStoppedNow) // StopNow came as it was stored: see StopNow
	}
}

// endRequest ends what beginRequest began.
func (c *cell) endRequest(rc *requestCtx) {
	if rc == nil {
		return
	}
	c.request.Store(nil)
	rc.end(errHandlerReturned)
}

// ctxCallReq is a CallWait: a Call that carries its caller's ctx.
type ctxCallReq[S, R any] struct {
	callReq[S, R]
	rc requestCtx
}

func (c *ctxCallReq[S, R]) context() *requestCtx {
	if c.rc.parent == nil {
		return nil
	}
	return &c.rc
}
