package remote

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nuid"
	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/future"
)

// Exposure serves the contract C under a name: the handlers given with
// [HandleAsk], [HandleCall], [HandleTell] and [HandleFunc] bind its kinds to
// local actors (or anything that gives a future). Register the handlers,
// then Start. One subscription serves every kind of the name, so the
// messages of one sender are handled in the order sent, across kinds.
//
// The subscription's goroutine never waits on an actor: asks go to
// AskAsync, and Tells to Ref.Tell, which blocks only on a bounded mailbox
// with OverflowBlock. Serve actors with an unbounded mailbox or with
// OverflowFail (the asker then gets an error matching actor.ErrMailboxFull).
type Exposure[C any] struct{ e *exposure }

type exposure struct {
	node        *Node
	name        string
	group       string
	owner       actor.Watchable
	maxInFlight int64
	subject     string // "troupe.<ns>.<name>."
	incarnation string

	mu       sync.Mutex
	state    int // stateNew, stateStarted, stateStopped
	handlers map[string]handler
	sub      *nats.Subscription
	inFlight atomic.Int64

	ownerQuit chan struct{}
	ownerDone chan struct{}
}

const (
	stateNew = iota
	stateStarted
	stateStopped
)

// handler serves one kind: m is the request, deadline when the asker stops
// waiting (zero: never).
type handler func(m *nats.Msg, deadline time.Time)

// ExposeOption configures an [Exposure].
type ExposeOption interface{ applyExpose(*exposure) }

type exposeOptionFunc func(*exposure)

func (f exposeOptionFunc) applyExpose(e *exposure) { f(e) }

// InGroup makes the exposure one member of a NATS queue group: of the
// nodes exposing the name in the same group, one at random gets each
// request (like router.Random), so they share the work. Order across
// members is not kept, and a group cannot be monitored.
func InGroup(group string) ExposeOption {
	if err := checkToken("group", group); err != nil {
		panic("remote: InGroup: " + err.Error())
	}
	return exposeOptionFunc(func(e *exposure) { e.group = group })
}

// Owner ties the exposure to w (usually the served actor's *actor.Ref):
// when w stops, the exposure stops, and monitors get w's Err.
func Owner(w actor.Watchable) ExposeOption {
	if w == nil {
		panic("remote: Owner with a nil Watchable")
	}
	return exposeOptionFunc(func(e *exposure) { e.owner = w })
}

// MaxInFlight bounds the requests the exposure handles at once (default
// 1024); past it they are answered with [ErrBusy] at once.
func MaxInFlight(n int) ExposeOption {
	if n <= 0 {
		panic(fmt.Sprintf("remote: MaxInFlight(%d): not positive", n))
	}
	return exposeOptionFunc(func(e *exposure) { e.maxInFlight = int64(n) })
}

// Expose prepares serving the contract C under name on node n. It panics
// if name is not a valid name (see [NewTell] for the rules).
func Expose[C any](n *Node, name string, opts ...ExposeOption) *Exposure[C] {
	if n == nil {
		panic("remote: Expose with a nil node")
	}
	if err := checkToken("actor", name); err != nil {
		panic("remote: Expose: " + err.Error())
	}
	e := &exposure{
		node:        n,
		name:        name,
		maxInFlight: DefaultMaxInFlight,
		subject:     n.prefix + name + ".",
		incarnation: nuid.Next(),
		handlers:    make(map[string]handler),
	}
	for _, o := range opts {
		o.applyExpose(e)
	}
	return &Exposure[C]{e}
}

// Name returns the name the exposure serves.
func (x *Exposure[C]) Name() string { return x.e.name }

// Start subscribes, and returns once the server has the subscription (so a
// request sent after Start returns finds it). It fails if the node is
// closed, if the server refuses the subscription (an error matching
// nats.ErrPermissionViolation), or if Start was called before.
func (x *Exposure[C]) Start(ctx context.Context) error {
	e := x.e
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.state != stateNew {
		return fmt.Errorf("remote: Start of %q: started before", e.name)
	}
	n := e.node
	n.mu.Lock()
	closed := n.closed
	n.mu.Unlock()
	if closed {
		return fmt.Errorf("remote: Start of %q: %w", e.name, ErrDisconnected)
	}
	var err error
	if e.group != "" {
		e.sub, err = n.nc.QueueSubscribe(e.subject+"*", e.group, e.serve)
	} else {
		e.sub, err = n.nc.Subscribe(e.subject+"*", e.serve)
	}
	if err == nil {
		err = n.flush(ctx)
	}
	if err == nil {
		err = subscribeRefused(n.nc, e.sub.Subject)
	}
	if err != nil {
		if e.sub != nil {
			_ = e.sub.Unsubscribe()
		}
		return fmt.Errorf("remote: Start of %q: %w", e.name, err)
	}
	e.state = stateStarted
	n.mu.Lock()
	n.exposures[e] = struct{}{}
	n.mu.Unlock()
	if e.owner != nil {
		e.ownerQuit, e.ownerDone = make(chan struct{}), make(chan struct{})
		go e.followOwner()
	}
	return nil
}

// subscribeRefused reports the server's refusal of a subscription to
// subject: it answers a SUB it refuses before the PONG that ends a flush.
func subscribeRefused(nc *nats.Conn, subject string) error {
	if err := nc.LastError(); errors.Is(err, nats.ErrPermissionViolation) && strings.Contains(err.Error(), `"`+subject+`"`) {
		return err
	}
	return nil
}

// followOwner stops the exposure when its owner stops.
func (e *exposure) followOwner() {
	defer close(e.ownerDone)
	select {
	case <-e.owner.Done():
		ctx, cancel := context.WithTimeout(context.Background(), e.node.cfg.lease)
		defer cancel()
		_ = e.stopFrom(ctx, e.owner.Err(), true)
	case <-e.ownerQuit:
	}
}

// Stop unsubscribes after handling what was already received (a drain,
// until ctx ends; without a connection, what is queued is dropped), then
// tells monitors the name is down. Requests that
// come later get no responders; requests still running reply when done.
func (x *Exposure[C]) Stop(ctx context.Context) error { return x.e.stop(ctx, nil) }

func (e *exposure) stop(ctx context.Context, cause error) error {
	return e.stopFrom(ctx, cause, false)
}

func (e *exposure) stopFrom(ctx context.Context, cause error, fromOwner bool) error {
	e.mu.Lock()
	if e.state != stateStarted {
		e.state = stateStopped
		e.mu.Unlock()
		return nil
	}
	e.state = stateStopped
	sub := e.sub
	e.mu.Unlock()

	var err error
	if e.node.nc.IsConnected() {
		closed := sub.StatusChanged(nats.SubscriptionClosed)
		if err = sub.Drain(); err == nil {
			select {
			case <-closed:
			case <-ctx.Done():
				err = context.Cause(ctx)
				_ = sub.Unsubscribe()
			}
		}
	} else {
		// A drain needs the server's answer: without a connection, drop
		// what is queued. The askers' leases report it.
		err = sub.Unsubscribe()
	}
	e.publishDown(cause)
	n := e.node
	n.mu.Lock()
	delete(n.exposures, e)
	n.mu.Unlock()
	if e.ownerQuit != nil && !fromOwner {
		close(e.ownerQuit)
		<-e.ownerDone
	}
	if err != nil {
		return fmt.Errorf("remote: Stop of %q: %w", e.name, err)
	}
	return nil
}

// handle adds a kind's handler; misuse panics, as at construction.
func (e *exposure) handle(fn string, k *kind, h handler) {
	if k == nil {
		panic("remote: " + fn + " with a nil kind")
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.state != stateNew {
		panic(fmt.Sprintf("remote: %s %q on %q after Start", fn, k.name, e.name))
	}
	if _, dup := e.handlers[k.name]; dup {
		panic(fmt.Sprintf("remote: %s: kind %q of %q handled twice", fn, k.name, e.name))
	}
	e.handlers[k.name] = h
}

// serve runs on the subscription's goroutine for every request: it never
// blocks on an actor, and no input makes it panic or stop.
func (e *exposure) serve(m *nats.Msg) {
	defer func() {
		if v := recover(); v != nil {
			e.node.stats.bad.Add(1)
			e.respond(m, errorMsg(m.Reply, &future.PanicError{Value: v}))
		}
	}()
	k := m.Subject[len(e.subject):]
	if k == kindPing {
		e.ping(m)
		return
	}
	h := e.handlers[k] // frozen at Start
	if h == nil {
		e.node.stats.bad.Add(1)
		e.respond(m, errorMsg(m.Reply, fmt.Errorf("%w %q for %q", ErrUnknownKind, k, e.name)))
		return
	}
	d, ok, err := readTimeout(m.Reply, m.Header)
	if err != nil {
		e.node.stats.bad.Add(1)
		e.respond(m, errorMsg(m.Reply, err))
		return
	}
	var deadline time.Time
	if ok {
		if d <= 0 {
			e.node.stats.expired.Add(1) // the asker has given up: drop
			return
		}
		deadline = time.Now().Add(d)
	}
	h(m, deadline)
}

// respond sends r to the request's reply subject, if it has one.
func (e *exposure) respond(req, r *nats.Msg) {
	if req.Reply == "" {
		return
	}
	r.Subject = req.Reply
	_ = e.node.nc.PublishMsg(r) // a lost reply ends in the asker's lease
}

// pingReply is the answer to the _ping kind.
type pingReply struct {
	Node        string `json:"node"`
	Incarnation string `json:"incarnation"`
	Group       string `json:"group,omitempty"`
}

func (e *exposure) ping(m *nats.Msg) {
	body, _ := json.Marshal(pingReply{Node: e.node.id, Incarnation: e.incarnation, Group: e.group})
	e.respond(m, &nats.Msg{Data: body})
}

// downNotice is published on troupe.<ns>._down.<name> when an exposure
// stops; Code is empty after a clean stop.
type downNotice struct {
	Incarnation string `json:"incarnation"`
	Code        string `json:"code,omitempty"`
	Message     string `json:"message,omitempty"`
}

func (e *exposure) publishDown(cause error) {
	d := downNotice{Incarnation: e.incarnation}
	if cause != nil {
		d.Code, d.Message = codeOf(cause), messageOf(cause)
	}
	body, _ := json.Marshal(d)
	_ = e.node.nc.Publish(e.node.prefix+"_down."+e.name, body)
}
