package router

import (
	"sync/atomic"

	"github.com/troupe-go/troupe/actor"
)

// RoundRobin sends requests to its members in turn. The rotation is strict,
// whichever goroutines send: one atomic counter numbers the turns from 0, and
// turn k belongs to refs[k mod n]. With every member alive, the k-th request
// (Call, Ask, Tell or Next) goes to refs[k mod n], so n members share any
// multiple of n requests exactly evenly.
//
// A member that has stopped is skipped: a request whose turn belongs to a
// stopped member takes the next turn, and the next, until it reaches a live
// member. Turns keep their owners, so the live members still alternate in
// list order, each getting its own turns and those of the stopped members
// before it. When no member is alive a request uses n turns and fails with
// [ErrNoLiveMember].
//
// Cost of a pick: one atomic add and, per member looked at, one lock of the
// member (its IsAlive); no allocation.
type RoundRobin[S actor.Receiver[M], M any] struct {
	of RoundRobinOf[*actor.Ref[S, M]]
}

// NewRoundRobin returns a round-robin router over refs, in the given order.
// The same ref may appear more than once, to weigh it. NewRoundRobin panics
// if refs is empty or holds a nil ref.
func NewRoundRobin[S actor.Receiver[M], M any](refs ...*actor.Ref[S, M]) *RoundRobin[S, M] {
	return &RoundRobin[S, M]{of: RoundRobinOf[*actor.Ref[S, M]]{ms: members("NewRoundRobin", refs)}}
}

// Next returns the member whose turn it is, skipping stopped members, or nil
// when none is alive.
func (r *RoundRobin[S, M]) Next() *actor.Ref[S, M] { return r.of.Next() }

// Tell sends msg to the member whose turn it is. It returns
// [ErrNoLiveMember] when no member is alive, or the member's Tell error.
func (r *RoundRobin[S, M]) Tell(msg M) error { return tellRef(r.Next(), msg) }

// RoundRobinOf is [RoundRobin] over members of any type: Next picks the
// member whose turn it is, with the same strict rotation and the same
// skipping of members that are not alive, and the caller sends to it. Use
// it for members that are not *actor.Ref, such as remote handles.
type RoundRobinOf[T Member] struct {
	ms   []T
	turn atomic.Uint64
}

// NewRoundRobinOf returns a round-robin router over ms, in the given order.
// The same member may appear more than once, to weigh it. NewRoundRobinOf
// panics if ms is empty or holds a nil member.
func NewRoundRobinOf[T Member](ms ...T) *RoundRobinOf[T] {
	return &RoundRobinOf[T]{ms: membersOf("NewRoundRobinOf", ms)}
}

// Next returns the member whose turn it is, skipping members that are not
// alive, or the zero T (nil for a pointer) when none is alive.
func (r *RoundRobinOf[T]) Next() T {
	n := uint64(len(r.ms))
	for range n {
		if m := r.ms[(r.turn.Add(1)-1)%n]; m.IsAlive() {
			return m
		}
	}
	var none T
	return none
}
