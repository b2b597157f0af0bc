package actortest_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/actortest"
	"github.com/troupe-go/troupe/registry"
)

// Greeter is the actor under test: it greets each name to whoever it was
// given.
type Greeter struct {
	out *actor.Ref[*actortest.Probe[string], string]
}

func (g *Greeter) Receive(_ *actor.Context, name string) error {
	return g.out.Tell("Hello, " + name)
}

func ExampleProbe() {
	// In a test this is the test's t, and NewRegistry(t) the registry.
	t := new(testing.T)
	reg := registry.New()
	defer reg.StopAll(context.Background())

	p := actortest.NewProbe[string](t, actor.WithRegistry(reg))
	greeter := actor.Start(&Greeter{out: p.Ref()}, actor.WithRegistry(reg))
	for _, name := range []string{"Ada", "Bob", "Cy"} {
		_ = greeter.Tell(name)
	}
	fmt.Println(p.Expect(time.Second, func(s string) bool { return strings.HasSuffix(s, "Bob") }))
	fmt.Println(p.Next(time.Second, 2)) // what Expect left, in order
	p.ExpectNone(10 * time.Millisecond)
	fmt.Println("failed:", t.Failed())
	// Output:
	// Hello, Bob
	// [Hello, Ada Hello, Cy]
	// failed: false
}
