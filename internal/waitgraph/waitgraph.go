// Package waitgraph is the wait-for graph that future and actor share to
// detect deadlocks between actors.
//
// A [Node] is one actor. An [Edge] is the part of a future the graph reads:
// its completion state and, when the runtime knows it for certain, the actor
// that will complete it (its owner). An actor that blocks on a future records
// the edge in its node; a wait closes a cycle when following owners and the
// edges they wait on leads back to the waiting actor.
//
// The first rule is no false positives: an edge without an owner is never
// followed, and an edge that completed is no edge at all.
package waitgraph

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
)

// ErrDeadlock is matched by every [DeadlockError]. The actor package exports
// it as actor.ErrDeadlock.
var ErrDeadlock = errors.New("actor: deadlock")

// Identity names a node in error messages and diagnostics.
type Identity interface {
	Name() string
	URN() string
}

// Node is one actor in the graph. Its zero value is ready once ID is set.
type Node struct {
	ID      Identity
	waiting atomic.Pointer[Edge]
}

// Waiting reports the edge the node is blocked on, or nil.
func (n *Node) Waiting() *Edge { return n.waiting.Load() }

// Edge states: a future is pending until it completes.
const (
	Pending uint32 = iota
	Completing
	Done
)

// Edge is embedded in every future: State is the future's own state word, so
// the graph reads completion without a second flag.
type Edge struct {
	State atomic.Uint32
	owner atomic.Pointer[Node]
}

// SetOwner records the actor that will complete the future; nil means the
// runtime no longer knows.
func (e *Edge) SetOwner(n *Node) { e.owner.Store(n) }

// Owner reports the actor known to complete the future, or nil.
func (e *Edge) Owner() *Node { return e.owner.Load() }

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

// Begin records that w blocks on e. It returns a *DeadlockError, and records
// nothing, when the wait would close a cycle. Otherwise the caller must call
// End when the wait is over.
//
// Two actors that close a cycle at the same moment each store their edge
// before reading the other's (sequentially consistent atomics), so at least one
// of them sees the cycle.
func (w *Node) Begin(e *Edge) error {
	w.waiting.Store(e)
	cycle := []*Node{w}
	for cur := e; cur != nil && len(cycle) <= maxHops; {
		if cur.State.Load() == Done {
			return nil
		}
		owner := cur.owner.Load()
		switch {
		case owner == nil:
			return nil
		case owner == w:
			w.waiting.Store(nil)
			return newDeadlockError(cycle)
		}
		for _, seen := range cycle[1:] {
			if seen == owner {
				return nil // a cycle elsewhere, reported to its own members
			}
		}
		cycle = append(cycle, owner)
		cur = owner.waiting.Load()
	}
	return nil
}

// End records that w no longer waits.
func (w *Node) End() { w.waiting.Store(nil) }

// Member is one actor of a deadlock cycle.
type Member struct {
	Name string
	URN  string
}

// DeadlockError lists a cycle of actors each waiting on the next; the last
// waits on the first. Cycle[0] is the actor whose wait closed the cycle.
type DeadlockError struct {
	Cycle []Member
}

func newDeadlockError(nodes []*Node) *DeadlockError {
	e := &DeadlockError{Cycle: make([]Member, len(nodes))}
	for i, n := range nodes {
		e.Cycle[i] = Member{Name: n.ID.Name(), URN: n.ID.URN()}
	}
	return e
}

// Error names the cycle: "actor: deadlock: A (urn) waits on B (urn) waits on A".
func (e *DeadlockError) Error() string {
	var b strings.Builder
	b.WriteString("actor: deadlock: ")
	for _, m := range e.Cycle {
		fmt.Fprintf(&b, "%s (%s) waits on ", m.Name, m.URN)
	}
	if len(e.Cycle) > 0 {
		b.WriteString(e.Cycle[0].Name)
	}
	return b.String()
}

// Is makes errors.Is(err, ErrDeadlock) true.
func (e *DeadlockError) Is(target error) bool { return target == ErrDeadlock }
