package actor_test

import (
	"context"
	"fmt"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/future"
	"github.com/troupe-go/troupe/registry"
)

// PurseMsg is the sealed interface of a purse's messages: its method is
// unexported, so only this package's kinds implement it, and a type switch
// over them is complete.
type PurseMsg interface{ purseMsg() }

// The purse's three kinds of message: two to Tell, one to Ask.
type (
	Deposit  struct{ Amount int }
	Withdraw struct{ Amount int }
	Balance  struct{ Reply *future.Promise[int] }
)

func (Deposit) purseMsg()  {}
func (Withdraw) purseMsg() {}
func (Balance) purseMsg()  {}

// Purse handles every kind in one Receive, with a type switch.
type Purse struct{ cents int }

func (p *Purse) Receive(_ *actor.Context, msg PurseMsg) error {
	switch m := msg.(type) {
	case Deposit:
		p.cents += m.Amount
	case Withdraw:
		p.cents -= m.Amount
	case Balance:
		m.Reply.Resolve(p.cents)
	}
	return nil
}

// askBalance is the build function of a Balance request. It returns
// PurseMsg, the actor's message type, rather than Balance: Ask then infers
// every type from the ref and the reply.
func askBalance(reply *future.Promise[int]) PurseMsg { return Balance{Reply: reply} }

// Several kinds of message share one actor behind a sealed interface: Tell
// takes any kind (a Deposit is a PurseMsg), Ask takes a build function per
// asked kind, and Receive tells them apart with a type switch.
func Example_severalKinds() {
	ctx := context.Background()
	purse := actor.Start(&Purse{}, actor.WithRegistry(registry.New()))
	defer purse.Stop(ctx)

	_ = purse.Tell(Deposit{Amount: 100})
	_ = purse.Tell(Withdraw{Amount: 30})
	cents, err := actor.Ask(ctx, purse, askBalance)
	fmt.Println(cents, err)

	// Inline, the build function names the interface as its result too.
	cents, err = actor.Ask(ctx, purse, func(reply *future.Promise[int]) PurseMsg { return Balance{reply} })
	fmt.Println(cents, err)
	// Output:
	// 70 <nil>
	// 70 <nil>
}
