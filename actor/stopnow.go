package actor

import (
	"context"
	"fmt"

	"github.com/troupe-go/troupe/internal/waitgraph"
)

// ErrStoppedNow is the cause with which StopNow cancels the running
// handler's Context, and the error of the requests it fails. It matches
// ErrStopped.
var ErrStoppedNow = fmt.Errorf("%w now", ErrStopped)

// StopNow stops the actor without handling what is queued, and waits until
// it has stopped: nothing new is accepted; the running handler's Context is
// done at once, with context.Cause ErrStoppedNow (a handler that watches
// its Context, or waits with it, returns early; one that does not is waited
// for); the messages still queued are not handled: each Tell goes to the
// dead-letter function and each Ask or Call fails with ErrStoppedNow. Then
// the actor ends as after Stop: OnStop runs, it leaves its registry, Done
// closes.
//
// StopNow returns nil if nothing was left unhandled, and otherwise an error
// matching ErrStoppedNow that says how many messages were. If ctx ends
// first it returns context.Cause(ctx); the actor still stops. From the
// actor's own handler it returns nil at once.
//
// Stop whose ctx ends does not turn into StopNow: Stop promises that what
// was queued before it is handled, and a caller that wants a bound on the
// wait says so explicitly:
//
//	if err := ref.Stop(ctx); err != nil {
//		err = ref.StopNow(context.Background())
//	}
func (r *Ref[S, M]) StopNow(ctx context.Context) error {
	self := waitgraph.WaiterFrom(ctx) == &r.c.node
	r.c.mu.Lock()
	if r.c.phase == phaseStopped {
		r.c.mu.Unlock()
		return nil
	}
	r.c.killed.Store(true)
	start := r.c.beginStopLocked()
	r.c.haltLocked(ErrStoppedNow)
	done := r.c.doneLocked()
	r.c.mu.Unlock()
	if rc := r.c.request.Load(); rc != nil {
		rc.cancellable().cancel(ErrStoppedNow) // see handle: one of the two sees the other
	}
	if start {
		go r.run(false)
	}
	if self {
		return nil
	}
	if err := await(ctx, done); err != nil {
		return err
	}
	r.c.mu.Lock()
	n := r.c.waitsLocked().dropped
	r.c.mu.Unlock()
	if n > 0 {
		return fmt.Errorf("%w: %s left %d queued messages unhandled (Tells to dead letters, requests failed)", ErrStoppedNow, r, n)
	}
	return nil
}

// drop disposes of a message the actor will not handle, because it stopped
// now (reason ErrStoppedNow) or stops for reason: a Tell becomes a dead
// letter, a request fails with ErrStopped (ErrStoppedNow after StopNow).
// Tells, Asks and Calls are counted, the runtime's own messages and the
// requests their callers withdrew are not. It reports whether it
// dead-lettered a Tell.
func (r *Ref[S, M]) drop(e envelope[S, M], reason error) (deadLetter bool) {
	if e.req == nil {
		r.c.countDropped()
		r.deadLetter(e.msg, reason)
		return true
	}
	if edge := e.req.edge(); edge.IsRequest() {
		// Withdrawn for its caller, so that one giving up at this moment
		// learns it was not delivered; if the caller withdrew it first, it
		// knows already.
		if _, withdrew := edge.GiveUp(ErrStopped); !withdrew {
			return false
		}
		r.c.countDropped()
	}
	if reason == ErrStoppedNow {
		e.req.fail(ErrStoppedNow)
	} else {
		e.req.fail(ErrStopped)
	}
	return false
}

// haltLocked cancels the actor's own Context with cause, making it if
// needed, so that a handler waiting on it returns.
func (c *cell) haltLocked(cause error) {
	c.haltCtxLocked().cancel(cause)
}

// haltCtxLocked returns the context behind the actor's Context outside
// requests: cancelled when the actor stops, or at StopNow.
func (c *cell) haltCtxLocked() *cancelCtx {
	w := c.waitsLocked()
	if w.halt == nil {
		ctx, cancel := context.WithCancelCause(context.Background())
		w.halt = &cancelCtx{ctx, cancel}
		if c.phase == phaseStopped {
			cancel(ErrStopped)
		}
	}
	return w.halt
}

// halt returns the context behind the actor's Context outside requests.
func (c *cell) halt() *cancelCtx {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.haltCtxLocked()
}

// countDropped counts a message the actor stops without handling.
func (c *cell) countDropped() {
	c.mu.Lock()
	c.waitsLocked().dropped++
	c.mu.Unlock()
}
