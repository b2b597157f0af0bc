package registry_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/registry"
)

// StopAll stops the actors newest first, so that each outlives those
// started after it.
func ExampleRegistry_StopAll() {
	r := registry.New()
	var order []string
	for i, name := range []string{"db", "cache", "web"} {
		f := newFake(name, i+1)
		f.reg, f.asked = r, &order
		_ = r.Register(f)
	}

	err := r.StopAll(context.Background())
	fmt.Println(order, err, r.Len())
	// Output: [web cache db] <nil> 0
}

// A unique name is held by one entry while it is registered: any other
// entry of that name is refused.
func ExampleRegistry_RegisterUnique() {
	r := registry.New()
	fmt.Println(r.RegisterUnique(newFake("acct-42", 1)))
	err := r.Register(newFake("acct-42", 2))
	fmt.Println(errors.Is(err, registry.ErrNameTaken))
	fmt.Println(err)
	// Output:
	// <nil>
	// true
	// registry: name taken: "acct-42" is held by the live actor urn:uuid:00000000-0000-4000-8000-000000000001
}

// GetOrRegister finds the holder of a name, or makes it with start: once,
// however many callers ask.
func ExampleRegistry_GetOrRegister() {
	r := registry.New()
	start := func() (registry.Entry, error) {
		f := newFake("room", 7)
		return f, r.RegisterUnique(f)
	}
	first, created, _ := r.GetOrRegister("room", start)
	fmt.Println(first.URN(), created)
	again, created, _ := r.GetOrRegister("room", start)
	fmt.Println(again == first, created)
	// Output:
	// urn:uuid:00000000-0000-4000-8000-000000000007 true
	// true false
}

// Named returns the holder of a unique name; names given by Register are
// not unique, and are found by ByName or Lookup.
func ExampleRegistry_Named() {
	r := registry.New()
	_ = r.RegisterUnique(newFake("acct-42", 1))
	_ = r.Register(newFake("worker", 2))

	e, ok := r.Named("acct-42")
	fmt.Println(e.URN(), ok)
	_, ok = r.Named("worker")
	fmt.Println(ok)
	// Output:
	// urn:uuid:00000000-0000-4000-8000-000000000001 true
	// false
}

// Lookup is the typed lookup by name: here a real actor's ref, with its
// state and message types.
func ExampleLookup() {
	r := registry.New()
	actor.Start(&herald{}, actor.WithRegistry(r), actor.WithName("town crier"))

	crier, ok := registry.Lookup[*actor.Ref[*herald, announcement]](r, "town crier")
	fmt.Println(crier.Name(), ok)
	_, ok = registry.Lookup[*actor.Ref[*member, memberMsg]](r, "town crier")
	fmt.Println(ok)
	_ = r.StopAll(context.Background())
	// Output:
	// town crier true
	// false
}

// Broadcast reaches every actor whose message type the value can be
// assigned to: the members, whose messages are an interface that
// announcement implements, and the herald, which takes announcements
// themselves; not the tally, which takes ints.
func ExampleBroadcast_interfaceTyped() {
	r := registry.New()
	m := actor.Start(&member{}, actor.WithRegistry(r))
	h := actor.Start(&herald{}, actor.WithRegistry(r))
	actor.Start(&tally{}, actor.WithRegistry(r))

	fmt.Println(registry.Broadcast(r, announcement("doors open at nine")))
	mh, _ := actor.Call(m, func(m *member) ([]announcement, error) { return m.heard, nil }).Get(context.Background())
	hh, _ := actor.Call(h, func(h *herald) ([]announcement, error) { return h.heard, nil }).Get(context.Background())
	fmt.Println(mh, hh)
	_ = r.StopAll(context.Background())
	// Output:
	// <nil>
	// [doors open at nine] [doors open at nine]
}

// A registry of one's own keeps a subsystem's actors apart from
// registry.Default: its StopAll stops only them.
func ExampleNew() {
	billing := registry.New()
	actor.Start(&herald{}, actor.WithRegistry(billing), actor.WithName("invoices"))
	fmt.Println(billing.Len())
	_ = billing.StopAll(context.Background())
	fmt.Println(billing.Len())
	// Output:
	// 1
	// 0
}
