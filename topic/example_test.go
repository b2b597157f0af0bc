package topic_test

import (
	"context"
	"fmt"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/topic"
)

// Trade is what the exchange publishes; Buy and Sell are its kinds.
type Trade interface{ Symbol() string }

type Buy struct{ Sym string }
type Sell struct{ Sym string }

func (b Buy) Symbol() string  { return b.Sym }
func (s Sell) Symbol() string { return s.Sym }

// Tape keeps every trade and prints them when it stops; Buyers counts only
// the buys.
type Tape struct{ lines []string }

func (t *Tape) Receive(_ *actor.Context, tr Trade) error {
	t.lines = append(t.lines, fmt.Sprintf("tape: %T %s", tr, tr.Symbol()))
	return nil
}

func (t *Tape) OnStop(*actor.Context) {
	for _, l := range t.lines {
		fmt.Println(l)
	}
}

type Buyers struct{ n int }

func (b *Buyers) Receive(_ *actor.Context, _ Buy) error { b.n++; return nil }

func (b *Buyers) OnStop(*actor.Context) { fmt.Println("buys:", b.n) }

func Example() {
	var trades topic.Topic[Trade]
	tape := actor.Start(&Tape{})
	buyers := actor.Start(&Buyers{})
	topic.Subscribe(&trades, tape)   // an interface subscriber: every trade
	topic.Subscribe(&trades, buyers) // a concrete one: the buys only

	trades.Publish(Buy{"ACME"})
	trades.Publish(Sell{"ACME"})
	delivered, skipped := trades.Publish(Buy{"INIT"})
	fmt.Println("delivered:", delivered, "skipped:", skipped)

	ctx := context.Background()
	_ = tape.Stop(ctx) // handles what was published first
	_ = buyers.Stop(ctx)
	trades.Close()
	// Output:
	// delivered: 2 skipped: 0
	// tape: topic_test.Buy ACME
	// tape: topic_test.Sell ACME
	// tape: topic_test.Buy INIT
	// buys: 2
}
