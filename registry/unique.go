package registry

import (
	"errors"
	"fmt"

	"github.com/google/uuid"
)

// RegisterUnique adds e as [Registry.Register] does, and makes its name
// unique in r while e is registered: it fails with [ErrNameTaken], naming
// the holder, if another entry holds that name through RegisterUnique, and
// a later Register or RegisterUnique of that name fails likewise until e is
// unregistered. actor.StartUnique and actor.GetOrStart call it.
//
// It costs O(1), as Register does, so it does not look at the entries that
// Register took before under the same name: give unique names to entities
// only ("acct-42"), never to plain actors (which, unnamed, are named after
// their state's type).
func (r *Registry) RegisterUnique(e Entry) error {
	if e == nil {
		return ErrNilEntry
	}
	k, err := key(e)
	if err != nil {
		return fmt.Errorf("%w %q: %w", ErrMalformedURN, e.URN(), err)
	}
	name := e.Name()
	r.mu.Lock()
	defer r.mu.Unlock()
	if holder, ok := r.uniqueHolderLocked(name); ok {
		return nameTaken(name, holder)
	}
	if err := r.addLocked(k, e, name); err != nil {
		return err
	}
	if r.unique == nil {
		r.unique = make(map[string]uuid.UUID)
	}
	r.unique[name] = k
	return nil
}

func (r *Registry) setPendingLocked(name string, done chan struct{}) {
	if r.pending == nil {
		r.pending = make(map[string]chan struct{})
	}
	r.pending[name] = done
}

// uniqueHolderLocked returns the entry holding name as a unique name.
func (r *Registry) uniqueHolderLocked(name string) (Entry, bool) {
	k, ok := r.unique[name]
	if !ok {
		return nil, false
	}
	return r.byKey[k].e, true
}

func nameTaken(name string, holder Entry) error {
	return fmt.Errorf("%w: %q is held by the live actor %s", ErrNameTaken, name, holder.URN())
}

// GetOrRegister returns the entry that holds name as a unique name; if none
// does, it calls start, which must register an entry under name with
// [Registry.RegisterUnique] and return it. Callers for the same name wait
// while one of them runs start, so that start runs once, not once per
// caller; if it fails, that caller gets its error and the next waiter runs
// its own start. created reports whether this caller's start made e.
//
// start runs without the registry's lock held; if it panics, the panic goes
// on to this caller and the waiters go on as after a failure. If another
// caller took the
// name meanwhile through RegisterUnique (start then fails with
// [ErrNameTaken]), GetOrRegister returns that caller's entry.
func (r *Registry) GetOrRegister(name string, start func() (Entry, error)) (e Entry, created bool, err error) {
	if start == nil {
		panic("registry: GetOrRegister with a nil start func")
	}
	for {
		r.mu.Lock()
		if holder, ok := r.uniqueHolderLocked(name); ok {
			r.mu.Unlock()
			return holder, false, nil
		}
		if wait, ok := r.pending[name]; ok {
			r.mu.Unlock()
			<-wait
			continue
		}
		done := make(chan struct{})
		r.setPendingLocked(name, done)
		r.mu.Unlock()

		e, err = r.runStart(name, done, start)
		if err == nil {
			return e, true, nil
		}
		if holder, ok := r.Named(name); ok && errors.Is(err, ErrNameTaken) {
			return holder, false, nil
		}
		return nil, false, err
	}
}

// runStart runs start for name, then lets the callers waiting for it go on,
// even if start panics (the panic then goes on to GetOrRegister's caller).
func (r *Registry) runStart(name string, done chan struct{}, start func() (Entry, error)) (Entry, error) {
	defer func() {
		r.mu.Lock()
		delete(r.pending, name)
		r.mu.Unlock()
		close(done)
	}()
	return start()
}

// Named returns the entry that holds name as a unique name (see
// [Registry.RegisterUnique]).
func (r *Registry) Named(name string) (Entry, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.uniqueHolderLocked(name)
}

// Lookup returns the entry named name whose value is a T: the holder of
// the unique name, if some entry holds it, else the oldest entry of that
// name that is a T. It is [Registry.ByName] and a type assertion in one,
// e.g. Lookup[*actor.Ref[*Account, AccountMsg]](reg, "acct-42").
func Lookup[T any](r *Registry, name string) (T, bool) {
	if e, ok := r.Named(name); ok {
		t, ok := e.(T)
		return t, ok
	}
	for _, e := range r.ByName(name) {
		if t, ok := e.(T); ok {
			return t, true
		}
	}
	var zero T
	return zero, false
}
