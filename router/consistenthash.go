package router

import (
	"context"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/google/uuid"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/future"
)

// ConsistentHash sends each message to the member that owns its key on a
// hash ring. The key of a message is what the key function returns; Call
// and Ask have no message to read it from, so [CallKey] and [AskKey] take
// the key.
//
// Guarantees:
//
//   - The same key reaches the same member as long as the membership does
//     not change and that member is alive, whatever the order the members
//     were given in.
//   - A membership change moves only the keys it must: adding a member to n
//     moves about 1/(n+1) of the keys, all of them to the new member;
//     removing one moves only its own keys. A member that stops is handled
//     like a removed one until it is removed: its keys go to the members
//     that follow it on the ring, and the other keys stay put.
//
// Each member has 256 points (virtual nodes) on the ring, at hashes of its
// UUID, so the ring depends only on the set of members. A key is hashed with
// 64-bit FNV-1a and a finalizer; the ring is the same in every process.
//
// Lookups read the ring without a lock. [ConsistentHash.Add] and
// [ConsistentHash.Remove] build a new ring and swap it in; requests already
// routed are not moved. Cost of a pick: the key function, a hash of the key,
// a binary search over 256 points per member, and one IsAlive; no
// allocation. A change costs a rebuild of 256 points per member.
type ConsistentHash[S actor.Receiver[M], M any] struct {
	key func(M) string
	of  ConsistentHashOf[*actor.Ref[S, M]]
}

// NewConsistentHash returns a consistent-hash router over refs, which key
// maps each message to its key. Unlike the other routers it may start
// empty, to be filled with Add (Go then needs the state type spelled out:
// NewConsistentHash[*Worker](key)); a ref given twice counts once.
// NewConsistentHash panics if key is nil or a ref is nil.
func NewConsistentHash[S actor.Receiver[M], M any](key func(M) string, refs ...*actor.Ref[S, M]) *ConsistentHash[S, M] {
	if key == nil {
		panic("router: NewConsistentHash with a nil key func")
	}
	checkRefs("NewConsistentHash", refs)
	r := &ConsistentHash[S, M]{key: key}
	r.of.add(refs)
	return r
}

// Add adds the refs that are not members yet. Keys move to a new member
// only from the members that precede its points on the ring. Add panics if
// a ref is nil.
func (r *ConsistentHash[S, M]) Add(refs ...*actor.Ref[S, M]) {
	checkRefs("ConsistentHash.Add", refs)
	r.of.add(refs)
}

// Remove removes the refs that are members; their keys go to the members
// that follow them on the ring, and no other key moves.
func (r *ConsistentHash[S, M]) Remove(refs ...*actor.Ref[S, M]) { r.of.Remove(refs...) }

// Members returns the members, in the order they were added.
func (r *ConsistentHash[S, M]) Members() []*actor.Ref[S, M] { return r.of.Members() }

// NextKey returns the live member that owns key, or nil when no member is
// alive.
func (r *ConsistentHash[S, M]) NextKey(key string) *actor.Ref[S, M] { return r.of.NextKey(key) }

// Next returns the owner of the empty key: the router has no message to
// hash. So [Call] and [Ask] through a ConsistentHash always reach one member;
// use [CallKey] and [AskKey], or Tell, which hashes the message.
func (r *ConsistentHash[S, M]) Next() *actor.Ref[S, M] { return r.NextKey("") }

// Tell sends msg to the live member that owns its key. It returns
// [ErrNoLiveMember] when no member is alive, or the member's Tell error.
func (r *ConsistentHash[S, M]) Tell(msg M) error { return tellRef(r.NextKey(r.key(msg)), msg) }

// CallKey is [Call] for the member that owns key.
func CallKey[S actor.Receiver[M], M, R any](r *ConsistentHash[S, M], key string, fn func(S) (R, error)) *future.Future[R] {
	if fn == nil {
		panic("router: CallKey with a nil func")
	}
	return callRef(r.NextKey(key), fn)
}

// AskKey is [Ask] for the member that owns key. The key function is not
// used: the message is built for the member the key picks.
func AskKey[S actor.Receiver[M], M, R any](ctx context.Context, r *ConsistentHash[S, M], key string, build func(*future.Promise[R]) M) (R, error) {
	if build == nil {
		panic("router: AskKey with a nil build func")
	}
	return askRef(ctx, r.NextKey(key), build)
}

// ConsistentHashOf is [ConsistentHash] over members of any type with a
// stable identity (UUID): NextKey picks the live member that owns a key,
// with the same guarantees, and the caller sends to it. Members with equal
// UUIDs are one member. The ring depends only on the members' UUIDs, so
// members whose UUIDs are the same in every process (remote handles on a
// name) send a key to the same member from every process.
type ConsistentHashOf[T MemberWithUUID] struct {
	mu   sync.Mutex // one membership change at a time
	ring atomic.Pointer[ring[T]]
}

// NewConsistentHashOf returns a consistent-hash router over ms. It may
// start empty, to be filled with Add (Go then needs T spelled out); a
// member given twice (by UUID) counts once. NewConsistentHashOf panics if a
// member is nil.
func NewConsistentHashOf[T MemberWithUUID](ms ...T) *ConsistentHashOf[T] {
	checkMembers("NewConsistentHashOf", ms)
	r := &ConsistentHashOf[T]{}
	r.add(ms)
	return r
}

func memberID[T MemberWithUUID](m T) uuid.UUID { return m.UUID() }

// Add adds the members whose UUIDs are not among the members yet. Keys move
// to a new member only from the members that precede its points on the
// ring. Add panics if a member is nil.
func (r *ConsistentHashOf[T]) Add(ms ...T) {
	checkMembers("ConsistentHashOf.Add", ms)
	r.add(ms)
}

// add adds the members not there yet (by UUID), each once.
func (r *ConsistentHashOf[T]) add(ms []T) {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []T
	if cur := r.ring.Load(); cur != nil {
		out = slices.Clone(cur.members)
	}
	for _, m := range ms {
		id := m.UUID()
		if !slices.ContainsFunc(out, func(o T) bool { return o.UUID() == id }) {
			out = append(out, m)
		}
	}
	r.ring.Store(newRing(out, memberID[T]))
}

// Remove removes the members with the UUIDs of ms; their keys go to the
// members that follow them on the ring, and no other key moves.
func (r *ConsistentHashOf[T]) Remove(ms ...T) {
	gone := make(map[uuid.UUID]bool, len(ms))
	for _, m := range ms {
		if !isNil(m) { // a nil is no member: nothing to remove
			gone[m.UUID()] = true
		}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.ring.Store(newRing(slices.DeleteFunc(slices.Clone(r.ring.Load().members), func(m T) bool {
		return gone[m.UUID()]
	}), memberID[T]))
}

// Members returns the members, in the order they were added.
func (r *ConsistentHashOf[T]) Members() []T { return slices.Clone(r.ring.Load().members) }

// NextKey returns the live member that owns key, or the zero T (nil for a
// pointer) when no member is alive.
func (r *ConsistentHashOf[T]) NextKey(key string) T {
	m, _ := r.ring.Load().owner(key, T.IsAlive)
	return m
}

// Next returns the owner of the empty key: the router has nothing to hash.
// Use NextKey.
func (r *ConsistentHashOf[T]) Next() T { return r.NextKey("") }
