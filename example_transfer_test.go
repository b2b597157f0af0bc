package troupe_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/future"
	"github.com/troupe-go/troupe/registry"
)

// BankMsg is what a BankAccount handles: a transfer out, a credit in.
type BankMsg interface{ bankMsg() }

// Transfer moves Amount to the other account; Done tells how it went.
type Transfer struct {
	Amount int
	Done   *future.Promise[error]
}

// Credit adds Amount to the account.
type Credit struct {
	Amount int
	Done   *future.Promise[struct{}]
}

func (Transfer) bankMsg() {}
func (Credit) bankMsg()   {}

// BankAccount moves money to its peer without ever waiting on it: it debits,
// asks for the credit with AskAsync, and settles in a continuation that
// ReenterAfter runs on the account's own goroutine once the credit is
// answered. Meanwhile the account handles its other messages, the peer's
// credits among them, so two crossed transfers cannot wait on each other.
type BankAccount struct {
	balance int
	peer    *actor.Ref[*BankAccount, BankMsg]
}

// Receive handles transfers and credits.
func (a *BankAccount) Receive(ctx *actor.Context, m BankMsg) error {
	switch m := m.(type) {
	case Credit:
		a.balance += m.Amount
		m.Done.Resolve(struct{}{})
	case Transfer:
		if m.Amount > a.balance {
			m.Done.Resolve(errors.New("insufficient funds"))
			return nil
		}
		a.balance -= m.Amount
		credited := actor.AskAsync(a.peer, func(p *future.Promise[struct{}]) BankMsg { return Credit{m.Amount, p} })
		actor.ReenterAfter(ctx, credited, func(_ *actor.Context, a *BankAccount, _ struct{}, err error) error {
			if err != nil {
				a.balance += m.Amount // the credit was never handled: give the money back
			}
			m.Done.Resolve(err)
			return nil
		})
	}
	return nil
}

// Balance reads the balance.
func (a *BankAccount) Balance() (int, error) { return a.balance, nil }

// Two accounts transfer to each other at the same moment, a hundred times
// each way. Had each waited for the other's credit with Ask, both handlers
// could block on each other (troupe would report ErrDeadlock instead of
// hanging); with ReenterAfter neither waits, every transfer completes, and
// no money is created or lost.
func Example_crossedTransfers() {
	ctx := context.Background()
	reg := registry.New()
	defer reg.StopAll(ctx)
	alice, bob := &BankAccount{balance: 100}, &BankAccount{balance: 100}
	a := actor.Start(alice, actor.WithRegistry(reg), actor.WithName("alice"))
	b := actor.Start(bob, actor.WithRegistry(reg), actor.WithName("bob"))
	alice.peer, bob.peer = b, a

	transfer := func(from *actor.Ref[*BankAccount, BankMsg], amount int) *future.Future[error] {
		return actor.AskAsync(from, func(p *future.Promise[error]) BankMsg { return Transfer{amount, p} })
	}
	var done []*future.Future[error]
	for range 100 {
		done = append(done, transfer(a, 1), transfer(b, 1))
	}
	outcomes, err := future.GetAll(ctx, done...)
	failed := 0
	for _, o := range outcomes {
		if o != nil {
			failed++
		}
	}
	fmt.Println("transfers:", len(outcomes), "failed:", failed, err)

	ab, _ := actor.Call(a, (*BankAccount).Balance).Get(ctx)
	bb, _ := actor.Call(b, (*BankAccount).Balance).Get(ctx)
	fmt.Println("alice:", ab, "bob:", bb, "total:", ab+bb)
	// Output:
	// transfers: 200 failed: 0 <nil>
	// alice: 100 bob: 100 total: 200
}
