package registry

import (
	"context"
	"errors"
	"slices"
)

// StopAll stops every registered actor, newest first, so an actor outlives
// the ones started after it (which may depend on it), as in Pykka's
// ActorRegistry.stop_all. It calls each entry's Stop(ctx) in turn and waits
// for it before the next.
//
// StopAll asks every actor to stop, even when one is stuck or ctx has
// ended: once ctx ends, the remaining Stops still request their stop and
// return at once with ctx's error. It goes on past an actor that fails and
// returns nil if all stopped cleanly, else the [errors.Join] of one
// [*EntryError] per failure, naming the actor and wrapping what its Stop
// returned (so errors.Is(err, context.DeadlineExceeded) works, and so does
// actor.ErrDeadLetters for an actor that lost queued messages).
//
// StopAll stops the actors registered when it is called; an actor started
// meanwhile keeps running.
func (r *Registry) StopAll(ctx context.Context) error {
	all := r.All()
	var errs []error
	for _, e := range slices.Backward(all) {
		if err := entryError("stop", e, e.Stop(ctx)); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}
