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
	of SmallestOf[*actor.Ref[S, M]]
}

// NewSmallestMailbox returns a smallest-mailbox router over refs.
// NewSmallestMailbox panics if refs is empty or holds a nil ref.
func NewSmallestMailbox[S actor.Receiver[M], M any](refs ...*actor.Ref[S, M]) *SmallestMailbox[S, M] {
	return &SmallestMailbox[S, M]{of: SmallestOf[*actor.Ref[S, M]]{ms: members("NewSmallestMailbox", refs)}}
}

// Next returns the live member with the fewest queued messages, or nil when
// none is alive.
func (r *SmallestMailbox[S, M]) Next() *actor.Ref[S, M] { return r.of.Next() }

// Tell sends msg to the member with the fewest queued messages. It returns
// [ErrNoLiveMember] when no member is alive, or the member's Tell error.
func (r *SmallestMailbox[S, M]) Tell(msg M) error { return tellRef(r.Next(), msg) }

// SmallestOf is [SmallestMailbox] over members of any type that report a
// load (Len): Next picks the live member with the least, ties taking turns,
// and the caller sends to it. For a remote handle, Len counts the asks in
// flight through it from this process, not the remote mailbox.
type SmallestOf[T MemberWithLen] struct {
	ms    []T
	start atomic.Uint64
}

// NewSmallestOf returns a least-loaded router over ms. NewSmallestOf panics
// if ms is empty or holds a nil member.
func NewSmallestOf[T MemberWithLen](ms ...T) *SmallestOf[T] {
	return &SmallestOf[T]{ms: membersOf("NewSmallestOf", ms)}
}

// Next returns the live member with the smallest Len, or the zero T (nil
// for a pointer) when none is alive.
func (r *SmallestOf[T]) Next() T {
	n := uint64(len(r.ms))
	first := r.start.Add(1) - 1
	var best T
	found, least := false, 0
	for k := range n {
		m := r.ms[(first+k)%n]
		if !m.IsAlive() {
			continue
		}
		if l := m.Len(); !found || l < least {
			best, least, found = m, l, true
			if l == 0 {
				break
			}
		}
	}
	return best
}
