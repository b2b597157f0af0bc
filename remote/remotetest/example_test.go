package remotetest_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/nats-io/nats.go"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/future"
	"github.com/troupe-go/troupe/registry"
	"github.com/troupe-go/troupe/remote"
	"github.com/troupe-go/troupe/remote/remotetest"
)

// Greeter is a contract with one ask kind and one tell kind.
type Greeter struct{}

var (
	Greet = remote.NewAsk[Greeter, string, string]("Greet")
	Cheer = remote.NewTell[Greeter, string]("Cheer")
)

// greeter is the local actor behind it; its messages are closures.
type greeter struct{ cheers int }

func (g *greeter) Receive(_ *actor.Context, m func(*greeter)) error { m(g); return nil }

// Example_remote serves an actor on one node and asks it from another, as
// two processes would (here both in one, on an embedded server).
func Example_remote() {
	ctx := context.Background()
	srv, err := remotetest.New()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer srv.Stop()
	ncServe, _ := nats.Connect(srv.ClientURL())
	defer ncServe.Close()
	ncAsk, _ := nats.Connect(srv.ClientURL())
	defer ncAsk.Close()

	// The serving process: an ordinary actor, exposed under a name.
	serving, _ := remote.NewNode(ncServe)
	defer serving.Close(ctx)
	reg := registry.New()
	defer reg.StopAll(ctx)
	ref := actor.Start(&greeter{}, actor.WithRegistry(reg))
	exp := remote.Expose[Greeter](serving, "greeter", remote.Owner(ref))
	remote.HandleAsk(exp, ref, Greet, func(name string, p *future.Promise[string]) func(*greeter) {
		return func(g *greeter) { p.Resolve(fmt.Sprintf("Hello, %s! (%d cheers)", name, g.cheers)) }
	})
	remote.HandleTell(exp, ref, Cheer, func(string) func(*greeter) { return func(g *greeter) { g.cheers++ } })
	_ = exp.Start(ctx)

	// The asking process: a typed handle on the name.
	asking, _ := remote.NewNode(ncAsk)
	defer asking.Close(ctx)
	g := remote.Lookup[Greeter](asking, "greeter")
	_ = remote.Tell(g, Cheer, "hip")
	_ = remote.TellAck(ctx, g, Cheer, "hooray")
	s, err := remote.Ask(ctx, g, Greet, "World")
	fmt.Println(s, err == nil)

	_, err = remote.Ask(ctx, remote.Lookup[Greeter](asking, "nobody"), Greet, "?")
	fmt.Println(errors.Is(err, remote.ErrNoResponders), errors.Is(err, actor.ErrStopped))
	// Output:
	// Hello, World! (2 cheers) true
	// true true
}
