package router

import (
	"fmt"
	"reflect"
	"slices"

	"github.com/google/uuid"
)

// Member is what the member-generic routers ([RoundRobinOf], [RandomOf])
// need of a member: whether it can take a request now. *actor.Ref is one,
// and so is any handle that says whether its target is up (a remote ref).
// A router over Members only picks: the caller sends to the member Next
// returns, with whatever calls the member has.
type Member interface {
	IsAlive() bool
}

// MemberWithLen is a [Member] that says how many requests wait on it, for
// [SmallestOf]: an actor's queued messages, a remote handle's asks in
// flight.
type MemberWithLen interface {
	Member
	Len() int
}

// MemberWithUUID is a [Member] with a stable identity, for
// [ConsistentHashOf]: the ring is placed at hashes of the members' UUIDs,
// so members whose UUIDs are the same in every process (a remote handle's)
// give the same ring in every process.
type MemberWithUUID interface {
	Member
	UUID() uuid.UUID
}

// membersOf checks the members a generic router is made with and copies
// them, so the caller's slice may change afterwards.
func membersOf[T any](op string, ms []T) []T {
	if len(ms) == 0 {
		panic("router: " + op + " needs at least one member")
	}
	checkMembers(op, ms)
	return slices.Clone(ms)
}

// checkMembers panics on a nil member: a nil interface, or a nil pointer,
// map, slice, func or channel under one.
func checkMembers[T any](op string, ms []T) {
	for i, m := range ms {
		if isNil(m) {
			panic(fmt.Sprintf("router: %s: member %d is nil", op, i))
		}
	}
}

func isNil[T any](m T) bool {
	v := reflect.ValueOf(any(m))
	if !v.IsValid() {
		return true
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface, reflect.Map, reflect.Slice, reflect.Func, reflect.Chan, reflect.UnsafePointer:
		return v.IsNil()
	}
	return false
}
