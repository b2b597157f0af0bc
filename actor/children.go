package actor

import (
	"context"
	"fmt"
	"log/slog"
	"reflect"
	"slices"
	"time"

	"github.com/troupe-go/troupe/registry"
)

// ChildFailure reports a child that failed after its own policy gave up:
// OnChildFailure receives one, and a parent that escalates fails with one,
// so errors.As finds which child failed and errors.Is sees the cause.
type ChildFailure struct {
	Child registry.Entry // the child's *Ref
	Err   error          // why it failed
}

// Error returns e.g. "actor: child Worker (urn:uuid:…) failed: boom".
func (f ChildFailure) Error() string {
	return fmt.Sprintf("actor: child %s (%s) failed: %v", f.Child.Name(), f.Child.URN(), f.Err)
}

// Unwrap returns the child's error.
func (f ChildFailure) Unwrap() error { return f.Err }

// childFailureHandler is the optional hook of a supervising state:
//
//	OnChildFailure(*Context, ChildFailure) Directive
//
// It runs on the parent's goroutine, in turn with its messages, and chooses
// Stop, Restart or Escalate for the failed child; the strategy of
// WithSupervision (default OneForOne) says whether the other children follow.
type childFailureHandler interface {
	OnChildFailure(*Context, ChildFailure) Directive
}

// StartChild starts a child of the actor whose Context ctx is, as Start
// does. The child uses its parent's registry and logger unless opts say
// otherwise.
//
// A child belongs to the parent's current state, and stops before its
// parent finishes stopping: the parent, once its own messages are handled
// and its queued requests failed, runs its OnStop (which can still reach
// its children), then stops its children newest first, waiting for each. A
// restart of the parent, after the old state's OnStop, asks its children to
// stop, without waiting. When a
// child fails (it stops with an error after its own policy gave up), a
// parent with [WithSupervision] or an OnChildFailure method decides what
// happens to it; see [ChildFailure]. A child started with StartChild has no
// factory, so it cannot be restarted: a Restart directive stops it.
//
// If the parent has already stopped its children for good, the child is
// stopped at once and StartChild returns its stopped ref.
func StartChild[S Receiver[M], M any](ctx *Context, state S, opts ...Option) *Ref[S, M] {
	return adopt(Start(state, childOptions("StartChild", ctx, opts)...))
}

// SpawnChild starts a child as [StartChild] does, from a factory as [Spawn]
// does, so that the child can restart: by its own policy, or by its
// parent's directive.
func SpawnChild[S Receiver[M], M any](ctx *Context, factory func() S, opts ...Option) *Ref[S, M] {
	return adopt(Spawn(factory, childOptions("SpawnChild", ctx, opts)...))
}

func childOptions(fn string, ctx *Context, opts []Option) []Option {
	if ctx == nil {
		panic("actor: " + fn + " with a nil *Context")
	}
	parent := &ctx.cell
	all := make([]Option, 0, len(opts)+3)
	all = append(all, WithRegistry(parent.reg))
	if l := parent.cfg.logger; l != nil {
		all = append(all, WithLogger(l))
	}
	all = append(all, opts...)
	return append(all, optionFunc(func(c *config) { c.supervision().parent = parent }))
}

func adopt[S Receiver[M], M any](r *Ref[S, M]) *Ref[S, M] {
	if r.c.sup().orphan {
		r.Stop(context.Background())
	}
	return r
}

// supervises reports whether the actor decides on its children's failures.
func (r *Ref[S, M]) supervises() bool {
	if sc := r.c.cfg.sup; sc != nil && sc.supervises {
		return true
	}
	return reflect.TypeFor[S]().Implements(reflect.TypeFor[childFailureHandler]())
}

// childFailed queues the decision on a failed, parked child in the parent's
// mailbox. It reports false if the parent is stopping and will not decide.
func (r *Ref[S, M]) childFailed(child *cell, p *park) bool {
	req := &sysReq[S]{
		run:  func(ctx *Context, s S) { r.superviseChild(ctx, s, child, p) },
		drop: func() { memberOf(child).decide(Stop, p) },
	}
	return r.post(envelope[S, M]{req: req}, nil) == nil
}

// superviseChild decides on a failed child, on the parent's goroutine.
// Escalating, and a Restart the child's restart limit refuses, fail the
// parent through the run loop's fault.
func (r *Ref[S, M]) superviseChild(ctx *Context, s S, child *cell, p *park) {
	sc := r.c.policy()
	f := ChildFailure{Child: child.owner(), Err: p.cause}
	d := sc.directive
	if h, ok := any(s).(childFailureHandler); ok {
		if err := r.hook("OnChildFailure", func() { d = h.OnChildFailure(ctx, f) }); err != nil {
			memberOf(child).decide(Stop, p)
			r.c.sup().fault = err
			return
		}
		if d != Stop && d != Restart && d != Escalate {
			r.c.log().Error("actor: OnChildFailure returned an invalid directive; the child stops",
				"actor", r.Name(), "urn", r.URN(), "directive", d)
			d = Stop
		}
	}
	if l := r.c.log(); l.Enabled(context.Background(), slog.LevelDebug) {
		l.Debug("child failed", "actor", r.Name(), "urn", r.URN(), "child", child.owner().URN(),
			"err", p.cause, "directive", d, "strategy", sc.strategy)
	}
	if sc.strategy == AllForOne && d != Escalate {
		r.c.mu.Lock()
		kids := slices.Clone(r.c.sup().children)
		r.c.mu.Unlock()
		for _, k := range slices.Backward(kids) {
			switch {
			case k == child:
			case d == Restart:
				memberOf(k).orderRestart(p.cause)
			default:
				k.owner().requestStop()
			}
		}
	}
	err := memberOf(child).decide(d, p)
	switch {
	case d == Escalate:
		r.c.sup().fault = f
	case err != nil:
		r.c.sup().fault = ChildFailure{Child: child.owner(), Err: err}
	}
}

// decide carries out the parent's directive on the parked child: Restart
// (if it has a factory and its restart limit allows) or else stop. It
// returns the restart limit's error when that refused a Restart.
func (r *Ref[S, M]) decide(d Directive, p *park) error {
	r.c.mu.Lock()
	if r.c.sup().park != p { // a stop took it
		r.c.mu.Unlock()
		return nil
	}
	r.c.sup().park = nil
	var refused error
	if d == Restart && r.c.sup().cfg.factory != nil {
		delay, err := r.c.sup().history.admit(r.c.sup().cfg, time.Now(), p.cause)
		switch {
		case err != nil:
			refused, p.cause = err, err
		case delay > 0:
			r.parkLocked(delay) // the phase is running: a stop would have taken the park
			r.c.mu.Unlock()
			return nil
		default:
			r.c.mu.Unlock()
			go r.resume()
			return nil
		}
	}
	r.c.beginStopLocked()
	r.c.mu.Unlock()
	go r.finishParked(p)
	return refused
}

// orderRestart makes a healthy sibling of a failed child restart, after the
// messages already in its mailbox; a sibling without a factory stops
// instead. A parked sibling is left alone: it is restarting already, or
// waiting for its own decision.
func (r *Ref[S, M]) orderRestart(cause error) {
	if r.c.cfg.sup.factory == nil {
		r.requestStop()
		return
	}
	order := &restartOrder{cause}
	req := &sysReq[S]{run: func(*Context, S) { r.c.sup().fault = order }}
	r.post(envelope[S, M]{req: req}, func() bool { return r.c.sup().park == nil })
}

// restartOrder is the fault by which a parent's all-for-one Restart reaches a
// healthy child's run loop.
type restartOrder struct{ cause error }

func (o *restartOrder) Error() string {
	return "actor: restarted with a failed sibling: " + o.cause.Error()
}
func (o *restartOrder) Unwrap() error { return o.cause }
