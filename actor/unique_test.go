package actor_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/registry"
)

// account is an entity: one actor per account id, found by its name.
type account struct {
	id      int // from the factory, to tell the states apart
	balance int
}

func (a *account) Receive(_ *actor.Context, amount int) error { a.balance += amount; return nil }

func (a *account) Balance() (int, error) { return a.balance, nil }

func TestUniqueNames(t *testing.T) {
	t.Run("a second live actor of a unique name is refused, naming the holder", func(t *testing.T) {
		reg := registry.New()
		opts := []actor.Option{actor.WithRegistry(reg), actor.WithLogger(discard)}
		first, err := actor.StartUnique("acct-42", &account{}, opts...)
		require.NoError(t, err)
		require.Equal(t, "acct-42", first.Name())

		_, err = actor.StartUnique("acct-42", &account{}, opts...)
		require.ErrorIs(t, err, registry.ErrNameTaken)
		require.EqualError(t, err, `registry: name taken: "acct-42" is held by the live actor `+first.URN())
		require.PanicsWithValue(t, `actor: Start: registry: name taken: "acct-42" is held by the live actor `+first.URN(), func() {
			actor.Start(&account{}, append(opts, actor.WithName("acct-42"))...)
		})
		require.Len(t, reg.ByName("acct-42"), 1, "a refused actor is never registered")

		stop(t, first)
		again, err := actor.StartUnique("acct-42", &account{}, opts...)
		require.NoError(t, err, "the name is free once its holder has stopped")
		stop(t, again)
	})
}

func TestGetOrStart(t *testing.T) {
	t.Run("of many callers at once, one starts the actor and all get its ref", func(t *testing.T) {
		reg := registry.New()
		var made atomic.Int32
		factory := func() *account { return &account{id: int(made.Add(1))} }
		const callers = 64
		refs := make([]*actor.Ref[*account, int], callers)
		errs := make([]error, callers)
		begin := make(chan struct{})
		var wg sync.WaitGroup
		for i := range callers {
			wg.Go(func() {
				<-begin
				refs[i], errs[i] = actor.GetOrStart("acct-42", factory, actor.WithRegistry(reg), actor.WithLogger(discard))
				if errs[i] == nil {
					errs[i] = refs[i].Tell(1)
				}
			})
		}
		close(begin)
		wg.Wait()
		for i := range callers {
			require.NoError(t, errs[i])
			require.Same(t, refs[0], refs[i])
		}
		require.EqualValues(t, 1, made.Load(), "the factory runs once")
		require.Len(t, reg.All(), 1)
		balance, err := actor.Call(refs[0], (*account).Balance).Get(context.Background())
		require.NoError(t, err)
		require.Equal(t, callers, balance, "every caller's Tell reached the one actor")
		got, ok := registry.Lookup[*actor.Ref[*account, int]](reg, "acct-42")
		require.True(t, ok)
		require.Same(t, refs[0], got)
		stop(t, refs[0])
	})

	t.Run("starts a fresh actor once the old one has stopped", func(t *testing.T) {
		reg := registry.New()
		var made atomic.Int32
		factory := func() *account { return &account{id: int(made.Add(1))} }
		first, err := actor.GetOrStart("acct-7", factory, actor.WithRegistry(reg))
		require.NoError(t, err)
		same, err := actor.GetOrStart("acct-7", factory, actor.WithRegistry(reg))
		require.NoError(t, err)
		require.Same(t, first, same)
		stop(t, first)
		fresh, err := actor.GetOrStart("acct-7", factory, actor.WithRegistry(reg))
		require.NoError(t, err)
		require.NotSame(t, first, fresh)
		require.EqualValues(t, 2, made.Load())
		stop(t, fresh)
	})

	t.Run("refuses a name held by an actor of other types", func(t *testing.T) {
		reg := registry.New()
		other, err := actor.StartUnique("acct-9", &clock{}, actor.WithRegistry(reg))
		require.NoError(t, err)
		defer stop(t, other)
		_, err = actor.GetOrStart("acct-9", func() *account { return &account{} }, actor.WithRegistry(reg))
		require.ErrorIs(t, err, registry.ErrNameTaken)
		require.EqualError(t, err, `actor: GetOrStart "acct-9": registry: name taken by acct-9 (`+other.URN()+`), which is not a Ref[*actor_test.account, int]`)
	})
}
