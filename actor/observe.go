package actor

import (
	"context"
	"reflect"
	"strconv"
	"time"

	"github.com/troupe-go/troupe/future"
)

// Observer sees what an actor does, for metrics, traces or logs, without
// the actor package depending on any of them: each message handled (its
// kind, how long it took, its outcome, the mailbox depth left), each dead
// letter, each restart and the stop. Set it with [WithObserver]; the
// OpenTelemetry adapter (module github.com/troupe-go/troupe/otel) is one.
//
// Observe runs where the actor's code runs (its goroutine, or the caller's
// for an Ask handled inline), in turn with its messages: it must be short,
// must not block, and must be safe for concurrent use, since actors share
// an observer. A panic in it is recovered and logged at Error.
//
// Cost: an actor without an observer pays one test of a flag per message.
type Observer interface {
	Observe(e Event)
}

// RequestObserver is an Observer that also sees each Ask and Call from its
// caller's side, to trace it: Request runs on the caller's goroutine as the
// request is sent, with the caller's ctx (for Ask and CallWait;
// context.Background for AskAsync, Call and CallContext, which take none). The done func it
// returns, if not nil, is called once with the request's outcome when its
// reply completes, on the goroutine that completes it (the caller may have
// the reply a moment before): it must be short.
type RequestObserver interface {
	Observer
	Request(ctx context.Context, r Request) (done func(err error))
}

// EventKind says what an [Event] reports.
type EventKind uint8

const (
	// EventHandled: a message (Tell or Ask) or a Call was handled.
	EventHandled EventKind = iota + 1
	// EventDeadLetter: a Tell the actor accepted will never be handled.
	EventDeadLetter
	// EventRestarted: the actor's state was replaced by a fresh one.
	EventRestarted
	// EventStopped: the actor stopped, for good.
	EventStopped
)

func (k EventKind) String() string {
	switch k {
	case EventHandled:
		return "handled"
	case EventDeadLetter:
		return "dead letter"
	case EventRestarted:
		return "restarted"
	case EventStopped:
		return "stopped"
	}
	return "EventKind(" + strconv.Itoa(int(k)) + ")"
}

// Event is what an [Observer] sees. The fields a kind does not use are zero.
type Event struct {
	Kind  EventKind
	Actor *Context // the actor: its Name and URN
	// Message is the kind of message, its dynamic type as %T prints it
	// ("shop.Order"), or "call" for a Call (EventHandled, EventDeadLetter).
	Message string
	// Duration is how long the handler ran (EventHandled).
	Duration time.Duration
	// Err is the handler's error or *PanicError (EventHandled), why the
	// letter is dead (EventDeadLetter), or the actor's Err (EventStopped).
	Err error
	// Depth is the number of messages waiting in the mailbox when the
	// handler returned (EventHandled).
	Depth int
}

// Request is what a [RequestObserver] sees of an Ask or a Call as it is sent.
type Request struct {
	Actor   *Context // the actor asked
	Op      string   // "ask" or "call"
	Message string   // as Event.Message
}

// WithObserver makes o see what the actor does; see [Observer].
func WithObserver(o Observer) Option {
	if o == nil {
		panic("actor: WithObserver(nil)")
	}
	return optionFunc(func(c *config) { c.observer = o })
}

// kindOf names msg's kind for an observer: M's name, or the dynamic type's
// when M is an interface. It does not allocate.
func kindOf[M any](msg M) string {
	if t := reflect.TypeFor[M](); t.Kind() != reflect.Interface {
		return t.String()
	}
	if t := reflect.TypeOf(any(msg)); t != nil {
		return t.String()
	}
	return "<nil>"
}

// notify hands e to the actor's observer, if it has one.
func (x *Context) notify(e Event) {
	if x.observed {
		x.observe(e)
	}
}

// notifyStopped tells the actor's observer, if it has one, that it stopped.
func (x *Context) notifyStopped() {
	if x.observed {
		x.mu.Lock()
		err := x.errLocked()
		x.mu.Unlock()
		x.observe(Event{Kind: EventStopped, Err: err})
	}
}

// observeAsk tells the actor's RequestObserver, if it has one, that an Ask
// of msg is being sent to r with ctx; f is its reply.
func observeAsk[S Receiver[M], M, R any](ctx context.Context, r *Ref[S, M], msg M, f *future.Future[R]) {
	if r.c.observed { // the rest apart, so that this inlines into Ask
		observeAskOf(ctx, r, msg, f)
	}
}

func observeAskOf[S Receiver[M], M, R any](ctx context.Context, r *Ref[S, M], msg M, f *future.Future[R]) {
	observeRequest(ctx, r, "ask", kindOf(msg), f)
}

// observeCall is observeAsk for a Call: ctx is CallWait's, or
// context.Background for Call and CallContext, which take none.
func observeCall[S Receiver[M], M, R any](ctx context.Context, r *Ref[S, M], f *future.Future[R]) {
	if r.c.observed {
		observeRequest(ctx, r, "call", "call", f)
	}
}

// observe hands e to the actor's observer; a panic in it is logged.
func (x *Context) observe(e Event) {
	defer x.recoverObserver(e.Kind.String())
	e.Actor = x
	x.cfg.observer.Observe(e)
}

// recoverObserver, deferred around a call into the observer, logs its panic
// instead of letting it fail the handler or crash the process.
func (x *Context) recoverObserver(event string) {
	if p := recover(); p != nil {
		x.log().Error("actor: observer panicked", "actor", x.Name(), "urn", x.URN(), "event", event, "panic", p)
	}
}

// receiveObserved is receive for an observed actor: apart, so that the
// path of an actor without an observer stays as it was.
func (r *Ref[S, M]) receiveObserved(msg M) (err error) {
	defer r.c.observeHandled(kindOf(msg), time.Now(), &err)
	defer future.Recover(&err)
	return r.state.Receive(&r.c, msg)
}

// invokeObserved is invoke for an observed actor, as receiveObserved.
func (c *callReq[S, R]) invokeObserved(ctx *Context, s S) (v R, err error) {
	defer ctx.observeHandled("call", time.Now(), &err)
	defer future.Recover(&err)
	if c.fn != nil {
		return c.fn(s)
	}
	return c.fnc(ctx, s)
}

// observeHandled reports a handler that began at start and ended with *err.
// Deferred before the recovery of a panic, so it runs after it and sees
// the *PanicError.
func (x *Context) observeHandled(msg string, start time.Time, err *error) {
	n, _ := x.queued()
	x.observe(Event{Kind: EventHandled, Message: msg, Duration: time.Since(start), Err: *err, Depth: int(n)})
}

// observeRequest tells a RequestObserver that an Ask or a Call to r is
// being sent with ctx, and ends it when f completes.
func observeRequest[S Receiver[M], M, R any](ctx context.Context, r *Ref[S, M], op, msg string, f *future.Future[R]) {
	ro, ok := r.c.cfg.observer.(RequestObserver)
	if !ok {
		return
	}
	done := requestStarted(ctx, &r.c, ro, Request{Actor: &r.c, Op: op, Message: msg})
	if done != nil {
		f.OnComplete(func(_ R, err error) {
			defer r.c.recoverObserver("request done")
			done(err)
		})
	}
}

func requestStarted(ctx context.Context, x *Context, ro RequestObserver, req Request) func(error) {
	defer x.recoverObserver("request")
	return ro.Request(ctx, req)
}
