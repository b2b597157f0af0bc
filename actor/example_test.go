package actor_test

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/future"
	"github.com/troupe-go/troupe/registry"
)

// Greeter greets everyone it is told about.
type Greeter struct{ Greeting string }

func (g *Greeter) Receive(_ *actor.Context, name string) error {
	fmt.Printf("%s, %s!\n", g.Greeting, name)
	return nil
}

func ExampleStart() {
	greeter := actor.Start(&Greeter{Greeting: "Hello"}, actor.WithRegistry(registry.New()))
	_ = greeter.Tell("Ada")
	_ = greeter.Tell("Grace")
	// Stop handles the greetings already queued before the actor ends.
	_ = greeter.Stop(context.Background())
	// Output:
	// Hello, Ada!
	// Hello, Grace!
}

// Tally adds numbers and answers its total. Each message kind has its own
// reply type: Total replies with an int.
type Tally struct{ total int }

type TallyMsg interface{ isTallyMsg() }

type Add struct{ N int }

type Total struct{ Reply *future.Promise[int] }

func (Add) isTallyMsg()   {}
func (Total) isTallyMsg() {}

func (t *Tally) Receive(_ *actor.Context, m TallyMsg) error {
	switch m := m.(type) {
	case Add:
		if m.N < 0 {
			return errors.New("tally: cannot add a negative number")
		}
		t.total += m.N
	case Total:
		m.Reply.Resolve(t.total)
	}
	return nil
}

func ExampleAsk() {
	ctx := context.Background()
	tally := actor.Start(&Tally{}, actor.WithRegistry(registry.New()))
	defer tally.Stop(ctx)

	for n := range 5 {
		_ = tally.Tell(Add{N: n})
	}
	// The Tells above come from this goroutine, so the Ask is handled after
	// them.
	total, err := actor.Ask(ctx, tally, func(p *future.Promise[int]) TallyMsg { return Total{p} })
	fmt.Println(total, err)

	// AskAsync returns the reply's future at once.
	later := actor.AskAsync(tally, func(p *future.Promise[int]) TallyMsg { return Total{p} })
	fmt.Println(later.Get(ctx))
	// Output:
	// 10 <nil>
	// 10 <nil>
}

// Ledger serves only calls: it embeds NoMessages.
type Ledger struct {
	actor.NoMessages
	owner   string
	balance int
}

func (l *Ledger) Balance() (int, error) { return l.balance, nil }

func (l *Ledger) Withdraw(n int) (int, error) {
	if n > l.balance {
		return 0, fmt.Errorf("ledger: cannot withdraw %d from %d", n, l.balance)
	}
	l.balance -= n
	return l.balance, nil
}

func ExampleCall() {
	ctx := context.Background()
	ledger := actor.Start(&Ledger{owner: "Ada", balance: 100}, actor.WithRegistry(registry.New()))
	defer ledger.Stop(ctx)

	// A method expression: no type arguments needed.
	balance := actor.Call(ledger, (*Ledger).Balance) // *future.Future[int]
	fmt.Println(balance.Get(ctx))

	// Methods with arguments, and attribute reads, are closures.
	fmt.Println(actor.Call(ledger, func(l *Ledger) (int, error) { return l.Withdraw(30) }).Get(ctx))
	fmt.Println(actor.Call(ledger, func(l *Ledger) (string, error) { return l.owner, nil }).Get(ctx))

	// An error goes to the caller; the actor keeps running.
	fmt.Println(actor.Call(ledger, func(l *Ledger) (int, error) { return l.Withdraw(500) }).Get(ctx))
	fmt.Println(actor.Call(ledger, (*Ledger).Balance).Get(ctx))
	// Output:
	// 100 <nil>
	// 70 <nil>
	// Ada <nil>
	// 0 ledger: cannot withdraw 500 from 70
	// 70 <nil>
}

// Door prints when it closes, in its OnStop hook.
type Door struct{}

func (*Door) Receive(_ *actor.Context, visitor string) error {
	fmt.Println("come in,", visitor)
	return nil
}

func (*Door) OnStop(*actor.Context) { fmt.Println("door closed") }

func ExampleRef_Stop() {
	door := actor.Start(&Door{}, actor.WithRegistry(registry.New()))
	_ = door.Tell("Ada")
	_ = door.Tell("Grace")

	// Stop is a poison pill behind the queued messages: it waits until they
	// are handled and OnStop has run.
	err := door.Stop(context.Background())
	fmt.Println("stopped:", err, door.IsAlive(), door.Err())

	// Afterwards every send fails with ErrStopped, and Stop returns nil.
	fmt.Println(door.Tell("Linus"))
	fmt.Println(door.Stop(context.Background()))
	// Output:
	// come in, Ada
	// come in, Grace
	// door closed
	// stopped: <nil> false <nil>
	// actor: stopped
	// <nil>
}

func ExampleWithRegistry() {
	ctx := context.Background()
	reg := registry.New()
	actor.Start(&Greeter{Greeting: "Hello"}, actor.WithRegistry(reg), actor.WithName("english"))
	actor.Start(&Greeter{Greeting: "Bonjour"}, actor.WithRegistry(reg), actor.WithName("french"))
	actor.Start(&Tally{}, actor.WithRegistry(reg))
	defer reg.StopAll(ctx)

	// Every actor, in start order; names default to the state's type name.
	for _, e := range reg.All() {
		fmt.Println(e.Name())
	}
	// By name, then by URN.
	french := reg.ByName("french")[0]
	same, _ := reg.ByURN(french.URN())
	fmt.Println(same == french)
	// By type: every Greeter, as a typed ref.
	for _, g := range registry.Find[*actor.Ref[*Greeter, string]](reg) {
		_ = g.Tell("Ada")
		_ = g.Stop(ctx) // wait for the greeting, one greeter at a time
	}
	// Output:
	// english
	// french
	// Tally
	// true
	// Hello, Ada!
	// Bonjour, Ada!
}

// Listener keeps the news it hears.
type Listener struct{ heard []string }

func (l *Listener) Receive(_ *actor.Context, news string) error {
	l.heard = append(l.heard, news)
	return nil
}

func (l *Listener) Heard() ([]string, error) { return slices.Clone(l.heard), nil }

func Example_broadcast() {
	ctx := context.Background()
	reg := registry.New()
	for _, name := range []string{"ann", "bob"} {
		actor.Start(&Listener{}, actor.WithRegistry(reg), actor.WithName(name))
	}
	actor.Start(&Tally{}, actor.WithRegistry(reg)) // takes TallyMsg, not string
	defer reg.StopAll(ctx)

	// Broadcast tells every live actor whose message type is string.
	fmt.Println(registry.Broadcast(reg, "the show starts at eight"))
	fmt.Println(registry.Broadcast(reg, "doors open at seven"))

	for _, l := range registry.Find[*actor.Ref[*Listener, string]](reg) {
		// This goroutine's Call is handled after its Broadcasts.
		heard, _ := actor.Call(l, (*Listener).Heard).Get(ctx)
		fmt.Println(l.Name(), heard)
	}
	// Output:
	// <nil>
	// <nil>
	// ann [the show starts at eight doors open at seven]
	// bob [the show starts at eight doors open at seven]
}
