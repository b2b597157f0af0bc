package registry

import "errors"

// Find returns, in start order, every registered entry whose dynamic value
// is a T. T may be an interface (every actor with some method) or a concrete
// type such as *actor.Ref[*Greeter, Greet] (every actor of one kind).
func Find[T any](r *Registry) []T {
	var found []T
	for _, e := range r.All() {
		if t, ok := e.(T); ok {
			found = append(found, t)
		}
	}
	return found
}

// Broadcast tells msg to every live actor whose message type is M, in start
// order. An entry qualifies if it has the method Tell(M) error and IsAlive
// reports true. A stopping actor is alive (as in Pykka) but refuses: its
// refusal is reported, so the caller learns who did not get msg.
//
// Every qualifying actor is told, even after one refuses. Broadcast returns
// nil if none refused, else the [errors.Join] of one [*EntryError] per
// refusal, naming the actor and wrapping what its Tell returned. Tell may
// block (a full bounded mailbox that waits for room), and so may Broadcast.
func Broadcast[M any](r *Registry, msg M) error {
	var errs []error
	for _, e := range r.All() {
		t, ok := e.(interface{ Tell(M) error })
		if !ok || !e.IsAlive() {
			continue
		}
		if err := entryError("tell", e, t.Tell(msg)); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}
