package router

import (
	"slices"

	"github.com/google/uuid"
)

// vnodes is how many points each member has on the ring. More points even
// out the members' shares (a member's share varies by about 1/sqrt(vnodes),
// some 6% here) at the cost of memory and rebuild time.
const vnodes = 256

// ring is an immutable hash ring: each member owns the arcs that end at its
// points, and a key belongs to the owner of the first point at or after the
// key's hash, wrapping around.
type ring[T any] struct {
	members []T
	points  []point // sorted by hash
}

type point struct {
	hash   uint64
	member int // index into members
}

// newRing places vnodes points for each member, at hashes of its UUID, so a
// member's points do not depend on the other members or their order.
func newRing[T any](members []T, id func(T) uuid.UUID) *ring[T] {
	r := &ring[T]{members: members, points: make([]point, 0, len(members)*vnodes)}
	for i, m := range members {
		u := id(m)
		for v := range vnodes {
			r.points = append(r.points, point{hash: pointHash(u, v), member: i})
		}
	}
	slices.SortFunc(r.points, func(a, b point) int {
		if a.hash != b.hash {
			if a.hash < b.hash {
				return -1
			}
			return 1
		}
		return a.member - b.member // equal hashes: any fixed order
	})
	return r
}

// owner returns the member that key belongs to among those usable accepts:
// the owner of the first point at or after the key's hash whose member is
// usable. It reports false when no member is usable.
func (r *ring[T]) owner(key string, usable func(T) bool) (T, bool) {
	var zero T
	if len(r.points) == 0 {
		return zero, false
	}
	h := keyHash(key)
	i, _ := slices.BinarySearchFunc(r.points, h, func(p point, h uint64) int {
		switch {
		case p.hash < h:
			return -1
		case p.hash > h:
			return 1
		}
		return 0
	})
	var refused []bool // made on the first unusable member: the rare path
	for k := range len(r.points) {
		m := r.points[(i+k)%len(r.points)].member
		if refused != nil && refused[m] {
			continue
		}
		if usable(r.members[m]) {
			return r.members[m], true
		}
		if refused == nil {
			refused = make([]bool, len(r.members))
		}
		refused[m] = true
	}
	return zero, false
}

// FNV-1a, 64 bits, then a finalizer: FNV alone spreads short, similar keys
// ("user-1", "user-2") poorly over the high bits.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func keyHash(key string) uint64 {
	h := uint64(fnvOffset)
	for i := range len(key) {
		h = (h ^ uint64(key[i])) * fnvPrime
	}
	return mix(h)
}

func pointHash(id uuid.UUID, v int) uint64 {
	h := uint64(fnvOffset)
	for _, b := range id {
		h = (h ^ uint64(b)) * fnvPrime
	}
	for s := 0; s < 32; s += 8 {
		h = (h ^ uint64(byte(v>>s))) * fnvPrime
	}
	return mix(h)
}

// mix is MurmurHash3's 64-bit finalizer.
func mix(h uint64) uint64 {
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb9fe1a85ec53
	h ^= h >> 33
	return h
}
