package actor

import (
	"fmt"
	"reflect"

	"github.com/troupe-go/troupe/internal/nilness"
)

// Spawn starts an actor as [Start] does, with factory() as its state, and
// keeps factory to make a fresh state whenever the actor restarts: by its
// own policy ([WithPolicy] Restart) or by its parent's directive. A restart
// keeps the ref, the URN, the registration and the mailbox.
//
//	ref := actor.Spawn(func() *Worker { return &Worker{} },
//		actor.WithPolicy(actor.Restart),
//		actor.WithBackoff(actor.Backoff{Min: 10 * time.Millisecond, Max: time.Second}))
//
// factory runs on the caller's goroutine the first time, on the actor's
// afterwards; a factory that panics or returns nil during a restart counts
// as a failure of the restart. Spawn panics if factory is nil or its first
// state is.
func Spawn[S Receiver[M], M any](factory func() S, opts ...Option) *Ref[S, M] {
	state, all := spawned("Spawn", factory, opts)
	return Start(state, all...)
}

// spawned makes the first state from factory and adds factory to opts, for
// the restarts; fn names the caller in its panics.
func spawned[S any](fn string, factory func() S, opts []Option) (S, []Option) {
	if factory == nil {
		panic(fmt.Sprintf("actor: %s with a nil %s factory", fn, reflect.TypeFor[S]()))
	}
	state := factory()
	if nilness.IsNil(state) {
		panic(fmt.Sprintf("actor: %s: the factory returned a nil %s", fn, reflect.TypeFor[S]()))
	}
	return state, append(opts[:len(opts):len(opts)], optionFunc(func(c *config) { c.supervision().factory = factory }))
}
