package registry_test

import (
	"errors"
	"fmt"

	"github.com/troupe-go/troupe/registry"
)

// The entries here are test stand-ins for actors: greeter takes greet
// messages, counter takes count messages. With real actors, actor.Start
// registers them.

func ExampleRegistry_ByName() {
	r := registry.New()
	_ = r.Register(newGreeter("front", 1))
	_ = r.Register(newCounter("audit", 2))
	_ = r.Register(newGreeter("front", 3))

	for _, e := range r.ByName("front") {
		fmt.Println(e.Name(), e.URN())
	}
	// Output:
	// front urn:uuid:00000000-0000-4000-8000-000000000001
	// front urn:uuid:00000000-0000-4000-8000-000000000003
}

func ExampleFind() {
	r := registry.New()
	_ = r.Register(newGreeter("alice", 1))
	_ = r.Register(newCounter("clicks", 2))
	_ = r.Register(newGreeter("bob", 3))

	// An interface finds every actor that takes greet messages...
	for _, t := range registry.Find[interface{ Tell(greet) error }](r) {
		_ = t.Tell("hello")
	}
	// ...and a concrete type every actor of one kind.
	for _, g := range registry.Find[*greeter](r) {
		fmt.Println(g.Name(), g.received())
	}
	// Output:
	// alice [hello]
	// bob [hello]
}

func ExampleBroadcast() {
	r := registry.New()
	alice, full, bob := newGreeter("alice", 1), newGreeter("full", 2), newGreeter("bob", 3)
	full.refuse = errors.New("mailbox full")
	for _, e := range []registry.Entry{alice, newCounter("clicks", 4), full, bob} {
		_ = r.Register(e)
	}

	// Only the actors taking greet messages are told; the counter is not.
	err := registry.Broadcast(r, greet("hi"))
	fmt.Println(err)
	fmt.Println(alice.received(), bob.received())
	// Output:
	// registry: tell full urn:uuid:00000000-0000-4000-8000-000000000002: mailbox full
	// [hi] [hi]
}
