package actor

import (
	"reflect"
	"sync"
	"unsafe"

	"github.com/troupe-go/troupe/future"
	"github.com/troupe-go/troupe/internal/waitgraph"
)

// Custody: the wait-for graph follows a reply promise to the actor that will
// complete it. A request's promise belongs to the actor it is queued at, and
// stays in the custody of that actor while the handler that took it runs.
// A message sent to another actor that holds a promise in someone's custody
// (found by value: a field of the message, or the message itself) moves the
// promise to that actor, so forwarding is followed, not guessed. When the
// handler returns with the promise still pending and still in its custody,
// nobody is known to complete it any more: the graph stops following it.
//
// A promise the runtime cannot see go anywhere (into a goroutine, a channel,
// a closure, a slice, a map, a field of interface type, or behind a pointer
// to a struct) stays in the custody of the handler until it returns.

// carry says where an actor's messages may hold reply promises.
type carry uint8

const (
	carryNone    carry = iota // M holds no reply promise
	carryFixed                // M holds promises at fixed offsets
	carryDynamic              // M is an interface: look at each message's dynamic type
)

// carriesOf says where messages of type M may hold reply promises.
func carriesOf[M any]() carry {
	t := reflect.TypeFor[M]()
	switch {
	case t.Kind() == reflect.Interface:
		return carryDynamic
	case len(promiseOffsets(t)) > 0:
		return carryFixed
	}
	return carryNone
}

// offsets caches, per type, where its values hold promises.
var offsets sync.Map // reflect.Type → []uintptr

// promiseOffsets returns the offsets in a value of type t at which a
// *future.Promise is stored, in fields and arrays (not behind pointers).
func promiseOffsets(t reflect.Type) []uintptr {
	if v, ok := offsets.Load(t); ok {
		return v.([]uintptr)
	}
	v, _ := offsets.LoadOrStore(t, findPromises(t, 0, nil, 0))
	return v.([]uintptr)
}

// maxCarryDepth and maxCarryArray bound the search of a message type.
const (
	maxCarryDepth = 8
	maxCarryArray = 16
)

func findPromises(t reflect.Type, base uintptr, out []uintptr, depth int) []uintptr {
	if depth > maxCarryDepth {
		return out
	}
	switch t.Kind() {
	case reflect.Pointer:
		if isPromise(t) {
			out = append(out, base)
		}
	case reflect.Struct:
		for i := range t.NumField() {
			f := t.Field(i)
			out = findPromises(f.Type, base+f.Offset, out, depth+1)
		}
	case reflect.Array:
		for i := range min(t.Len(), maxCarryArray) {
			out = findPromises(t.Elem(), base+uintptr(i)*t.Elem().Size(), out, depth+1)
		}
	}
	return out
}

var futurePkg = reflect.TypeFor[future.Promise[int]]().PkgPath()

var promiseTypes sync.Map // reflect.Type → bool

// isPromise reports whether t, a pointer type, is a *future.Promise[T]. A
// promise's edge is the first thing in it, so its pointer is its edge's.
func isPromise(t reflect.Type) bool {
	if t.Elem().PkgPath() != futurePkg {
		return false
	}
	if is, ok := promiseTypes.Load(t); ok {
		return is.(bool)
	}
	is := promiseType(t)
	promiseTypes.Store(t, is)
	return is
}

func promiseType(t reflect.Type) bool {
	v := reflect.New(t.Elem())
	e := waitgraph.EdgeOf(v.Interface())
	if e == nil {
		return false
	}
	if unsafe.Pointer(e) != v.UnsafePointer() {
		panic("actor: a promise's wait edge is not at its start")
	}
	return true
}

// custodyOp is what to do with the promises a message holds.
type custodyOp uint8

const (
	opAdopt   custodyOp = iota // the message is queued at n: n completes what others held
	opRelease                  // n's handler returned: n no longer knows who completes them
)

// apply does op, for actor n, with edge e.
func (op custodyOp) apply(e *waitgraph.Edge, n *waitgraph.Node) {
	if op == opRelease {
		e.Release(n)
		return
	}
	if e.State.Load() == waitgraph.Pending && e.Owner() != nil {
		e.SetOwner(n)
	}
}

// custody does op for this actor with every promise e holds: a request's
// reply, and the promises its message holds.
func (r *Ref[S, M]) custody(op custodyOp, e *envelope[S, M]) {
	n := &r.c.node
	if e.req != nil {
		if op == opAdopt {
			// Queued, the request is certain to be completed by this actor.
			e.req.edge().SetOwner(n)
		} else {
			e.req.edge().Release(n)
		}
		return // the promise its message holds is this one
	}
	switch r.c.carries {
	case carryFixed:
		base := unsafe.Pointer(&e.msg)
		for _, off := range promiseOffsets(reflect.TypeFor[M]()) {
			if p := *(*unsafe.Pointer)(unsafe.Add(base, off)); p != nil {
				op.apply((*waitgraph.Edge)(p), n)
			}
		}
	case carryDynamic:
		if x := any(e.msg); x != nil && len(promiseOffsets(reflect.TypeOf(x))) > 0 {
			custodyOf(op, reflect.ValueOf(x), n, 0)
		}
	}
}

// custodyOf does op with every promise v holds, found as findPromises does.
func custodyOf(op custodyOp, v reflect.Value, n *waitgraph.Node, depth int) {
	if depth > maxCarryDepth {
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() && isPromise(v.Type()) {
			op.apply((*waitgraph.Edge)(v.UnsafePointer()), n)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			custodyOf(op, v.Field(i), n, depth+1)
		}
	case reflect.Array:
		for i := range min(v.Len(), maxCarryArray) {
			custodyOf(op, v.Index(i), n, depth+1)
		}
	}
}
