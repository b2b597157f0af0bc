package actor

import (
	"fmt"
	"sync/atomic"
	"time"

	"github.com/troupe-go/troupe/future"
)

// WithIdle retires the actor after d without messages: passivation, for
// entities that are started on demand (see [GetOrStart]) and should not
// stay forever. Once the actor has been idle for d (no message, Ask, Call
// or other work since its last one, or since Start), it stops, as by
// [Ref.Stop]; if its state has a method
//
//	OnIdle(ctx *Context)
//
// that runs instead, on the actor's goroutine in turn with its messages, and
// decides: ctx.Stop(), a message to itself, or nothing. OnIdle runs again
// after each further d without messages. A panic in OnIdle is recovered and
// logged at Error.
//
// It costs no timer per message: one timer per actor, armed when the actor
// goes idle and not yet armed, compared when it fires with the time the
// actor last went idle, and re-armed for the rest of d if the actor worked
// meanwhile. A message that arrives as the actor retires is handled before
// it stops (Stop handles what is queued), or refused with [ErrStopped]
// after: a caller of GetOrStart then gets a fresh actor.
//
// WithIdle panics if d is not positive.
func WithIdle(d time.Duration) Option {
	if d <= 0 {
		panic(fmt.Sprintf("actor: WithIdle needs a positive duration, got %v", d))
	}
	// apply runs once per Start, so each actor gets its own idleTimer.
	return optionFunc(func(c *config) { c.idle = &idleTimer{d: d} })
}

// idler is the optional hook WithIdle calls instead of stopping the actor.
type idler interface{ OnIdle(*Context) }

// idleTimer is one actor's idle clock.
type idleTimer struct {
	d     time.Duration
	last  atomic.Int64 // unix nanoseconds when the actor last went idle
	armed atomic.Bool  // the timer is set to fire
	// t is atomic: the timer's own callback may read it, and nothing
	// orders that after the write of AfterFunc's result.
	t atomic.Pointer[time.Timer]
}

// rearm sets the timer to fire after d; the caller won the armed flag.
func (it *idleTimer) rearm(d time.Duration) {
	if t := it.t.Load(); t != nil { // nil only while Start sets it
		t.Reset(d)
	}
}

// retirer is the typed side of a ref that the idle timer retires.
type retirer interface{ passivate() }

// startIdle starts the idle clock of an actor started with WithIdle: it
// counts from Start. Start calls it before the actor is registered, so that
// no run reads the timer before it is set, and stopIdle if registering
// fails.
func (c *cell) startIdle() {
	it := c.cfg.idle
	if it == nil {
		return
	}
	it.last.Store(time.Now().UnixNano())
	it.armed.Store(true)
	it.t.Store(time.AfterFunc(it.d, func() { c.idleFired(it) }))
}

func (c *cell) stopIdle() {
	if it := c.cfg.idle; it != nil {
		it.t.Load().Stop()
	}
}

// wentIdle records that the actor has just gone idle, and arms its timer
// unless it is set already. cell.rest calls it.
func (c *cell) wentIdle() {
	it := c.cfg.idle
	if it == nil {
		return
	}
	it.last.Store(time.Now().UnixNano())
	if it.armed.CompareAndSwap(false, true) {
		it.rearm(it.d)
	}
}

// idleFired retires the actor if it has been idle for d, and otherwise
// leaves the timer to the next rest (if the actor runs) or re-arms it for
// the rest of d.
func (c *cell) idleFired(it *idleTimer) {
	it.armed.Store(false)
	if c.state.Load()&stRun != 0 {
		return // running: it rearms when it goes idle
	}
	c.mu.Lock()
	running := c.phase == phaseRunning
	c.mu.Unlock()
	if !running {
		return
	}
	if left := it.d - time.Since(time.Unix(0, it.last.Load())); left > 0 {
		if it.armed.CompareAndSwap(false, true) {
			it.rearm(left)
		}
		return
	}
	c.node.ID.(retirer).passivate()
}

// passivate runs OnIdle, or stops the actor, on the actor's goroutine.
func (r *Ref[S, M]) passivate() {
	req := &sysReq[S]{run: func(ctx *Context, s S) {
		h, ok := any(s).(idler)
		if !ok {
			ctx.Stop()
			return
		}
		if err := onIdle(h, ctx); err != nil {
			ctx.log().Error("actor: OnIdle panicked", "actor", ctx.Name(), "urn", ctx.URN(), "err", err)
		}
	}}
	_ = r.post(envelope[S, M]{req: req}, nil) // refused only if the actor is stopping
}

func onIdle(h idler, ctx *Context) (err error) {
	defer future.Recover(&err)
	h.OnIdle(ctx)
	return nil
}
