package router

import (
	"math/rand/v2"

	"github.com/troupe-go/troupe/actor"
)

// Random sends each request to a member chosen uniformly at random among the
// live ones. Cost of a pick: one call to math/rand/v2 and one IsAlive; only
// when the chosen member has stopped does it look at every member once more.
type Random[S actor.Receiver[M], M any] struct {
	of RandomOf[*actor.Ref[S, M]]
}

// NewRandom returns a random router over refs. NewRandom panics if refs is
// empty or holds a nil ref.
func NewRandom[S actor.Receiver[M], M any](refs ...*actor.Ref[S, M]) *Random[S, M] {
	return &Random[S, M]{of: RandomOf[*actor.Ref[S, M]]{ms: members("NewRandom", refs)}}
}

// Next returns a live member chosen uniformly at random, or nil when none is
// alive.
func (r *Random[S, M]) Next() *actor.Ref[S, M] { return r.of.Next() }

// Tell sends msg to a live member chosen at random. It returns
// [ErrNoLiveMember] when no member is alive, or the member's Tell error.
func (r *Random[S, M]) Tell(msg M) error { return tellRef(r.Next(), msg) }

// RandomOf is [Random] over members of any type: Next picks a live member
// uniformly at random, and the caller sends to it.
type RandomOf[T Member] struct {
	ms []T
}

// NewRandomOf returns a random router over ms. NewRandomOf panics if ms is
// empty or holds a nil member.
func NewRandomOf[T Member](ms ...T) *RandomOf[T] {
	return &RandomOf[T]{ms: membersOf("NewRandomOf", ms)}
}

// Next returns a live member chosen uniformly at random, or the zero T
// (nil for a pointer) when none is alive.
func (r *RandomOf[T]) Next() T {
	if m := r.ms[rand.IntN(len(r.ms))]; m.IsAlive() {
		return m
	}
	// The first draw hit a member that is not alive: draw again among the
	// live ones (reservoir sampling, one pass). Either way each live member
	// has the same chance.
	var pick T
	live := 0
	for _, m := range r.ms {
		if m.IsAlive() {
			if live++; rand.IntN(live) == 0 {
				pick = m
			}
		}
	}
	return pick
}
