package actor

import (
	"reflect"

	"github.com/troupe-go/troupe/internal/waitgraph"
)

// supervision is an actor's state for supervision, timers and watches. It is
// made at Start for an actor with supervision options, a factory or a
// parent, and on first use for one that starts children, timers or watches.
type supervision struct {
	cfg    *supConfig // never nil
	parent *cell      // nil for an actor started with Start or Spawn
	orphan bool       // the parent had stopped its children: stop at once

	// Guarded by the cell's lock.
	park *park
	holdings
	watchers map[*watch]struct{} // watches on this actor

	// Kept by whoever holds the run state.
	history history
	// fault is a failure raised by a system message (a child's escalation,
	// a parent's restart order) for the run loop to take, like a failed
	// Tell's error.
	fault error
}

// faulted returns the fault a system message raised, if any.
func (c *cell) faulted() error {
	sv := c.sup()
	if sv == nil {
		return nil
	}
	return sv.fault
}

// takeFault returns and clears the fault a system message raised.
func (c *cell) takeFault() error {
	f := c.faulted()
	if f != nil {
		c.sup().fault = nil
	}
	return f
}

// sup returns the actor's supervision state, or nil if it has none yet.
func (c *cell) sup() *supervision { return c.sv.Load() }

// noSupervision is the configuration of an actor without supervision
// options.
var noSupervision = supConfig{restarts: defaultRestarts, window: defaultWindow}

// newSupervision makes the supervision state of an actor being started, or
// nil if it needs none yet, and joins it to its parent.
func newSupervision(c *cell, sc *supConfig) *supervision {
	if sc == nil {
		return nil
	}
	sc.check()
	sv := &supervision{cfg: sc, parent: sc.parent}
	if p := sc.parent; p != nil {
		p.mu.Lock()
		psv := p.supLocked()
		if psv.closed {
			sv.orphan = true
		} else {
			psv.children = append(psv.children, c)
		}
		p.mu.Unlock()
	}
	return sv
}

// released is shared by the stopped actors that never needed supervision
// state, so that stopping one costs no allocation. It is never written:
// supLocked replaces it with a state of the actor's own.
var released = supervision{cfg: &noSupervision, holdings: holdings{closed: true}}

// supLocked returns the actor's supervision state, making it on first use.
func (c *cell) supLocked() *supervision {
	sv := c.sup()
	if sv == nil || sv == &released {
		sv = &supervision{cfg: &noSupervision, holdings: holdings{closed: sv != nil}}
		c.sv.Store(sv)
	}
	return sv
}

// policy returns the actor's supervision options.
func (c *cell) policy() *supConfig {
	if c.cfg.sup != nil {
		return c.cfg.sup
	}
	return &noSupervision
}

// member is the type-free side of a *Ref that supervision, timers and
// watches work with; cell.node.ID holds one.
type member interface {
	owner
	msgType() reflect.Type
	supervises() bool
	childFailed(child *cell, p *park) bool
	decide(d Directive, p *park) error
	orderRestart(cause error)
	finishParked(p *park)
	resume()
}

func memberOf(c *cell) member { return c.node.ID.(member) }

func (r *Ref[S, M]) msgType() reflect.Type { return reflect.TypeFor[M]() }

// poster is the typed side of a *Ref whose messages are M.
type poster[M any] interface {
	member
	postHeld(msg M, held, deliver func() bool)
}

// posterOf returns the ref of the actor whose Context ctx is, as a poster of
// M: the ref itself when M is its message type, or an adapter when values of
// M can be assigned to it (a Tick for an actor of an interface Msg). It
// panics, naming the function, if they cannot.
func posterOf[M any](fn string, ctx *Context) poster[M] {
	if ctx == nil {
		panic("actor: " + fn + " with a nil *Context")
	}
	if p, ok := ctx.node.ID.(poster[M]); ok {
		return p
	}
	m := memberOf(&ctx.cell)
	if !reflect.TypeFor[M]().AssignableTo(m.msgType()) {
		panic("actor: " + fn + ": " + ctx.Name() + " takes messages of type " + m.msgType().String() +
			"; " + reflect.TypeFor[M]().String() + " is not assignable to it (Ref." + fn + " checks this at compile time)")
	}
	return assigning[M]{m.(anyPoster)}
}

// anyPoster is a *Ref seen as taking any value assignable to its message
// type; posterOf checked that the value's type is.
type anyPoster interface {
	member
	postHeldAny(msg any, held, deliver func() bool)
}

// assigning posts an M to an actor whose message type M is assignable to.
type assigning[M any] struct{ anyPoster }

func (a assigning[M]) postHeld(msg M, held, deliver func() bool) { a.postHeldAny(msg, held, deliver) }

func (r *Ref[S, M]) postHeldAny(msg any, held, deliver func() bool) {
	m, _ := msg.(M) // a nil interface value stays M's nil
	r.postHeld(m, held, deliver)
}

// post queues e like send, for the runtime's own messages (timer ticks,
// watch notices, supervision): it never waits for room nor fails on a full
// mailbox, so a system message is neither lost nor blocks its sender. guard,
// if not nil, runs under the actor's lock and refuses the message by
// returning false. post returns ErrStopped if the actor is not running or
// guard refused.
func (r *Ref[S, M]) post(e envelope[S, M], guard func() bool) error {
	r.c.mu.Lock()
	if guard != nil && !guard() {
		r.c.mu.Unlock()
		return ErrStopped
	}
	p, claimed, err := r.c.reserve(0)
	r.c.mu.Unlock()
	if err == nil {
		r.deliver(p, claimed, e)
	}
	return err
}

// sysReq is a supervision message: run runs on the actor's goroutine, in turn
// with its messages; drop runs instead if the actor stops first.
type sysReq[S any] struct {
	e    waitgraph.Edge
	run  func(*Context, S)
	drop func()
}

func (q *sysReq[S]) call(ctx *Context, s S) bool { q.run(ctx, s); return true }
func (q *sysReq[S]) edge() *waitgraph.Edge       { return &q.e }

func (q *sysReq[S]) fail(error) {
	if q.drop != nil {
		q.drop()
	}
}
