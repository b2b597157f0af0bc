package registry

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/google/uuid"
)

// Default is the process-wide registry, as Pykka's ActorRegistry: actors
// join it unless they are started with a registry of their own.
var Default = New()

// Entry is what a registry holds: one live actor, seen without its state
// or message types. A *actor.Ref satisfies it; the registry never imports
// actor. An Entry's dynamic type must be comparable (a pointer, as
// *actor.Ref is), since Unregister compares entries with ==.
//
// An Entry may also have a method UUID() [uuid.UUID] returning the 16
// bytes its URN spells; Register and Unregister then skip parsing the URN.
type Entry interface {
	// URN identifies the actor: "urn:uuid:" followed by a UUID.
	URN() string
	// Name is the actor's name; several actors may share one.
	Name() string
	// IsAlive reports whether the actor has not yet stopped. A stopping
	// actor is alive but refuses new messages.
	IsAlive() bool
	// Done is closed once the actor has stopped and left its registry.
	Done() <-chan struct{}
	// Stop requests the actor to stop, then waits until it has stopped
	// or ctx ends, returning ctx's error in the latter case.
	Stop(ctx context.Context) error
}

// uuider is the optional fast path of an Entry: its URN as 16 bytes.
type uuider interface{ UUID() uuid.UUID }

// Registry is the set of live actors, in start order. The zero value is an
// empty registry ready to use; a Registry must not be copied after first
// use. All methods are safe for concurrent use, and none calls an Entry's
// methods while holding the registry's lock, so an Entry may call back
// into its registry.
//
// Register and Unregister cost O(1) and allocate nothing once the map has
// grown: a mutex, a map and a sequence number. All, ByName, Find, Broadcast
// and StopAll sort the entries by that number, O(n log n); ByURN is O(1).
type Registry struct {
	mu    sync.Mutex
	seq   uint64 // numbers the registrations: start order
	byKey map[uuid.UUID]slot
	// unique holds the names registered with RegisterUnique and uniqueOf
	// the same the other way, so that a slot stays small; pending holds the
	// names GetOrRegister is making an entry for. See unique.go.
	unique   map[string]uuid.UUID
	uniqueOf map[uuid.UUID]string
	pending  map[string]chan struct{}
}

// slot is a registered entry and its place in start order.
type slot struct {
	e   Entry
	seq uint64
}

// New returns an empty registry, for actors kept apart from [Default]
// (tests, or a subsystem stopped on its own with [Registry.StopAll]).
func New() *Registry { return &Registry{} }

// key returns the entry's URN as 16 bytes, without formatting or
// parsing when the entry can hand them over directly.
func key(e Entry) (uuid.UUID, error) {
	if u, ok := e.(uuider); ok {
		return u.UUID(), nil
	}
	return uuid.Parse(e.URN())
}

// Register adds e as the newest entry. It fails with [ErrNilEntry] for a
// nil e, [ErrMalformedURN] if e has no UUID method and its URN does not
// parse, [ErrDuplicateURN] if an entry with the same URN is present, and
// [ErrNameTaken] if e's name is held by an entry registered with
// [Registry.RegisterUnique]. actor.Start calls it; users rarely need to.
func (r *Registry) Register(e Entry) error {
	if e == nil {
		return ErrNilEntry
	}
	k, err := key(e)
	if err != nil {
		return fmt.Errorf("%w %q: %w", ErrMalformedURN, e.URN(), err)
	}
	r.mu.Lock()
	if len(r.unique) > 0 {
		// Only now is e's name needed, and asking for it under the lock
		// would call into e: ask outside, then check again.
		r.mu.Unlock()
		name := e.Name()
		r.mu.Lock()
		if holder, ok := r.uniqueHolderLocked(name); ok {
			r.mu.Unlock()
			return nameTaken(name, holder)
		}
	}
	defer r.mu.Unlock()
	return r.addLocked(k, e, "")
}

// addLocked registers e under k, holding the unique name if not "", unless
// k is taken.
func (r *Registry) addLocked(k uuid.UUID, e Entry, unique string) error {
	if _, dup := r.byKey[k]; dup {
		return fmt.Errorf("%w %s", ErrDuplicateURN, e.URN())
	}
	if r.byKey == nil {
		r.byKey = make(map[uuid.UUID]slot)
	}
	r.seq++
	r.byKey[k] = slot{e: e, seq: r.seq}
	if unique != "" {
		if r.uniqueOf == nil {
			r.uniqueOf = make(map[uuid.UUID]string)
		}
		r.uniqueOf[k] = unique
	}
	return nil
}

// Unregister removes e. It does nothing if e is absent, including when
// another entry holds e's URN. An actor calls it before its Done closes.
func (r *Registry) Unregister(e Entry) {
	if e == nil {
		return
	}
	k, err := key(e)
	if err != nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if s, ok := r.byKey[k]; ok && s.e == e {
		delete(r.byKey, k)
		if name, ok := r.uniqueOf[k]; ok {
			delete(r.uniqueOf, k)
			delete(r.unique, name)
		}
	}
}

// Len returns the number of registered entries.
func (r *Registry) Len() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.byKey)
}

// All returns the registered entries in start order, oldest first, in a
// fresh slice the caller owns. An entry stays registered until its actor
// has stopped, so one that is stopping is included with IsAlive false.
func (r *Registry) All() []Entry {
	r.mu.Lock()
	slots := make([]slot, 0, len(r.byKey))
	for _, s := range r.byKey {
		slots = append(slots, s)
	}
	r.mu.Unlock()
	slices.SortFunc(slots, func(a, b slot) int { return cmp.Compare(a.seq, b.seq) })
	all := make([]Entry, len(slots))
	for i, s := range slots {
		all[i] = s.e
	}
	return all
}

// ByURN returns the entry whose URN is urn. Any spelling [uuid.Parse]
// accepts will do; a malformed urn is simply not found.
func (r *Registry) ByURN(urn string) (Entry, bool) {
	k, err := uuid.Parse(urn)
	if err != nil {
		return nil, false
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if s, ok := r.byKey[k]; ok {
		return s.e, true
	}
	return nil, false
}

// ByName returns the entries named name, in start order. It asks every
// entry for its name.
func (r *Registry) ByName(name string) []Entry {
	return slices.DeleteFunc(r.All(), func(e Entry) bool { return e.Name() != name })
}
