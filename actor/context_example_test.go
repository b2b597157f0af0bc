package actor_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/future"
	"github.com/troupe-go/troupe/registry"
)

// AskAsync sends the request and returns the reply's future at once; the
// caller waits for it when it likes, or composes it.
func ExampleAskAsync() {
	ctx := context.Background()
	tally := actor.Start(&Tally{}, actor.WithRegistry(registry.New()))
	defer tally.Stop(ctx)

	_ = tally.Tell(Add{N: 20})
	total := actor.AskAsync(tally, func(reply *future.Promise[int]) TallyMsg { return Total{Reply: reply} })
	doubled := future.Map(total, func(n int) (int, error) { return 2 * n, nil })
	fmt.Println(doubled.Get(ctx))
	// Output:
	// 40 <nil>
}

// CallContext runs a function on the actor with its Context too: its name,
// its children, its timers.
func ExampleCallContext() {
	ctx := context.Background()
	tally := actor.Start(&Tally{total: 7}, actor.WithRegistry(registry.New()), actor.WithName("scores"))
	defer tally.Stop(ctx)

	report := actor.CallContext(tally, func(ctx *actor.Context, t *Tally) (string, error) {
		return fmt.Sprintf("%s holds %d", ctx.Name(), t.total), nil
	})
	fmt.Println(report.Get(ctx))
	// Output:
	// scores holds 7 <nil>
}

// Countdown tells itself the next number until zero, through its own ref.
type Countdown struct{}

func (*Countdown) Receive(ctx *actor.Context, n int) error {
	fmt.Println(n)
	if n == 0 {
		ctx.Stop()
		return nil
	}
	return actor.Self[*Countdown, int](ctx).Tell(n - 1)
}

// Self gives a handler its own typed ref, to hand out or to tell itself.
func ExampleSelf() {
	countdown := actor.Start(&Countdown{}, actor.WithRegistry(registry.New()))
	_ = countdown.Tell(3)
	<-countdown.Done()
	// Output:
	// 3
	// 2
	// 1
	// 0
}

// Shop starts its clerk as a child: the clerk stops with the shop, after
// the shop's OnStop, and the shop's Stop returns once the clerk is gone.
type Shop struct{ clerk *actor.Ref[*Clerk, string] }

func (s *Shop) OnStart(ctx *actor.Context) error {
	s.clerk = actor.StartChild(ctx, &Clerk{}, actor.WithName("clerk"))
	return nil
}

func (s *Shop) Receive(_ *actor.Context, order string) error { return s.clerk.Tell(order) }

// Clerk serves orders; the order "spill" breaks it.
type Clerk struct{}

func (*Clerk) Receive(_ *actor.Context, order string) error {
	if order == "spill" {
		return errors.New("coffee spilled")
	}
	fmt.Println("clerk serves", order)
	return nil
}

func (*Clerk) OnStop(*actor.Context) { fmt.Println("clerk leaves") }

// A child actor: started from its parent's Context, stopped with its
// parent (after the parent's OnStop, newest first).
func ExampleStartChild() {
	shop := actor.Start(&Shop{}, actor.WithRegistry(registry.New()))
	_ = shop.Tell("tea")
	// Stop handles the order queued before it: the shop passes it on and,
	// stopping, waits for its clerk, which serves what it was given.
	_ = shop.Stop(context.Background())
	fmt.Println("shop closed")
	// Output:
	// clerk serves tea
	// clerk leaves
	// shop closed
}

// Cafe starts clerks that can restart: SpawnChild keeps the factory.
type Cafe struct{ clerk *actor.Ref[*Clerk, string] }

func (c *Cafe) OnStart(ctx *actor.Context) error {
	c.clerk = actor.SpawnChild(ctx, func() *Clerk { fmt.Println("a clerk arrives"); return &Clerk{} })
	return nil
}

func (c *Cafe) Receive(_ *actor.Context, order string) error { return c.clerk.Tell(order) }

// WithSupervision sets what a parent does when a child fails: here restart
// it, through the same ref, and go on with its queued messages.
func ExampleWithSupervision() {
	cafe := actor.Start(&Cafe{}, actor.WithRegistry(registry.New()), quiet,
		actor.WithSupervision(actor.OneForOne, actor.Restart))
	clerk, _ := actor.Call(cafe, func(c *Cafe) (*actor.Ref[*Clerk, string], error) { return c.clerk, nil }).Get(context.Background())
	_ = clerk.Tell("spill")
	_ = clerk.Tell("espresso") // served by the clerk that replaced the one who spilled
	_, _ = actor.Call(clerk, func(*Clerk) (bool, error) { return true, nil }).Get(context.Background())
	_ = cafe.Stop(context.Background())
	// Output:
	// a clerk arrives
	// clerk leaves
	// a clerk arrives
	// clerk serves espresso
	// clerk leaves
}
