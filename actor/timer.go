package actor

import (
	"fmt"
	"time"
)

// timer is one pending After or Every of an actor, in its state's set of
// timers while it may still deliver.
type timer struct {
	t     *time.Timer
	every time.Duration // Every's interval; 0 for After
}

// After sends msg to the actor whose Context ctx is, once, after d: a Tell
// to itself, handled in turn with its other messages. msg may be of any
// type assignable to the actor's message type: a Tick for an actor whose
// messages are an interface Msg that Tick implements. The Context does not
// carry that type, so After checks it when called and panics, naming both
// types, if msg cannot be assigned; [Ref.After] is the same with the check
// done by the compiler.
//
// The wait holds no goroutine (time.AfterFunc). The timer belongs to the
// actor's current state and dies with it: a restart cancels it after the
// state's OnStop, and its tick, even if already queued, reaches only the
// state that set it. A timer that fires after a Stop was requested delivers
// nothing, so no tick is ever a dead letter of a stopped actor.
// Called on an actor that is stopping, After does nothing. The message does
// not count against a bounded mailbox's limit: it never blocks nor fails for
// room.
//
// cancel stops the timer if its tick has not been handled yet: a tick
// already queued is then dropped. It may be called any number of times,
// from any goroutine.
func After[M any](ctx *Context, d time.Duration, msg M) (cancel func()) {
	return schedule("After", ctx, d, msg, false)
}

// Every sends msg to the actor whose Context ctx is every d, until cancel is
// called or the actor stops or restarts; otherwise as [After]. The interval
// is measured from one tick's delivery (when the handler gets it) to the
// next (a fixed delay), and the next tick is only timed from there: at most
// one tick waits, so ticks never bunch up after a pause. Every panics if d
// is not positive. [Ref.Every] is the same with msg's type checked by the
// compiler.
func Every[M any](ctx *Context, d time.Duration, msg M) (cancel func()) {
	return every(ctx, d, msg)
}

// After is [After] on the actor r: msg is an M, so a value of the wrong
// type does not compile, and any value assignable to M (a Tick for an
// interface Msg) needs no conversion. It may be called from any goroutine;
// in a handler, [Self] or a ref kept in the state gives r.
func (r *Ref[S, M]) After(d time.Duration, msg M) (cancel func()) {
	return schedule("After", &r.c, d, msg, false)
}

// Every is [Every] on the actor r, with msg's type checked by the compiler
// as for [Ref.After].
func (r *Ref[S, M]) Every(d time.Duration, msg M) (cancel func()) {
	return every(&r.c, d, msg)
}

func every[M any](ctx *Context, d time.Duration, msg M) func() {
	if d <= 0 {
		panic(fmt.Sprintf("actor: Every needs a positive interval, got %v", d))
	}
	return schedule("Every", ctx, d, msg, true)
}

func schedule[M any](fn string, ctx *Context, d time.Duration, msg M, every bool) func() {
	p := posterOf[M](fn, ctx)
	c := &ctx.cell
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.phase != phaseRunning {
		return func() {}
	}
	sv := c.supLocked()
	if sv.timers == nil {
		sv.timers = make(map[*timer]struct{})
	}
	tm := new(timer)
	if every {
		tm.every = d
	}
	sv.timers[tm] = struct{}{}
	// Set under the lock, which the tick's checks take: they see tm.t.
	tm.t = time.AfterFunc(d, func() {
		p.postHeld(msg, func() bool { return c.holdsLocked(tm) }, func() bool { return c.deliverTick(tm) })
	})
	return func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		if c.holdsLocked(tm) {
			delete(c.sup().timers, tm)
			tm.t.Stop()
		}
	}
}

// holdsLocked reports whether tm is one of the current state's timers:
// not cancelled, not released by a stop or a restart, and for After not
// yet delivered.
func (c *cell) holdsLocked(tm *timer) bool {
	_, ok := c.sup().timers[tm]
	return ok
}

// deliverTick reports whether a tick of tm, which the actor has come to,
// is still due (see postHeld). Every's timer is armed again from now, so
// that its interval runs from one delivery to the next and at most one of
// its ticks waits; After's leaves the state's timers.
func (c *cell) deliverTick(tm *timer) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.holdsLocked(tm) {
		return false
	}
	if tm.every > 0 {
		tm.t.Reset(tm.every)
	} else {
		delete(c.sup().timers, tm)
	}
	return true
}
