package actor_test

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/future"
)

// owner is a nested object reached through a Call.
type owner struct{ name string }

func (o *owner) Name() string { return o.name }

// Wallet serves only calls: a method with a result, one that fails, and
// a nested object.
type Wallet struct {
	actor.NoMessages
	balance int
	owner   *owner
}

func (w *Wallet) Balance() (int, error) { return w.balance, nil }

func (w *Wallet) Withdraw(n int) (int, error) {
	if n > w.balance {
		return w.balance, errBoom
	}
	w.balance -= n
	return w.balance, nil
}

func TestCall(t *testing.T) {
	t.Run("a method expression needs no type arguments", func(t *testing.T) {
		var ref *actor.CallRef[*Wallet] = start(&Wallet{balance: 100})
		var balance *future.Future[int] = actor.Call(ref, (*Wallet).Balance)
		got, err := balance.Get(t.Context())
		require.NoError(t, err)
		require.Equal(t, 100, got)
		require.Equal(t, "Wallet", ref.Name())
		stop(t, ref)
	})

	t.Run("attribute reads and nested objects are closures", func(t *testing.T) {
		ref := start(&Wallet{balance: 7, owner: &owner{name: "Ada"}})
		balance, err := actor.Call(ref, func(w *Wallet) (int, error) { return w.balance, nil }).Get(t.Context())
		require.NoError(t, err)
		require.Equal(t, 7, balance)
		name, err := actor.Call(ref, func(w *Wallet) (string, error) { return w.owner.Name(), nil }).Get(t.Context())
		require.NoError(t, err)
		require.Equal(t, "Ada", name)
		stop(t, ref)
	})

	t.Run("an error or a panic fails the future and the actor keeps running", func(t *testing.T) {
		ref := start(&Wallet{balance: 10})
		_, err := actor.Call(ref, func(w *Wallet) (int, error) { return w.Withdraw(50) }).Get(t.Context())
		require.ErrorIs(t, err, errBoom)
		_, err = actor.Call(ref, func(*Wallet) (int, error) { panic("call boom") }).Get(t.Context())
		requirePanic(t, err, "call boom")
		_, err = actor.CallContext(ref, func(*actor.Context, *Wallet) (int, error) { panic("callctx boom") }).Get(t.Context())
		requirePanic(t, err, "callctx boom")
		got, err := actor.Call(ref, func(w *Wallet) (int, error) { return w.Withdraw(4) }).Get(t.Context())
		require.NoError(t, err)
		require.Equal(t, 6, got)
		require.True(t, ref.IsAlive())
		stop(t, ref)
	})

	t.Run("CallContext hands the function the actor's Context", func(t *testing.T) {
		ref := start(&Wallet{}, actor.WithName("wallet"))
		got, err := actor.CallContext(ref, func(ctx *actor.Context, _ *Wallet) (string, error) {
			return ctx.Name() + " " + ctx.URN(), nil
		}).Get(t.Context())
		require.NoError(t, err)
		require.Equal(t, "wallet "+ref.URN(), got)
		stop(t, ref)
	})

	t.Run("a Call sees the Tells its sender sent before it", func(t *testing.T) {
		total := 0
		ref := start(&script{receive: func(_ *actor.Context, m msg) error { total += m.n; return nil }})
		for want := 1; want <= 500; want++ {
			require.NoError(t, ref.Tell(msg{n: 1}))
			got, err := actor.Call(ref, func(*script) (int, error) { return total, nil }).Get(t.Context())
			require.NoError(t, err)
			require.Equal(t, want, got)
		}
		stop(t, ref)
	})

	t.Run("calls from many goroutines never lose an update", func(t *testing.T) {
		checkGoroutines(t)
		ref := start(&Wallet{})
		futures := make(chan *future.Future[int], 1000)
		var wg sync.WaitGroup
		for range 10 {
			wg.Go(func() {
				for range 100 {
					futures <- actor.Call(ref, func(w *Wallet) (int, error) {
						b := w.balance
						w.balance = b + 1
						return b, nil
					})
				}
			})
		}
		wg.Wait()
		close(futures)
		seen := make([]bool, 1000)
		for f := range futures {
			b, err := f.Get(t.Context())
			require.NoError(t, err)
			require.False(t, seen[b], "two calls saw balance %d", b)
			seen[b] = true
		}
		got, err := actor.Call(ref, (*Wallet).Balance).Get(t.Context())
		require.NoError(t, err)
		require.Equal(t, 1000, got)
		stop(t, ref)
	})
}
