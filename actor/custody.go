package actor

import (
	"math"
	"reflect"
	"sync"
	"sync/atomic"
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

// carry says where an actor's messages may hold reply promises: carryNone,
// carryDynamic, or the index in fixed (from firstPlan on) of the plan of
// its message type.
type carry uint8

const (
	carryNone    carry = iota // M holds no reply promise
	carryDynamic              // M is an interface: look at each message's dynamic type
	firstPlan
)

// plan is where values of one type hold reply promises.
type plan struct {
	offsets []uintptr // of the *future.Promise fields, in the value's memory
	direct  bool      // an interface holds the value itself, not a pointer to it
}

var (
	plansMu sync.Mutex
	// fixed holds the plans of the message types that hold promises, of
	// the actors started so far, indexed by carry-firstPlan; it only grows.
	fixed atomic.Pointer[[]*plan]
	// plans caches the plan of every type looked at.
	plans sync.Map // reflect.Type → *plan
)

// carriesOf says where messages of type M may hold reply promises. Past
// 250 message types that hold promises, a type is looked at as an
// interface's would be.
func carriesOf[M any]() carry {
	t := reflect.TypeFor[M]()
	if t.Kind() == reflect.Interface {
		return carryDynamic
	}
	pl := planOf(t)
	if len(pl.offsets) == 0 {
		return carryNone
	}
	plansMu.Lock()
	defer plansMu.Unlock()
	var list []*plan
	if l := fixed.Load(); l != nil {
		list = *l
	}
	for i, q := range list {
		if q == pl {
			return firstPlan + carry(i)
		}
	}
	if len(list) >= math.MaxUint8-int(firstPlan) {
		return carryDynamic
	}
	list = append(list[:len(list):len(list)], pl)
	fixed.Store(&list)
	return firstPlan + carry(len(list)-1)
}

// planOf returns the plan of type t, made once. A small cache in front of
// plans, indexed by the type's address, answers the types messages keep
// coming in with a load and a compare.
func planOf(t reflect.Type) *plan {
	slot := &recent[uintptr((*[2]unsafe.Pointer)(unsafe.Pointer(&t))[1])>>5%uintptr(len(recent))]
	if e := slot.Load(); e != nil && e.t == t {
		return e.pl
	}
	v, ok := plans.Load(t)
	if !ok {
		v, _ = plans.LoadOrStore(t, &plan{offsets: findPromises(t, 0, nil, 0), direct: pointerShaped(t)})
	}
	pl := v.(*plan)
	slot.Store(&planEntry{t, pl})
	return pl
}

// recent caches the plans of types seen lately, by the type's address.
var recent [256]atomic.Pointer[planEntry]

type planEntry struct {
	t  reflect.Type
	pl *plan
}

// pointerShaped reports whether an interface holds a value of type t in its
// data word itself rather than a pointer to it: the compiler's rule for
// direct interface types.
func pointerShaped(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Pointer, reflect.Chan, reflect.Map, reflect.Func, reflect.UnsafePointer:
		return true
	case reflect.Struct:
		return t.NumField() == 1 && pointerShaped(t.Field(0).Type)
	case reflect.Array:
		return t.Len() == 1 && pointerShaped(t.Elem())
	}
	return false
}

// maxCarryDepth and maxCarryArray bound the search of a message type.
const (
	maxCarryDepth = 8
	maxCarryArray = 16
)

// findPromises appends to out the offsets from base at which a value of
// type t stores a *future.Promise, in fields and arrays, not behind pointers.
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

// isPromise reports whether t, a pointer type, is a *future.Promise[T]. A
// promise's edge is the first thing in it, so its pointer is its edge's.
func isPromise(t reflect.Type) bool {
	if t.Elem().PkgPath() != futurePkg {
		return false
	}
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
	switch k := r.c.carries; k {
	case carryNone:
	case carryDynamic:
		x := any(e.msg)
		if x == nil {
			return
		}
		pl := planOf(reflect.TypeOf(x))
		if len(pl.offsets) == 0 {
			return
		}
		data := &(*[2]unsafe.Pointer)(unsafe.Pointer(&x))[1] // an interface is a type word and a data word
		base := *data
		if pl.direct {
			base = unsafe.Pointer(data)
		}
		custodyAt(op, base, pl.offsets, n)
	default:
		custodyAt(op, unsafe.Pointer(&e.msg), (*fixed.Load())[k-firstPlan].offsets, n)
	}
}

// custodyAt does op with the promises stored at offsets from base.
func custodyAt(op custodyOp, base unsafe.Pointer, offsets []uintptr, n *waitgraph.Node) {
	for _, off := range offsets {
		if p := *(*unsafe.Pointer)(unsafe.Add(base, off)); p != nil {
			op.apply((*waitgraph.Edge)(p), n)
		}
	}
}
