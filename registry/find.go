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

// Broadcast tells msg to every live actor whose message type msg can be
// assigned to, in start order: for an Announcement, the actors of message
// type Announcement and those of an interface Announcement implements. An
// entry qualifies if it is alive and has the method Tell(M) error, or else
// the method Offer(any) (bool, error) (as *actor.Ref has) and Offer reports
// that msg fits. A stopping actor is alive (as in Pykka) but refuses: its
// refusal is reported, so the caller learns who did not get msg.
//
// Every qualifying actor is told, even after one refuses. Broadcast returns
// nil if none refused, else the [errors.Join] of one [*EntryError] per
// refusal, naming the actor and wrapping what its Tell returned. Tell may
// block (a full bounded mailbox that waits for room), and so may Broadcast.
func Broadcast[M any](r *Registry, msg M) error {
	var errs []error
	var boxed any = msg
	for _, e := range r.All() {
		if !e.IsAlive() {
			continue
		}
		var err error
		switch t := e.(type) {
		case interface{ Tell(M) error }:
			err = t.Tell(msg)
		case offerer:
			var fits bool
			if fits, err = t.Offer(boxed); !fits {
				continue
			}
		default:
			continue
		}
		if err := entryError("tell", e, err); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// offerer is an entry that takes any value assignable to its message type.
type offerer interface {
	Offer(msg any) (fits bool, err error)
}
