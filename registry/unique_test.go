package registry_test

import (
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/troupe-go/troupe/registry"
)

func TestRegisterUnique(t *testing.T) {
	t.Run("holds the name against Register and RegisterUnique until unregistered", func(t *testing.T) {
		r := registry.New()
		holder, rival, plain := newFake("acct-1", 1), newFake("acct-1", 2), newFake("acct-1", 3)
		require.NoError(t, r.RegisterUnique(holder))
		require.ErrorIs(t, r.RegisterUnique(rival), registry.ErrNameTaken)
		err := r.Register(plain)
		require.ErrorIs(t, err, registry.ErrNameTaken)
		require.EqualError(t, err, `registry: name taken: "acct-1" is held by the live actor `+holder.URN())
		require.NoError(t, r.Register(newFake("other", 4)), "other names are free")

		got, ok := r.Named("acct-1")
		require.True(t, ok)
		require.Same(t, holder, got)

		r.Unregister(holder)
		_, ok = r.Named("acct-1")
		require.False(t, ok)
		require.NoError(t, r.Register(plain), "the name is free once its holder left")
	})
}

func TestGetOrRegister(t *testing.T) {
	t.Run("runs start once for many callers, who all get its entry", func(t *testing.T) {
		r := registry.New()
		var starts atomic.Int32
		start := func() (registry.Entry, error) {
			f := newFake("room", int(starts.Add(1)))
			if err := r.RegisterUnique(f); err != nil {
				return nil, err
			}
			return f, nil
		}
		const callers = 32
		got := make([]registry.Entry, callers)
		created := make([]bool, callers)
		errs := make([]error, callers)
		begin := make(chan struct{})
		var wg sync.WaitGroup
		for i := range callers {
			wg.Go(func() {
				<-begin
				got[i], created[i], errs[i] = r.GetOrRegister("room", start)
			})
		}
		close(begin)
		wg.Wait()
		require.EqualValues(t, 1, starts.Load())
		n := 0
		for i := range callers {
			require.NoError(t, errs[i])
			require.Same(t, got[0], got[i])
			if created[i] {
				n++
			}
		}
		require.Equal(t, 1, n, "one caller created it")
	})
}

func TestGetOrRegisterAfterAPanic(t *testing.T) {
	r := registry.New()
	require.PanicsWithValue(t, "factory broke", func() {
		_, _, _ = r.GetOrRegister("room", func() (registry.Entry, error) { panic("factory broke") })
	})
	// The name is not left pending: the next caller runs its own start.
	e, created, err := r.GetOrRegister("room", func() (registry.Entry, error) {
		f := newFake("room", 1)
		return f, r.RegisterUnique(f)
	})
	require.NoError(t, err)
	require.True(t, created)
	require.Equal(t, "room", e.Name())
}

func TestLookupByNameAndType(t *testing.T) {
	r := registry.New()
	g, c := newGreeter("twin", 1), newCounter("twin", 2)
	require.NoError(t, r.Register(g))
	require.NoError(t, r.Register(c))

	gotG, ok := registry.Lookup[*greeter](r, "twin")
	require.True(t, ok)
	require.Same(t, g, gotG)
	gotC, ok := registry.Lookup[*counter](r, "twin")
	require.True(t, ok)
	require.Same(t, c, gotC)
	_, ok = registry.Lookup[*greeter](r, "nobody")
	require.False(t, ok)
}
