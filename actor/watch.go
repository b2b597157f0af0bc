package actor

import (
	"github.com/troupe-go/troupe/future"
	"github.com/troupe-go/troupe/internal/nilness"
)

// Watchable is what [Watch] needs of the actor it watches: every *Ref is
// one, whatever its types. The entries of a registry are refs, so
// entry.(actor.Watchable) holds for them.
type Watchable interface {
	Done() <-chan struct{}
	Err() error
}

// watch is one actor watching another. It is in its watcher's state's set
// while it may still deliver, until its notice is delivered; whoever takes
// it out of that set (the notice's delivery, cancel, or the release of the
// state) decides its fate, so the notice is delivered at most once.
type watch struct {
	watcher *cell
	target  *cell         // the target's cell, for a *Ref target
	stop    chan struct{} // closed to end the waiting goroutine, for another target
	deliver func(err error)
}

// Watch makes the actor whose Context ctx is receive notice(err), a message
// of its own type M, when target has stopped, err being target's Err (nil
// after a clean stop): exactly once unless the watch ends first, after
// target's Done closed, in turn with its other messages; at once if target
// has already stopped. It is Akka's death watch, typed. Any goroutine can
// wait on Done and Err instead. A notice whose handler fails is a failed
// Tell.
//
// notice runs on the goroutine that stops target, and must be short; a
// panic in it is logged and nothing is delivered. The notice does not
// count against a bounded mailbox's limit. A watch belongs to the
// watcher's current state: it ends when the watcher stops or restarts,
// after the state's OnStop, and its notice, even if already queued, is
// handled only by the state that set it up. cancel ends it sooner (a
// notice already queued is then dropped) and may be called any number of
// times. Watch on a stopping actor does nothing. While waiting, a watch on
// a *Ref holds no goroutine; on another Watchable it holds one, which ends
// with the watch.
//
// The notice's type M may be the watcher's message type or any type
// assignable to it (a Gone for a watcher whose messages are an interface
// Msg). The Context does not carry that type, so Watch checks it when
// called; [Ref.Watch] is the same with the check done by the compiler.
// Watch panics if target or notice is nil or if M cannot be assigned to the
// watcher's message type.
func Watch[M any](ctx *Context, target Watchable, notice func(err error) M) (cancel func()) {
	return watchWith(ctx, target, notice)
}

// Watch is [Watch] with r as the watcher: r receives notice(err) once target
// has stopped. notice returns r's message type M, so a notice of the wrong
// type does not compile.
func (r *Ref[S, M]) Watch(target Watchable, notice func(err error) M) (cancel func()) {
	return watchWith(&r.c, target, notice)
}

func watchWith[M any](ctx *Context, target Watchable, notice func(err error) M) func() {
	p := posterOf[M]("Watch", ctx)
	if target == nil || nilness.IsNil(target) {
		panic("actor: Watch with a nil target")
	}
	if notice == nil {
		panic("actor: Watch with a nil notice func")
	}
	w := &watch{watcher: &ctx.cell}
	w.deliver = func(err error) {
		msg, perr := applyNotice(notice, err)
		if perr != nil {
			ctx.log().Error("actor: watch notice panicked", "actor", ctx.Name(), "urn", ctx.URN(), "err", perr)
			w.take()
			return
		}
		p.postHeld(msg, w.pendingLocked, w.take)
	}
	if t, ok := target.(interface{ cellOf() *cell }); ok {
		w.target = t.cellOf()
	} else {
		w.stop = make(chan struct{})
	}
	c := &ctx.cell
	c.mu.Lock()
	if c.phase != phaseRunning {
		c.mu.Unlock()
		return func() {}
	}
	sv := c.supLocked()
	if sv.watching == nil {
		sv.watching = make(map[*watch]struct{})
	}
	sv.watching[w] = struct{}{}
	c.mu.Unlock()

	if w.target == nil {
		go func() {
			select {
			case <-target.Done():
				w.fire(target.Err())
			case <-w.stop:
			}
		}()
		return w.cancel
	}
	tc := w.target
	tc.mu.Lock()
	if tc.phase == phaseStopped {
		err := tc.errLocked()
		tc.mu.Unlock()
		w.fire(err)
		return w.cancel
	}
	tsv := tc.supLocked()
	if tsv.watchers == nil {
		tsv.watchers = make(map[*watch]struct{})
	}
	tsv.watchers[w] = struct{}{}
	tc.mu.Unlock()
	if !w.pending() { // cancelled, or the watcher stopped, before it was linked
		w.unlink()
	}
	return w.cancel
}

func applyNotice[M any](fn func(error) M, v error) (m M, err error) {
	defer future.Recover(&err)
	return fn(v), nil
}

func (r *Ref[S, M]) cellOf() *cell { return &r.c.cell }

// take removes w from its watcher's set and reports whether it was there.
func (w *watch) take() bool {
	c := w.watcher
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.sup().watching[w]; !ok {
		return false
	}
	delete(c.sup().watching, w)
	return true
}

func (w *watch) pending() bool {
	c := w.watcher
	c.mu.Lock()
	defer c.mu.Unlock()
	return w.pendingLocked()
}

func (w *watch) pendingLocked() bool {
	_, ok := w.watcher.sup().watching[w]
	return ok
}

// fire sends the notice, on the target's end, unless the watch has ended;
// it is delivered if the watch is still the state's when the watcher comes
// to it.
func (w *watch) fire(err error) {
	if w.pending() {
		w.deliver(err)
	}
}

func (w *watch) cancel() {
	if w.take() {
		w.unlink()
	}
}

// unlink removes w from its target, or ends its goroutine.
func (w *watch) unlink() {
	if w.target == nil {
		close(w.stop)
		return
	}
	tc := w.target
	tc.mu.Lock()
	if sv := tc.sup(); sv != nil {
		delete(sv.watchers, w)
	}
	tc.mu.Unlock()
}

// takeWatchersLocked takes the watches on a stopped actor, to fire them
// once the lock is released.
func (c *cell) takeWatchersLocked() map[*watch]struct{} {
	if c.sup() == nil || c.sup().watchers == nil {
		return nil
	}
	ws := c.sup().watchers
	c.sup().watchers = nil
	return ws
}
