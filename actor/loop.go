package actor

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"runtime/pprof"

	"github.com/troupe-go/troupe/future"
	"github.com/troupe-go/troupe/internal/runner"
)

// send queues e. A full OverflowBlock mailbox makes it wait for room until
// ctx ends. No lock is taken unless the mailbox spills or is full.
func (r *Ref[S, M]) send(ctx context.Context, e envelope[S, M]) error {
	for {
		p, claimed, err := r.c.reserve(r.c.cfg.capacity)
		if err == nil {
			r.deliver(p, claimed, e)
			return nil
		}
		if err != ErrMailboxFull || r.c.cfg.overflow == OverflowFail {
			return err
		}
		if err := r.c.awaitRoom(ctx); err != nil {
			return fmt.Errorf("actor: waiting for mailbox room of %s: %w", r, err)
		}
	}
}

// deliver stores e at the position p that reserve gave it. If the send
// claimed the run state, the actor was idle with an empty mailbox: e goes
// to the mailbox's hand and a runner is woken to handle it.
func (r *Ref[S, M]) deliver(p uint64, claimed bool, e envelope[S, M]) {
	r.custody(opAdopt, &e)
	if claimed {
		r.q.Hand(e)
		r.wake(true)
		return
	}
	r.q.Put(p, e, &r.c.node.Taken)
}

// run is the actor's thread of control, entered by the goroutine that holds
// the run state: OnStart first when it is due, then messages until the
// mailbox is empty, then either idle (the goroutine goes back to its
// runner) or, when stopping, the end of the actor.
func (r *Ref[S, M]) run(starting bool) {
	r.c.enter()
	defer r.c.leave()
	if starting {
		if err := r.onStart(); err != nil {
			r.die(err, false)
			return
		}
		r.c.logDebug("started")
	}
	r.loop()
}

// runHanded runs the actor that a send woke from idle: that send's message,
// the mailbox's next and only one, waits in the mailbox's hand.
func (r *Ref[S, M]) runHanded() {
	r.c.enter()
	defer r.c.leave()
	e := r.q.TakeHand()
	r.c.took(r.c.node.Taken.Load() + 1)
	if err := r.handle(e); err != nil && r.failed(err) {
		return
	}
	r.loop()
}

// loop handles messages until the mailbox is empty, then gives the run
// state up or, when stopping, ends the actor.
func (r *Ref[S, M]) loop() {
	p := r.c.node.Taken.Load()
	first := p // a run that handled more than one message meets a flow: see given
	for end := p; ; {
		e, ok := r.q.TakeReady(p)
		if !ok {
			if p >= end { // not known to be given out: TakeReady may have run ahead of end
				s, given := r.given(p, p-first > 1)
				if given == p {
					if s&stClosed != 0 {
						r.finish(nil, true, nil)
						return
					}
					if r.idle(p) {
						return
					}
					continue
				}
				end = given
			} else {
				r.q.Grow(p, r.c.givenOut) // senders may have found the ring full
			}
			e = r.q.Take(p)
		}
		p++
		r.c.took(p)
		r.q.Took(p)
		if err := r.handle(e); err != nil && r.failed(err) {
			return
		}
	}
}

// given returns how many positions have been given out, p or more, and the
// state word if it read it. When it is p and flowing says senders are in
// full flow, it looks a little longer, if another processor can run a
// sender meanwhile: a sender in flow gives out the next position within
// that time, and going idle and being woken again costs more. It never
// waits for anything else. The state word is read as seldom as possible,
// since senders keep writing it: while messages flow through the ring, the
// next one's slot tells that it was given out.
func (r *Ref[S, M]) given(p uint64, flowing bool) (s, n uint64) {
	spins := 0
	for i := 0; ; i++ {
		if r.q.Ready(p) {
			return 0, p + 1
		}
		if i%16 == 0 || i >= spins {
			// The message may have spilled, or a stop come: look.
			s = r.c.state.Load()
			if i == 0 && flowing && runtime.GOMAXPROCS(0) > 1 {
				spins = maxSpins
			}
			if n = positions(s); n != p || s&stClosed != 0 || i >= spins {
				r.q.Grow(p, r.c.givenOut)
				return s, n
			}
		}
	}
}

// maxSpins is how many looks given takes at most: about a microsecond. A
// run that handled one message (a token passed around, a request now and
// then) does not spin: its next message is rarely that close.
const maxSpins = 128

// idle gives the run state up, the mailbox being empty after position p,
// unless a message came or a stop was asked meanwhile: then it reports
// false and the actor goes on. This is the one place where the actor goes
// idle. The mailbox's buffers go lazily: a sweep lets them go once the
// actor stayed idle through a tick (an actor in a testing/synctest bubble
// lets them go at once, since the sweep runs outside its bubble).
func (r *Ref[S, M]) idle(p uint64) bool {
	if r.c.bubbled {
		if !r.q.Release(p, r.c.givenOut) {
			return false
		}
	} else if r.q.Holds() {
		r.q.Rest(p)
		if !r.c.sweepDue {
			r.c.sweepDue = true
			runner.Later((*sweepRun[S, M])(r))
		}
	}
	return r.c.rest(p)
}

// sweep lets the mailbox's buffers go if the actor stayed idle since it
// last went idle, by taking its run state for a moment; an actor that
// handled messages since is looked at again a tick later.
func (r *Ref[S, M]) sweep() {
	p, ok := r.c.claimRest()
	if !ok {
		if r.c.state.Load()&stClosed == 0 {
			runner.Later((*sweepRun[S, M])(r))
		}
		return
	}
	if r.q.RestedSince(p) {
		r.c.sweepDue = false
		r.q.Release(p, r.c.givenOut)
	} else {
		r.q.Rest(p) // busy since: idle again from now
		runner.Later((*sweepRun[S, M])(r))
	}
	if !r.c.rest(p) {
		r.wake(false) // messages came meanwhile
	}
}

// handle runs one message. It returns the error of a failed Tell; an Ask's or
// a Call's failure goes to its caller and leaves the actor running.
func (r *Ref[S, M]) handle(e envelope[S, M]) error {
	if r.c.killed.Load() {
		r.drop(e, ErrStoppedNow) // StopNow: what is still queued is not handled
		return nil
	}
	if e.req == nil {
		if r.c.carries == carryNone {
			return r.receive(e.msg)
		}
		err := r.receive(e.msg)
		r.custody(opRelease, &e)
		return err
	}
	if !e.req.edge().Take() {
		return nil // withdrawn by a caller that gave up on it
	}
	rc := e.req.context()
	r.c.beginRequest(rc) // the handler's Context carries the caller's ctx
	if e.req.call(&r.c, r.state) {
		r.c.endRequest(rc)
		if f, ok := e.req.(failing); ok && f.failure() != nil {
			return f.failure() // a continuation's failure is the actor's, as a Tell's
		}
		return r.c.faulted() // nil but after a supervision message that fails the actor
	}
	// The reply promise stays in this actor's custody while the handler
	// runs, unless the handler sends it on (see custody.go).
	err := r.receive(e.msg)
	r.c.endRequest(rc)
	r.custody(opRelease, &e)
	if err != nil {
		e.req.fail(err)
	}
	return nil
}

func (r *Ref[S, M]) receive(msg M) (err error) {
	defer future.Recover(&err)
	return r.state.Receive(&r.c, msg)
}

func (r *Ref[S, M]) onStart() (err error) {
	defer future.Recover(&err)
	return r.startHook().OnStart(&r.c)
}

// failed handles a Tell's failure, which no caller will see, and the
// faults of supervision messages (a child's escalation, a parent's restart
// order): it is logged, OnFailure runs, and the failure policy decides
// (Stop, Resume or Restart). It reports whether this goroutine is done with
// the actor: it stopped, parked for a backoff delay or its parent's decision.
func (r *Ref[S, M]) failed(err error) (done bool) {
	fault := r.c.takeFault()
	if o, ok := err.(*restartOrder); ok {
		return !r.restart("", o, true)
	}
	if f, ok := fault.(tellFailure); ok { // a tick's or a notice's handler failed: a failed Tell
		err, fault = f.err, nil
	}
	what := "actor: tell failed"
	if fault != nil {
		what = "actor: child failure escalated"
	}
	policy := r.c.policy().policy
	switch {
	case policy == Restart: // restart logs it, once it knows the limit's answer
	case policy == Resume || r.supervisor() != nil: // recovered, or the parent decides
		r.logFailure(slog.LevelWarn, what, err)
	default:
		r.logFailure(slog.LevelError, what, err)
	}
	var hookErr error
	if r.failureHook() != nil {
		hookErr = r.hook("OnFailure", func() { r.failureHook().OnFailure(&r.c, err) })
	}
	switch policy {
	case Resume:
		return false
	case Restart:
		return !r.restart(what, err, true)
	}
	r.giveUp(err, true, hookErr)
	return true
}

// logFailure logs a failure that no caller receives: at Warn when it is
// recovered from (Resume, Restart) or handed to a supervising parent, at
// Error when nobody handles it.
func (r *Ref[S, M]) logFailure(level slog.Level, what string, err error) {
	r.c.log().Log(context.Background(), level, what, "actor", r.Name(), "urn", r.URN(), "err", err)
}

// die ends the actor after its first OnStart failed with cause: OnFailure
// runs, then the actor gives up (it stops, or a supervising parent decides).
func (r *Ref[S, M]) die(cause error, started bool) {
	var hookErr error
	if r.failureHook() != nil {
		hookErr = r.hook("OnFailure", func() { r.failureHook().OnFailure(&r.c, cause) })
	}
	r.giveUp(cause, started, hookErr)
}

// finish ends the actor, which no longer accepts messages, in this order:
// every request still queued fails with ErrStopped and every Tell still
// queued becomes a dead letter (so that no child waits on them); OnStop
// runs if due (started); what the state holds is released (see holdings):
// timers cancelled, watches on others dropped, children stopped newest
// first, each awaited; the actor leaves its registry; Done closes; the
// actors watching it are told. Err() becomes cause joined with any hook
// panic.
func (r *Ref[S, M]) finish(cause error, started bool, hookErr error) {
	rest := r.drain()
	lost := 0
	for _, e := range rest {
		if r.drop(e, cause) {
			lost++ // only a failure leaves Tells behind
		}
	}
	errs := []error{cause, hookErr}
	if started && r.stopHook() != nil {
		errs = append(errs, r.hook("OnStop", func() { r.stopHook().OnStop(&r.c) }))
	}
	r.c.release(true)
	if err := errors.Join(errs...); err != nil || lost > 0 {
		r.c.mu.Lock()
		w := r.c.waitsLocked()
		w.err = err
		if lost > 0 {
			w.lost = &lostError{actor: r.String(), n: lost, reason: cause}
		}
		r.c.mu.Unlock()
	}
	r.c.reg.Unregister(r)
	// Logged before Done closes, so whoever waited on Stop or Done finds
	// the whole lifecycle in the log.
	if cause != nil {
		r.c.logDebug("failed")
	} else {
		r.c.logDebug("stopped")
	}
	r.c.mu.Lock()
	r.c.phase = phaseStopped
	if r.c.waits != nil && r.c.waits.done != nil {
		close(r.c.waits.done)
	}
	if r.c.waits != nil && r.c.waits.halt != nil {
		r.c.waits.halt.cancel(ErrStopped)
	}
	sv, watchers, err := r.c.sup(), r.c.takeWatchersLocked(), r.c.errLocked()
	r.c.mu.Unlock()
	for w := range watchers {
		w.fire(err)
	}
	if sv != nil && sv.parent != nil {
		sv.parent.detach(&r.c.cell)
	}
}

// drain takes every message still queued in a closed mailbox, oldest first.
func (r *Ref[S, M]) drain() []envelope[S, M] {
	var rest []envelope[S, M]
	p := r.c.node.Taken.Load()
	for end := positions(r.c.state.Load()); p < end; p++ {
		rest = append(rest, r.q.Take(p))
	}
	r.c.took(p)
	r.q.Took(p)
	return rest
}

// hook runs a lifecycle hook. A panic in it is logged and returned as an
// error wrapping a *PanicError; it never crashes the process.
func (r *Ref[S, M]) hook(name string, fn func()) (err error) {
	defer func() {
		if err != nil {
			err = fmt.Errorf("actor: %s of %s: %w", name, r, err)
			r.c.log().Error("actor: hook panicked", "actor", r.Name(), "urn", r.URN(), "hook", name, "err", err)
		}
	}()
	defer future.Recover(&err)
	fn()
	return nil
}

// runInline runs fn on the calling goroutine. Go offers no way to read a
// goroutine's profiler labels back, so only labels the caller's ctx carries
// (set by pprof.Do) can be restored: with such a ctx fn runs under the
// actor's labels and the ctx's are put back after; with a ctx without
// labels fn runs under whatever labels the goroutine has, which stay.
func (r *Ref[S, M]) runInline(ctx context.Context, fn func()) {
	if !carriesLabels(ctx) {
		r.c.keepLabels = true
		defer func() { r.c.keepLabels = false }()
		fn()
		return
	}
	defer pprof.SetGoroutineLabels(ctx)
	fn()
}

// carriesLabels reports whether ctx carries profiler labels.
func carriesLabels(ctx context.Context) (has bool) {
	pprof.ForLabels(ctx, func(string, string) bool {
		has = true
		return false
	})
	return has
}
