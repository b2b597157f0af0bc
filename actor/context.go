package actor

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/troupe-go/troupe/internal/waitgraph"
)

// Context is what a handler knows about the actor it runs on. It implements
// context.Context. Passing it to Future.Get lets the runtime see which actor
// waits, so a wait that would close a cycle fails with ErrDeadlock instead of
// hanging.
//
// While a handler handles an Ask, or a CallWait function runs, whose ctx
// carries anything (a deadline, values, an end: any ctx but
// context.Background and context.TODO), its Context is that request's: Deadline is the caller's, Value answers from
// the caller's ctx (the runtime's own key first), and Done is closed when the
// caller's ctx ends, with context.Cause saying why. Otherwise, and outside
// handlers, Done is closed when the actor's message loop has ended (after the
// messages queued before Stop were handled), not when Stop is requested.
// Either way StopNow closes it at once, with context.Cause ErrStoppedNow.
//
// Every actor has one Context for its whole life; it is valid after the
// handler returns, and then answers for the actor alone.
type Context struct{ cell }

var _ context.Context = (*Context)(nil)

// errHandlerReturned ends a request's ctx as its handler saw it.
var errHandlerReturned = errors.New("actor: the handler returned")

// Deadline reports the deadline of the request being handled, if any; an
// actor itself has none.
func (x *Context) Deadline() (time.Time, bool) {
	if rc := x.request.Load(); rc != nil {
		return rc.parent.Deadline()
	}
	return time.Time{}, false
}

// Done returns a channel closed when the request being handled is given up
// by its caller, or, outside such a request, when the actor has stopped;
// and at once by StopNow.
func (x *Context) Done() <-chan struct{} {
	if rc := x.request.Load(); rc != nil && rc.parent.Done() != nil {
		return rc.cancellable().Done()
	}
	return x.halt().Done()
}

// Err returns the error of the request's ctx while a handler handles one
// whose ctx ended; otherwise context.Canceled once the actor has stopped,
// nil before.
func (x *Context) Err() error {
	if rc := x.request.Load(); rc != nil {
		if err := rc.current().Err(); err != nil {
			return err
		}
	}
	if x.killed.Load() {
		return context.Canceled
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.phase == phaseStopped {
		return context.Canceled
	}
	return nil
}

// Value answers the wait-for graph's key with this actor; other keys from
// the ctx of the request being handled, if any, and nil otherwise.
func (x *Context) Value(key any) any {
	if key == waitgraph.Key {
		return &x.node
	}
	if rc := x.request.Load(); rc != nil {
		return rc.current().Value(key)
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.waits != nil && x.waits.halt != nil {
		return x.waits.halt.Value(key) // context.Cause finds why the actor stopped
	}
	return nil
}

// Name returns the actor's name.
func (x *Context) Name() string { return x.owner().Name() }

// URN returns the actor's URN, "urn:uuid:" and a version-4 UUID.
func (x *Context) URN() string { return x.urn() }

// Logger returns the actor's logger: WithLogger's, or else slog.Default()
// (read at each call, so slog.SetDefault reaches running actors).
func (x *Context) Logger() *slog.Logger { return x.log() }

// Stop asks the actor to stop after the messages already queued, and returns
// at once: a handler cannot wait for its own actor to end.
func (x *Context) Stop() { x.owner().requestStop() }

// String names the actor, for logs.
func (x *Context) String() string { return fmt.Sprintf("actor.Context(%s %s)", x.Name(), x.URN()) }

// Self returns the typed ref of the actor whose handler got ctx: Pykka's
// self.actor_ref. It panics if S and M are not that actor's types.
func Self[S Receiver[M], M any](ctx *Context) *Ref[S, M] {
	r, ok := ctx.node.ID.(*Ref[S, M])
	if !ok {
		panic(fmt.Sprintf("actor: Self[%T] called from an actor of type %T", r, ctx.node.ID))
	}
	return r
}
