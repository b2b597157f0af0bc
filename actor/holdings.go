package actor

import (
	"context"
	"slices"
)

// holdings is what an actor's current state holds besides itself: the
// timers it set (After, Every), the children it started (StartChild,
// SpawnChild) and its watches on others (Watch). They belong to the state,
// not to the actor: whether the actor restarts or stops for good, they are
// released the same way, by release, after the state's OnStop ran, so that
// what OnStop itself sets up does not outlive the state either, and OnStop
// can still use what the state holds. Guarded by the cell's lock.
type holdings struct {
	timers   map[*timer]struct{}
	children []*cell // oldest first; a child leaves once it has stopped
	watching map[*watch]struct{}
	closed   bool // the actor stopped for good: a child started now stops at once
}

// release lets go of what the current state holds, after its OnStop: its
// timers are cancelled (a tick already queued is not delivered), its
// watches on others end, and its children are asked to stop, newest first.
// final (the actor stops for good) also refuses new children and waits for
// each child to stop.
func (c *cell) release(final bool) {
	c.mu.Lock()
	sv := c.sup()
	if sv == nil {
		if final { // so that a child started from now on stops at once
			c.sv.Store(&released)
		}
		c.mu.Unlock()
		return
	}
	for t := range sv.timers {
		t.t.Stop()
	}
	sv.timers = nil
	watching := sv.watching
	sv.watching = nil
	kids := slices.Clone(sv.children)
	sv.closed = sv.closed || final
	c.mu.Unlock()
	for w := range watching {
		w.unlink()
	}
	for _, k := range slices.Backward(kids) {
		if final {
			k.owner().Stop(context.Background())
		} else {
			k.owner().requestStop()
		}
	}
}

// postHeld queues msg for something the current state holds (a timer's
// tick, a watch's notice), unless held, run under the lock, says it is no
// longer held. The message travels as a system message and reaches the
// handler, as a Tell, only if deliver reports, when the actor comes to it,
// that the state still holds its source: so it never reaches a state that
// did not set its source up, and a cancel also drops a message already
// queued.
func (r *Ref[S, M]) postHeld(msg M, held, deliver func() bool) {
	req := &sysReq[S]{run: func(*Context, S) {
		if !deliver() {
			return
		}
		if err := r.receive(msg); err != nil {
			r.c.sup().fault = tellFailure{err}
		}
	}}
	r.post(envelope[S, M]{req: req}, held)
}

// tellFailure is the fault by which the failure of a message that postHeld
// delivered reaches the run loop, to be handled as a failed Tell.
type tellFailure struct{ err error }

func (f tellFailure) Error() string { return f.err.Error() }
func (f tellFailure) Unwrap() error { return f.err }

// detach removes a stopped child from c's children.
func (c *cell) detach(child *cell) {
	c.mu.Lock()
	sv := c.sup()
	sv.children = slices.DeleteFunc(sv.children, func(k *cell) bool { return k == child })
	c.mu.Unlock()
}
