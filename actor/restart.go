package actor

import (
	"errors"
	"fmt"
	"log/slog"
	"reflect"
	"time"

	"github.com/troupe-go/troupe/future"
	"github.com/troupe-go/troupe/internal/nilness"
)

// park stands in for the goroutine of an actor that waits: for a restart's
// backoff delay (timer is set) or for its parent's decision on its failure
// (cause is set). The actor's run state stays taken (running is true), so
// no send starts a goroutine; its old state has retired (OnStop ran). The
// stop that finds the actor parked takes the park and finishes the actor;
// so does the timer, or the parent, that takes it first to go on. Whoever
// takes it does so under the actor's lock, so exactly one does.
type park struct {
	timer *time.Timer
	cause error // the failure the actor gave up on
	errs  error // hook panics to join into Err
}

// abortParkLocked goes on with a parked actor that is asked to stop. One
// waiting out a backoff delay restarts now, so that the fresh state handles
// what was queued before the stop; one waiting for its parent's decision
// has given up, and finishes.
func (c *cell) abortParkLocked() {
	sv := c.sup()
	if sv == nil || sv.park == nil {
		return
	}
	p := sv.park
	sv.park = nil
	if p.timer != nil {
		p.timer.Stop()
		go memberOf(c).resume()
		return
	}
	go memberOf(c).finishParked(p)
}

// finishParked finishes an actor whose park the caller took: without OnStop,
// which ran when it parked.
func (r *Ref[S, M]) finishParked(p *park) {
	r.c.enter()
	defer r.c.leave()
	r.finish(p.cause, false, p.errs)
}

// restart replaces the state after cause on the goroutine that holds the run
// state; started says whether OnStop is due for the old one. A failing
// factory or OnStart counts as one more failure. A stopping actor restarts
// without the backoff delay: no delay may hold up the messages queued
// before the stop. restart reports whether the actor goes on on this
// goroutine; if not, it parked for a backoff delay, or it gave up.
//
// what, unless empty, says what failed: cause is logged as it, at Warn if
// the restart limit lets the actor restart (or a supervising parent will
// decide), at Error if nobody handles it.
func (r *Ref[S, M]) restart(what string, cause error, started bool) bool {
	sv := r.c.sup() // made at Start: only an actor with a factory restarts
	for {
		delay, err := sv.history.admit(sv.cfg, time.Now(), cause)
		if err != nil {
			if what != "" {
				level := slog.LevelError
				if r.supervisor() != nil {
					level = slog.LevelWarn
				}
				r.logFailure(level, what, err)
			}
			r.giveUp(err, started, nil)
			return false
		}
		if what != "" {
			r.logFailure(slog.LevelWarn, what, cause)
		}
		r.retire(started)
		started = false
		if delay > 0 {
			r.c.mu.Lock()
			parked := r.parkLocked(delay) // not if stopping
			r.c.mu.Unlock()
			if parked {
				return false
			}
		}
		if cause = r.renew(); cause == nil {
			return true
		}
		what = restartFailed
	}
}

// retire ends the current state's incarnation: OnStop runs if due, then
// what the state holds is released (see holdings). The children are asked
// to stop but not awaited: they may be waiting on this actor, whose mailbox
// is kept. It returns OnStop's panic, if any.
func (r *Ref[S, M]) retire(started bool) (err error) {
	if started && r.stopHook() != nil {
		err = r.hook("OnStop", func() { r.stopHook().OnStop(&r.c) })
	}
	r.c.release(false)
	return err
}

// renew starts a fresh state from the factory. It returns the failure of
// the factory or of the fresh state's OnStart (after OnFailure ran on it).
func (r *Ref[S, M]) renew() error {
	state, err := r.fresh()
	if err == nil {
		r.state = state
		r.c.sup().history.began = time.Now()
		if r.startHook() != nil {
			err = r.onStart()
		}
		if err == nil {
			r.c.logDebug("restarted")
			return nil
		}
		if r.failureHook() != nil {
			r.hook("OnFailure", func() { r.failureHook().OnFailure(&r.c, err) })
		}
	}
	return err
}

// restartFailed is what the log says when a restart's factory or fresh
// OnStart failed.
const restartFailed = "actor: restart failed"

func (r *Ref[S, M]) fresh() (s S, err error) {
	defer future.Recover(&err)
	s = r.c.sup().cfg.factory.(func() S)()
	if nilness.IsNil(s) {
		return s, fmt.Errorf("actor: the factory of %s returned a nil %s", r, reflect.TypeFor[S]())
	}
	return s, nil
}

// parkLocked parks the actor until a backoff delay has passed. It reports
// false, having done nothing, if the actor is stopping: the restart must
// not wait.
func (r *Ref[S, M]) parkLocked(delay time.Duration) bool {
	if r.c.phase != phaseRunning {
		return false
	}
	p := new(park)
	r.c.sup().park = p
	p.timer = time.AfterFunc(delay, func() { r.unpark(p) })
	r.c.logDebug("restart delayed")
	return true
}

// unpark ends a backoff delay, unless a stop took the park first.
func (r *Ref[S, M]) unpark(p *park) {
	r.c.mu.Lock()
	if r.c.sup().park != p {
		r.c.mu.Unlock()
		return
	}
	r.c.sup().park = nil
	r.c.mu.Unlock()
	r.resume()
}

// resume starts the fresh state on this goroutine, which holds the run
// state, then runs the actor.
func (r *Ref[S, M]) resume() {
	r.c.enter()
	err := r.renew()
	goOn := err == nil || r.restart(restartFailed, err, false)
	r.c.leave()
	if goOn {
		r.run(false)
	}
}

// giveUp ends the actor after cause, once its policy has given up. A child
// whose parent supervises retires its state, parks and reports to the
// parent, which decides; any other actor stops.
func (r *Ref[S, M]) giveUp(cause error, started bool, hookErr error) {
	parent := r.supervisor()
	if parent == nil {
		r.c.mu.Lock()
		r.c.beginStopLocked()
		r.c.mu.Unlock()
		r.finish(cause, started, hookErr)
		return
	}
	p := &park{cause: cause}
	p.errs = errors.Join(hookErr, r.retire(started))
	r.c.mu.Lock()
	if r.c.phase != phaseRunning { // a stop came while the state retired
		r.c.mu.Unlock()
		r.finish(cause, false, p.errs)
		return
	}
	r.c.sup().park = p
	r.c.mu.Unlock()
	if parent.childFailed(&r.c.cell, p) {
		return
	}
	// The parent is stopping and will not decide: stop, unless a stop
	// already took the park.
	r.c.mu.Lock()
	mine := r.c.sup().park == p
	if mine {
		r.c.sup().park = nil
		r.c.beginStopLocked()
	}
	r.c.mu.Unlock()
	if mine {
		r.finish(cause, false, p.errs)
	}
}

// supervisor returns the actor's parent if it supervises its children.
func (r *Ref[S, M]) supervisor() member {
	r.c.mu.Lock()
	sv := r.c.sup()
	r.c.mu.Unlock()
	if sv == nil || sv.parent == nil {
		return nil
	}
	if p := memberOf(sv.parent); p.supervises() {
		return p
	}
	return nil
}
