package router

import (
	"math/rand/v2"

	"github.com/troupe-go/troupe/actor"
)

// Random sends each request to a member chosen uniformly at random among the
// live ones. Cost of a pick: one call to math/rand/v2 and one IsAlive; only
// when the chosen member has stopped does it look at every member once more.
type Random[S actor.Receiver[M], M any] struct {
	refs []*actor.Ref[S, M]
}

// NewRandom returns a random router over refs. NewRandom panics if refs is
// empty or holds a nil ref.
func NewRandom[S actor.Receiver[M], M any](refs ...*actor.Ref[S, M]) *Random[S, M] {
	return &Random[S, M]{refs: members("NewRandom", refs)}
}

// Next returns a live member chosen uniformly at random, or nil when none is
// alive.
func (r *Random[S, M]) Next() *actor.Ref[S, M] {
	if ref := r.refs[rand.IntN(len(r.refs))]; ref.IsAlive() {
		return ref
	}
	// The first draw hit a stopped member: draw again among the live ones
	// (reservoir sampling, one pass). Either way each live member has the
	// same chance.
	var pick *actor.Ref[S, M]
	live := 0
	for _, ref := range r.refs {
		if ref.IsAlive() {
			if live++; rand.IntN(live) == 0 {
				pick = ref
			}
		}
	}
	return pick
}

// Tell sends msg to a live member chosen at random. It returns
// [ErrNoLiveMember] when no member is alive, or the member's Tell error.
func (r *Random[S, M]) Tell(msg M) error { return tellRef(r.Next(), msg) }
