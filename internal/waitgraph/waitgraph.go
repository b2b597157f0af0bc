package waitgraph

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"time"
)

// ErrDeadlock is matched by every deadlock error. The actor package exports
// it as actor.ErrDeadlock.
var ErrDeadlock = errors.New("actor: deadlock")

// ErrNotDelivered and ErrMaybeHandled tell a caller that gave up on a
// request whether the actor may have seen it. The actor package exports them.
var (
	ErrNotDelivered = errors.New("actor: request not delivered")
	ErrMaybeHandled = errors.New("actor: request may have been handled")
)

// Identity names a node in error messages and diagnostics.
type Identity interface {
	Name() string
	URN() string
}

// Node is one actor in the graph. Its zero value is ready once ID is set;
// the actor calls [Node.Enter] and [Node.Leave] around every stretch of its
// code on a goroutine.
type Node struct {
	ID Identity
	// Taken counts the messages the actor has taken to handle; the actor
	// adds to it. With the runs Enter and Leave count it tells the actor's
	// current message from an earlier one.
	Taken atomic.Uint64

	runs    atomic.Uint64        // Enter adds one: a new run is a new turn
	inside  atomic.Int32         // goroutines between Enter and Leave
	waiters atomic.Int32         // goroutines between Begin and End with this node
	waiting atomic.Pointer[Edge] // the recorded wait, nil when none may be followed
	turn    atomic.Uint64        // the actor's turn when the recorded wait began
	since   atomic.Int64         // unix nanoseconds when the recorded wait began
}

// Enter records that a goroutine starts running the actor's code.
//
// The goroutine that ends a run gives the actor's run state up before it
// calls Leave, so the next run's goroutine may Enter first: the actor is
// running while any goroutine is inside, and each Enter is a new turn.
func (n *Node) Enter() {
	n.runs.Add(1)
	n.inside.Add(1)
}

// Leave records that a goroutine running the actor's code stops.
func (n *Node) Leave() { n.inside.Add(-1) }

// now reports the actor's turn, a number that grows whenever a goroutine
// starts a run of the actor or the actor begins a message, and whether a
// goroutine runs the actor now.
func (n *Node) now() (turn uint64, running bool) {
	running = n.inside.Load() > 0
	turn = n.runs.Load()
	turn += n.Taken.Load() // both only grow, so the sum changes when either does
	return turn, running
}

// Edge states: a future is pending until it completes.
const (
	Pending uint32 = iota
	Completing
	Done
)

// Edge is embedded in every future: State is the future's own state word, so
// the graph reads completion without a second flag.
type Edge struct {
	State    atomic.Uint32
	delivery atomic.Uint32 // for a request's reply: queued, taken or withdrawn
	owner    atomic.Pointer[Node]
}

// Delivery states of a request's reply: queued until the actor takes it or
// the caller withdraws it, whichever comes first. A plain future is none of
// them.
const (
	notRequest uint32 = iota
	queued
	taken
	withdrawn
)

// Queue marks e as the reply of a request about to be sent: it is queued
// until [Edge.Take] or [Edge.GiveUp].
func (e *Edge) Queue() { e.delivery.Store(queued) }

// IsRequest reports whether e is the reply of a request (see [Edge.Queue]).
func (e *Edge) IsRequest() bool { return e.delivery.Load() != notRequest }

// Take records that the actor takes the request to handle it. It reports
// false if the caller withdrew it first: then the actor must skip it.
func (e *Edge) Take() bool {
	return e.delivery.CompareAndSwap(queued, taken) || e.delivery.Load() != withdrawn
}

// GiveUp is called by a caller that stops waiting for e because of cause
// (its ctx ended, or its wait was reported as a deadlock). A request still
// queued is withdrawn, so that the actor never handles it: GiveUp returns
// cause marked [ErrNotDelivered] and true, and the caller must complete the
// future with that error. A request the actor already took returns cause
// marked [ErrMaybeHandled]; a plain future's cause is returned as it is.
func (e *Edge) GiveUp(cause error) (err error, withdrew bool) {
	if errors.Is(cause, ErrNotDelivered) || errors.Is(cause, ErrMaybeHandled) {
		return cause, false
	}
	if e.delivery.CompareAndSwap(queued, withdrawn) {
		return fmt.Errorf("%w (%w)", cause, ErrNotDelivered), true
	}
	switch e.delivery.Load() {
	case taken:
		return fmt.Errorf("%w (%w)", cause, ErrMaybeHandled), false
	case withdrawn:
		return fmt.Errorf("%w (%w)", cause, ErrNotDelivered), false
	}
	return cause, false
}

// SetOwner records the actor that will complete the future; nil means the
// runtime no longer knows. Only the owner itself (or the sender, before the
// future is handed out) may change it.
func (e *Edge) SetOwner(n *Node) { e.owner.Store(n) }

// Release forgets n as the actor that completes the future, if it still is:
// n's handler returned without completing it or handing it on.
func (e *Edge) Release(n *Node) {
	if e.owner.Load() == n { // read first: seldom still n, and a write would contend
		e.owner.CompareAndSwap(n, nil)
	}
}

// Owner reports the actor known to complete the future, or nil.
func (e *Edge) Owner() *Node { return e.owner.Load() }

// blocker reports the actor that must act for e to complete: its owner while
// e is pending, nil once it completes or when nobody is known.
func (e *Edge) blocker() *Node {
	if e.State.Load() != Pending {
		return nil
	}
	return e.owner.Load()
}

// EdgeOf returns the edge of a promise. The future package sets it at init, so
// that actor can reach an edge without future exporting it.
var EdgeOf func(promise any) *Edge

type waiterKey struct{}

// Key is the context key under which an actor's context answers its [*Node].
var Key any = waiterKey{}

// WaiterFrom reports the actor waiting with ctx, or nil for a plain context.
func WaiterFrom(ctx context.Context) *Node {
	n, _ := ctx.Value(Key).(*Node)
	return n
}

// maxHops bounds a walk: cycles that do not include the waiter were reported
// to their own members when they closed.
const maxHops = 1024

// Begin records that w blocks on e. It returns a deadlock error, and records
// nothing, when the wait closes a cycle. Otherwise the caller must call End
// when the wait is over.
//
// A wait is recorded only when it can be the actor's own: not while the
// actor is idle, and not while another goroutine waits with the same node
// (then neither wait is followed, see blockedOn for the rest).
//
// Two actors that close a cycle at the same moment each record their wait
// before reading the other's (sequentially consistent atomics), so at least
// one of them sees the cycle.
//
// Begin costs a few atomic operations and a clock read, and a walk along the
// waits it finds; it allocates only to report a cycle.
func (w *Node) Begin(e *Edge) error {
	if w.waiters.Add(1) != 1 {
		// Several goroutines wait with this actor's context; which one runs
		// the actor cannot be told, so no wait of it is followed.
		w.waiting.Store(nil)
		return nil
	}
	turn, running := w.now()
	if !running {
		return nil // the actor is idle: this goroutine is not the actor's
	}
	w.turn.Store(turn)
	w.since.Store(time.Now().UnixNano())
	w.waiting.Store(e)
	var buf [8]*Node
	if cycle := w.cycle(e, buf[:0]); cycle != nil {
		err := newDeadlockError(cycle)
		w.End()
		return err
	}
	return nil
}

// End records that a goroutine that called Begin with w no longer waits.
func (w *Node) End() {
	w.waiting.Store(nil)
	w.waiters.Add(-1)
}

// blockedOn reports the edge n's actor is blocked on, if its recorded wait
// may be followed: one goroutine waits, the actor runs, and its turn has not
// changed since the wait began.
func (n *Node) blockedOn() *Edge {
	e := n.waiting.Load()
	if e == nil || n.waiters.Load() != 1 {
		return nil
	}
	if turn, running := n.now(); !running || turn != n.turn.Load() {
		return nil // the waiter was left behind by an earlier message or run
	}
	if n.waiting.Load() != e {
		return nil
	}
	return e
}

// cycle walks from w's wait e along owners and their waits. It returns the
// actors of a cycle back to w, w first, or nil.
//
// The walk reads each wait at a different moment, so what it finds may never
// have held all at once: B may finish the wait the walk saw, complete what
// C waited on, and C then wait on w. So the cycle is read again from its
// end. The last actor waits on a future only w can complete, and w is
// blocked here, so that wait cannot end; then the one before waits on a
// blocked actor and cannot end either, and so on back to w. If the second
// reading, in that order, finds every wait still in place, all of them held
// at its last read: the cycle is real.
func (w *Node) cycle(e *Edge, nodes []*Node) []*Node {
	nodes = append(nodes, w)
	// A cycle that w only leads into is caught by Brent's method: a
	// checkpoint that moves to the current actor after 1, 2, 4, … steps is
	// met again once the walk goes round, in steps linear in the walk.
	checkpoint, steps, power := w, 0, 1
	for cur := e; ; {
		owner := cur.blocker()
		switch {
		case owner == nil:
			return nil
		case owner == w:
			return w.confirm(e, nodes)
		case owner == checkpoint, len(nodes) > maxHops:
			return nil // a cycle elsewhere, reported to its own members
		}
		if steps++; steps == power {
			checkpoint, steps, power = owner, 0, 2*power
		}
		if cur = owner.blockedOn(); cur == nil {
			return nil
		}
		nodes = append(nodes, owner)
	}
}

// confirm reads the cycle nodes (w first, waiting on e) again from its end
// back to w, and returns nodes if every wait is still in place.
func (w *Node) confirm(e *Edge, nodes []*Node) []*Node {
	for i := len(nodes) - 1; i >= 0; i-- {
		next := w
		if i+1 < len(nodes) {
			next = nodes[i+1]
		}
		cur := nodes[i].blockedOn()
		if cur == nil || (i == 0 && cur != e) || cur.blocker() != next {
			return nil
		}
	}
	return nodes
}

// Waiting reports the future n's actor is blocked on, if the graph would
// follow its wait (see [Node.Begin]), and when that wait began; nil when it
// does not wait. For diagnostics: the answer may be stale as it returns.
func (n *Node) Waiting() (e *Edge, since time.Time) {
	if e = n.blockedOn(); e == nil {
		return nil, time.Time{}
	}
	return e, time.Unix(0, n.since.Load())
}

// NewDeadlockError makes the error of a wait that closes a cycle from the
// cycle's actors, the waiter first: each waits on the next, the last on the
// first. The actor package sets it so that users get its exported
// *actor.DeadlockError; by default it is a [Cycle].
var NewDeadlockError = func(cycle []Identity) error { return Cycle(cycle) }

func newDeadlockError(nodes []*Node) error {
	ids := make([]Identity, len(nodes))
	for i, n := range nodes {
		ids[i] = n.ID
	}
	return NewDeadlockError(ids)
}

// Cycle is the default deadlock error: the actors of the cycle.
type Cycle []Identity

// Error names the cycle's actors: "actor: deadlock: A waits on B waits on A".
func (c Cycle) Error() string {
	var b strings.Builder
	b.WriteString("actor: deadlock: ")
	for _, id := range c {
		b.WriteString(id.Name() + " waits on ")
	}
	if len(c) > 0 {
		b.WriteString(c[0].Name())
	}
	return b.String()
}

// Is makes errors.Is(err, ErrDeadlock) true.
func (c Cycle) Is(target error) bool { return target == ErrDeadlock }
