package actor_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/future"
)

// The crossed transfer: two accounts each handle a Transfer to the other at
// the same moment, and each Transfer asks the other account for a Credit
// and waits with its own Context. Both waits begin together, so each checks
// the wait-for graph while the other's wait is being published.

// bankMsg is an account's message: a transfer out, or a credit in.
type bankMsg interface{ bank() }

// transfer moves amount to the other account and reports how it went.
type transfer struct {
	amount int
	reply  *future.Promise[error]
}

// credit adds amount to the account.
type credit struct {
	amount int
	reply  *future.Promise[struct{}]
}

func (transfer) bank() {}
func (credit) bank()   {}

// bankAccount moves money by crediting the other account, in one of three
// ways (how). Blocking, it waits with its own Context and rolls the debit
// back only if the credit was not delivered.
type bankAccount struct {
	balance int
	other   *actor.Ref[*bankAccount, bankMsg]
	how     creditBy
}

// creditBy is how an account credits the other.
type creditBy int

const (
	byAsk     creditBy = iota // Ask, waiting
	byCall                    // Call, waiting on its future
	byReenter                 // AskAsync, continuing with ReenterAfter
)

func (c creditBy) String() string { return [...]string{"Ask", "Call", "ReenterAfter"}[c] }

func (a *bankAccount) Receive(ctx *actor.Context, m bankMsg) error {
	switch m := m.(type) {
	case credit:
		a.balance += m.amount
		m.reply.Resolve(struct{}{})
	case transfer:
		a.balance -= m.amount
		if a.how == byReenter {
			credited := actor.AskAsync(a.other, func(p *future.Promise[struct{}]) bankMsg { return credit{m.amount, p} })
			actor.ReenterAfter(ctx, credited, func(_ *actor.Context, a *bankAccount, _ struct{}, err error) error {
				if err != nil {
					a.balance += m.amount // never credited: the other account stopped first
				}
				m.reply.Resolve(err)
				return nil
			})
			return nil
		}
		err := a.credit(ctx, m.amount)
		if err != nil && !errors.Is(err, actor.ErrNotDelivered) {
			// The credit may have been handled: undoing the debit could
			// create money, so keep it and say so.
			m.reply.Resolve(fmt.Errorf("in doubt: %w", err))
			return nil
		}
		if err != nil {
			a.balance += m.amount
		}
		m.reply.Resolve(err)
	}
	return nil
}

// credit adds amount to the other account and waits for it.
func (a *bankAccount) credit(ctx *actor.Context, amount int) error {
	if a.how == byCall {
		_, err := actor.Call(a.other, func(o *bankAccount) (struct{}, error) {
			o.balance += amount
			return struct{}{}, nil
		}).Get(ctx)
		return err
	}
	_, err := actor.Ask(ctx, a.other, func(p *future.Promise[struct{}]) bankMsg { return credit{amount, p} })
	return err
}

func (a *bankAccount) Balance() (int, error) { return a.balance, nil }

// startAccounts starts two accounts of 100 that know each other.
func startAccounts(t *testing.T, how creditBy) (a, b *actor.Ref[*bankAccount, bankMsg]) {
	reg := testRegistry(t)
	accA, accB := &bankAccount{balance: 100, how: how}, &bankAccount{balance: 100, how: how}
	a = actor.Start(accA, actor.WithRegistry(reg), actor.WithName("A"))
	b = actor.Start(accB, actor.WithRegistry(reg), actor.WithName("B"))
	accA.other, accB.other = b, a
	return a, b
}

// crossedRounds runs rounds of two transfers started at once, A to B and B
// to A, each waited for with a bound far beyond what a round takes: a round
// that reaches the bound hung. Each transfer either completes or reports a
// deadlock. It returns how many transfers reported a deadlock.
func crossedRounds(t *testing.T, rounds int, how creditBy, send func(from *actor.Ref[*bankAccount, bankMsg], amount int) *future.Future[error]) (deadlocks int) {
	t.Helper()
	a, b := startAccounts(t, how)
	for round := range rounds {
		fa, fb := send(a, 1), send(b, 2)
		for _, f := range []*future.Future[error]{fa, fb} {
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			outcome, err := f.Get(ctx)
			cancel()
			require.NoError(t, err, "round %d hung: neither wait saw the cycle", round)
			if outcome != nil {
				require.ErrorIs(t, outcome, actor.ErrDeadlock, "round %d", round)
				require.ErrorIs(t, outcome, actor.ErrNotDelivered, "round %d: the wait that closed the cycle withdraws its credit", round)
				deadlocks++
			}
		}
	}
	requireTotal(t, 200, a, b)
	return deadlocks
}

// requireTotal requires the two balances to sum to want.
func requireTotal(t *testing.T, want int, a, b *actor.Ref[*bankAccount, bankMsg]) {
	t.Helper()
	ctx := context.Background()
	ba, err := actor.Call(a, (*bankAccount).Balance).Get(ctx)
	require.NoError(t, err)
	bb, err := actor.Call(b, (*bankAccount).Balance).Get(ctx)
	require.NoError(t, err)
	require.Equal(t, want, ba+bb, "A has %d, B has %d", ba, bb)
}

// askTransfer sends a Transfer as an Ask and returns its outcome's future.
func askTransfer(from *actor.Ref[*bankAccount, bankMsg], amount int) *future.Future[error] {
	return actor.AskAsync(from, func(p *future.Promise[error]) bankMsg { return transfer{amount, p} })
}

func TestCrossedWaits(t *testing.T) {
	t.Run("two waits that close a cycle at the same moment: every round completes or reports the deadlock", func(t *testing.T) {
		rounds := 3000
		if testing.Short() {
			rounds = 300
		}
		deadlocks := crossedRounds(t, rounds, byAsk, askTransfer)
		t.Logf("%d of %d transfers reported a deadlock", deadlocks, 2*rounds)
	})
}

func TestCrossedTransfersKeepTheTotal(t *testing.T) {
	for _, how := range []creditBy{byAsk, byCall} {
		t.Run(how.String()+": a deadlocked credit is withdrawn, never handled after the debit was rolled back", func(t *testing.T) {
			crossedRounds(t, 1000, how, askTransfer)
		})
	}
	t.Run("ReenterAfter: no transfer waits, so none deadlocks, and every one completes", func(t *testing.T) {
		require.Zero(t, crossedRounds(t, 1000, byReenter, askTransfer))
	})
}
