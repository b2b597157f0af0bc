package actor

import (
	"context"
	"fmt"
	"reflect"
	"strings"

	"github.com/google/uuid"

	"github.com/troupe-go/troupe/internal/mailbox"
	"github.com/troupe-go/troupe/internal/nilness"
	"github.com/troupe-go/troupe/internal/waitgraph"
	"github.com/troupe-go/troupe/registry"
)

// Ref is the handle to a running actor whose state is S and whose messages
// are M. Only the actor's own goroutine touches S; everyone else goes through
// the Ref: Tell, Ask, Call, Stop. A Ref is safe for concurrent use and stays
// valid after the actor stops (sends then fail with ErrStopped).
type Ref[S Receiver[M], M any] struct {
	c     Context // the actor's cell, which its handlers see as their Context
	state S
	q     mailbox.Queue[envelope[S, M]]
}

// The optional hooks are found on the current state when due (they run once
// per life, not per message), so the ref carries no copy of them.
func (r *Ref[S, M]) startHook() starter          { h, _ := any(r.state).(starter); return h }
func (r *Ref[S, M]) stopHook() stopper           { h, _ := any(r.state).(stopper); return h }
func (r *Ref[S, M]) failureHook() failureHandler { h, _ := any(r.state).(failureHandler); return h }

// Start starts an actor with state and returns its ref at once. M is
// inferred from S's Receive method. The actor is registered (in
// registry.Default unless WithRegistry says otherwise) before Start returns;
// OnStart, if S has it, then runs on the actor's goroutine before the first
// message.
//
// An idle actor holds no goroutine: a parked runner goroutine takes it up
// when a message arrives and leaves it when the mailbox is empty.
//
// Start panics if state is nil.
func Start[S Receiver[M], M any](state S, opts ...Option) *Ref[S, M] {
	r, err := start(state, opts, (*registry.Registry).Register)
	if err != nil {
		panic(fmt.Sprintf("actor: Start: %v", err))
	}
	return r
}

// start is Start with the registration as given: Register or, for a unique
// name, RegisterUnique. If it fails, the actor never ran: start returns
// the error.
func start[S Receiver[M], M any](state S, opts []Option, register func(*registry.Registry, registry.Entry) error) (*Ref[S, M], error) {
	if nilness.IsNil(state) {
		panic(fmt.Sprintf("actor: Start with a nil %s state", reflect.TypeFor[S]()))
	}
	r := &Ref[S, M]{state: state}
	cfg, reg := newConfig(opts)
	r.c.init(r, cfg, reg)
	r.c.carries = carriesOf[M]()
	// The actor's goroutine owns the run state until OnStart is done. Set
	// before Register publishes r: a sender that finds r in the registry
	// must not start a second goroutine that runs a message before OnStart.
	// Once r is published, r.state is the actor's (a restart replaces it),
	// so it is looked at once, before.
	starts := r.startHook() != nil
	if starts {
		r.c.state.Store(stRun)
	}
	r.c.startIdle()
	if err := register(r.c.reg, r); err != nil {
		r.c.stopIdle()
		return nil, err
	}
	r.c.logDebug("registered")
	if starts {
		go r.run(true) // logs "started" once OnStart succeeded
	} else {
		r.c.logDebug("started") // no OnStart to wait for: messages are taken from now on
	}
	return r, nil
}

// Tell queues msg and returns without waiting for it to be handled. It
// returns ErrStopped once the actor is stopping or stopped, and with a bounded
// mailbox ErrMailboxFull (OverflowFail) or waits for room (OverflowBlock). A
// message Tell accepted (returned nil) is handled, or, if the actor dies
// first, passed to the dead-letter function: it is never silently dropped.
// An unbounded mailbox paces a sender that outruns a busy actor, parked as
// on a full channel, but never keeps it on an actor that takes nothing (see
// the package's Cost section).
func (r *Ref[S, M]) Tell(msg M) error {
	return r.send(context.Background(), envelope[S, M]{msg: msg})
}

// TellContext is Tell for a bounded OverflowBlock mailbox when the caller must
// not wait for room longer than ctx allows: it returns context.Cause(ctx) if
// ctx ends first, and then the message was not accepted.
func (r *Ref[S, M]) TellContext(ctx context.Context, msg M) error {
	return r.send(ctx, envelope[S, M]{msg: msg})
}

// Stop asks the actor to stop and waits until it has: the messages queued
// before Stop are still handled, then OnStop runs, then the actor leaves its
// registry and Done is closed. Sends after Stop fail with ErrStopped. If ctx
// ends first, Stop returns context.Cause(ctx); the actor still stops.
//
// No delay loses queued work: a Stop during a restart's backoff delay ends
// the delay (the actor restarts now), and a failure while stopping restarts
// at once. Only when the failure policy gives up (Stop, or a restart limit)
// do queued Tells go to dead letters; Stop then returns an error matching
// [ErrDeadLetters] that says how many and wraps the failure, never nil.
//
// Stop on a stopping actor waits like the first call; on a stopped one it
// returns nil, or that dead-letter error. Called from the actor's own
// handler with its *Context (or a context derived from it), Stop requests
// the stop and returns nil at once, since an actor cannot wait for itself;
// Context.Stop does the same.
func (r *Ref[S, M]) Stop(ctx context.Context) error {
	self := waitgraph.WaiterFrom(ctx) == &r.c.node
	r.c.mu.Lock()
	if r.c.phase == phaseStopped {
		defer r.c.mu.Unlock()
		return r.c.lostLocked()
	}
	start := r.c.beginStopLocked()
	if start && ctx.Done() == nil && !self {
		// Nobody runs the actor and the caller would only wait: finish it
		// here, with no goroutine to start and no Done channel to make.
		r.c.mu.Unlock()
		r.runInline(ctx, func() { r.run(false) })
		return r.lost()
	}
	done := r.c.doneLocked()
	r.c.mu.Unlock()
	if start {
		r.wake(false)
	}
	if self {
		return nil
	}
	if err := await(ctx, done); err != nil {
		return err
	}
	return r.lost()
}

// lost returns the error saying which messages went to dead letters as the
// actor stopped, or nil.
func (r *Ref[S, M]) lost() error {
	r.c.mu.Lock()
	defer r.c.mu.Unlock()
	return r.c.lostLocked()
}

// requestStop asks the actor to stop without waiting.
func (r *Ref[S, M]) requestStop() {
	r.c.mu.Lock()
	start := r.c.beginStopLocked()
	r.c.mu.Unlock()
	if start {
		r.wake(false)
	}
}

// Done returns a channel closed when the actor has stopped, after it left its
// registry.
func (r *Ref[S, M]) Done() <-chan struct{} { return r.c.doneChan() }

// Err reports why the actor stopped: nil while it runs and after a clean
// Stop; the failure (a Tell's handler error or *PanicError, an OnStart
// error), joined with any panic of OnStop or OnFailure, otherwise.
func (r *Ref[S, M]) Err() error {
	r.c.mu.Lock()
	defer r.c.mu.Unlock()
	return r.c.errLocked()
}

// URN returns "urn:uuid:" followed by the actor's version-4 UUID.
func (r *Ref[S, M]) URN() string { return r.c.urn() }

// UUID returns the actor's UUID, the 16 bytes behind its URN.
func (r *Ref[S, M]) UUID() uuid.UUID { return r.c.id }

// Name returns the name given by WithName or, without it, S's type name
// without package path or pointer star.
func (r *Ref[S, M]) Name() string {
	if r.c.cfg.name != "" {
		return r.c.cfg.name
	}
	return typeName[S]()
}

func typeName[S any]() string {
	t := reflect.TypeFor[S]()
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	name := t.Name()
	if name == "" {
		name = strings.TrimLeft(t.String(), "*")
	}
	return name
}

// IsAlive reports whether the actor has not yet stopped. A stopping actor is
// still alive: it is handling the messages queued before Stop.
func (r *Ref[S, M]) IsAlive() bool {
	r.c.mu.Lock()
	defer r.c.mu.Unlock()
	return r.c.phase != phaseStopped
}

// String names the actor, for logs and %v.
func (r *Ref[S, M]) String() string { return r.Name() + " (" + r.URN() + ")" }
