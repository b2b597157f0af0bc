package actor

import (
	"fmt"
	"reflect"

	"github.com/troupe-go/troupe/registry"
)

// StartUnique starts state as [Start] does, named name, and makes the name
// unique in the actor's registry while the actor is registered: it fails,
// with an error matching registry.ErrNameTaken that names the holder, if
// another actor holds the name through StartUnique or [GetOrStart], and so
// will a later Start, StartUnique or GetOrStart of another type for that
// name, until this actor has stopped. It does not look at actors started
// by Start before it under the same name (see registry.RegisterUnique):
// keep unique names for entities. The actor never
// runs if StartUnique fails. An entity (the account "acct-42") is such an
// actor; [GetOrStart] finds it or starts it in one step.
func StartUnique[S Receiver[M], M any](name string, state S, opts ...Option) (*Ref[S, M], error) {
	return start(state, append(opts[:len(opts):len(opts)], WithName(name)), (*registry.Registry).RegisterUnique)
}

// GetOrStart returns the actor that holds the unique name in the registry
// opts give (registry.Default otherwise), starting it as [Spawn] does,
// with [StartUnique]'s unique name, if there is none: "the actor named
// acct-42, started from this factory if there is none".
//
// It is atomic: of many callers asking for one name at once, one runs
// factory and starts the actor, the others wait for it and all get the same
// ref. factory runs on the caller's goroutine (and again at each restart,
// as for Spawn); opts apply only when the actor is started. An actor of the
// name that is stopping (for instance retiring after [WithIdle]) is waited
// for, and a fresh one started. GetOrStart fails, with an error matching
// registry.ErrNameTaken, if the name is held by an actor of other types
// than S and M; it panics, as Spawn does, if factory is nil or returns nil.
func GetOrStart[S Receiver[M], M any](name string, factory func() S, opts ...Option) (*Ref[S, M], error) {
	_, reg := newConfig(opts)
	for {
		e, _, err := reg.GetOrRegister(name, func() (registry.Entry, error) {
			state, all := spawned("GetOrStart", factory, opts)
			r, err := StartUnique(name, state, all...)
			if err != nil {
				return nil, err
			}
			return r, nil
		})
		if err != nil {
			return nil, fmt.Errorf("actor: GetOrStart %q: %w", name, err)
		}
		r, ok := e.(*Ref[S, M])
		if !ok {
			return nil, fmt.Errorf("actor: GetOrStart %q: %w by %s, which is not a Ref[%s, %s]", name, registry.ErrNameTaken, e, reflect.TypeFor[S](), reflect.TypeFor[M]())
		}
		if !r.stopping() {
			return r, nil
		}
		<-r.Done() // it leaves the registry before Done closes
	}
}

// stopping reports whether the actor refuses messages: it is stopping or
// has stopped.
func (r *Ref[S, M]) stopping() bool {
	r.c.mu.Lock()
	defer r.c.mu.Unlock()
	return r.c.phase != phaseRunning
}
