package actor_test

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/registry"
)

// ActorA is the seed's ActorA: MethodA calls B and waits for the answer.
type ActorA struct{ actor.NoMessages }

// MethodA calls B's MethodB and waits for it with A's Context, so the
// runtime knows that A is the one waiting.
func (*ActorA) MethodA(ctx *actor.Context, b *actor.CallRef[*ActorB]) (string, error) {
	return actor.CallContext(b, func(ctx *actor.Context, b *ActorB) (string, error) {
		return b.MethodB(ctx)
	}).Get(ctx)
}

// Hello is what A answers when it is free to.
func (*ActorA) Hello() (string, error) { return "hello from A", nil }

// ActorB is the seed's ActorB: MethodB calls back into A and waits.
type ActorB struct {
	actor.NoMessages
	a *actor.CallRef[*ActorA]
}

// MethodB calls A and waits for it with B's Context.
func (b *ActorB) MethodB(ctx *actor.Context) (string, error) {
	return actor.Call(b.a, (*ActorA).Hello).Get(ctx)
}

// A waits on B while B waits on A: in Pykka both threads hang, and the seed
// finds out by dumping every thread's stack on SIGUSR1. Here the wait that
// closes the cycle fails at once with a *DeadlockError naming it; the error
// travels back to the caller like any handler's error, and both actors go
// on.
func ExampleDeadlockError() {
	reg := registry.New()
	defer reg.StopAll(context.Background())
	a := actor.Start(&ActorA{}, actor.WithRegistry(reg), actor.WithName("ActorA"))
	b := actor.Start(&ActorB{a: a}, actor.WithRegistry(reg), actor.WithName("ActorB"))

	_, err := actor.CallContext(a, func(ctx *actor.Context, a *ActorA) (string, error) {
		return a.MethodA(ctx, b)
	}).Get(context.Background())

	var de *actor.DeadlockError
	if errors.As(err, &de) {
		// Cycle starts with the actor whose wait closed it, A or B as timing
		// has it, so the names are printed from A; each has a URN too.
		names := []string{de.Cycle[0].Name, de.Cycle[1].Name}
		if names[0] != "ActorA" {
			names[0], names[1] = names[1], names[0]
		}
		fmt.Println("deadlock:", strings.Join(append(names, names[0]), " waits on "))
	}
	fmt.Println("matches ErrDeadlock:", errors.Is(err, actor.ErrDeadlock))

	hello, err := actor.Call(a, (*ActorA).Hello).Get(context.Background())
	fmt.Println(hello, err)
	// Output:
	// deadlock: ActorA waits on ActorB waits on ActorA
	// matches ErrDeadlock: true
	// hello from A <nil>
}
