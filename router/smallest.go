package router

import (
	"sync/atomic"

	"github.com/troupe-go/troupe/actor"
)

// SmallestMailbox sends each request to the live member with the fewest
// messages waiting in its mailbox (actor.Ref.Len). Ties go to the first such
// member from a starting point that moves one member on at each pick, so
// equally loaded members take turns; an empty mailbox ends the search at
// once.
//
// The count leaves out the message being handled: a member busy with a long
// message and nothing queued looks as free as an idle one. The counts are
// read one by one, not as one snapshot.
//
// Cost of a pick: one atomic add and, per member looked at, two locks of the
// member (IsAlive and Len); no allocation. With all mailboxes empty it looks
// at one member.
type SmallestMailbox[S actor.Receiver[M], M any] struct {
	refs  []*actor.Ref[S, M]
	start atomic.Uint64
}

// NewSmallestMailbox returns a smallest-mailbox router over refs.
// NewSmallestMailbox panics if refs is empty or holds a nil ref.
func NewSmallestMailbox[S actor.Receiver[M], M any](refs ...*actor.Ref[S, M]) *SmallestMailbox[S, M] {
	return &SmallestMailbox[S, M]{refs: members("NewSmallestMailbox", refs)}
}

// Next returns the live member with the fewest queued messages, or nil when
// none is alive.
func (r *SmallestMailbox[S, M]) Next() *actor.Ref[S, M] {
	n := uint64(len(r.refs))
	first := r.start.Add(1) - 1
	var best *actor.Ref[S, M]
	least := 0
	for k := range n {
		ref := r.refs[(first+k)%n]
		if !ref.IsAlive() {
			continue
		}
		if l := ref.Len(); best == nil || l < least {
			best, least = ref, l
			if l == 0 {
				break
			}
		}
	}
	return best
}

// Tell sends msg to the member with the fewest queued messages. It returns
// [ErrNoLiveMember] when no member is alive, or the member's Tell error.
func (r *SmallestMailbox[S, M]) Tell(msg M) error { return tellRef(r.Next(), msg) }
