package remotetest_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/remote"
	"github.com/troupe-go/troupe/router"
)

// The member-generic routers of package router pick among remote refs:
// these tests run them over names that different nodes serve.

// A remote ref is a member of every kind the generic routers take.
var (
	_ router.MemberWithLen  = (*remote.Ref[Bank])(nil)
	_ router.MemberWithUUID = (*remote.Ref[Bank])(nil)
)

// balanceOf reads a served account's balance on its actor.
func balanceOf(t *testing.T, s *served) int {
	t.Helper()
	b, err := actor.Call(s.ref, func(a *account) (int, error) { return a.balance, nil }).Get(ctxFor(t))
	require.NoError(t, err)
	return b
}

// serveEach serves one account per name, each on a node of its own.
func serveEach(t *testing.T, e *env, names ...string) []*served {
	t.Helper()
	ss := make([]*served, len(names))
	for i, name := range names {
		ss[i] = serve(t, e.node(), name)
	}
	return ss
}

func lookupAll(n *remote.Node, names ...string) []*remote.Ref[Bank] {
	refs := make([]*remote.Ref[Bank], len(names))
	for i, name := range names {
		refs[i] = remote.Lookup[Bank](n, name)
	}
	return refs
}

func TestRoundRobinOverRemoteRefs(t *testing.T) {
	e := newEnv(t)
	names := []string{"rr-0", "rr-1", "rr-2"}
	ss := serveEach(t, e, names...)
	client := e.node()
	refs := lookupAll(client, names...)
	ctx := ctxFor(t)
	rr := router.NewRoundRobinOf(refs...)

	t.Run("the k-th ask goes to the k mod n-th name, on its node", func(t *testing.T) {
		for k := range 9 {
			ref := rr.Next()
			require.Same(t, refs[k%3], ref)
			_, err := remote.Ask(ctx, ref, Deposit, Amount{N: 1 << (k % 3)})
			require.NoError(t, err)
		}
		for i, s := range ss {
			require.Equal(t, 3<<i, balanceOf(t, s), "%s's balance", names[i])
		}
	})
	t.Run("a name nobody serves any more fails one ask with no responders, then is skipped", func(t *testing.T) {
		require.NoError(t, ss[1].exp.Stop(ctx))
		require.Same(t, refs[0], rr.Next()) // the rotation is at turn 9: rr-0's
		require.True(t, refs[1].IsAlive(), "nothing is known of rr-1 yet")
		_, err := remote.Ask(ctx, rr.Next(), Deposit, Amount{N: 100})
		require.ErrorIs(t, err, remote.ErrNoResponders)
		require.ErrorIs(t, err, actor.ErrStopped, "certainly not handled: safe to send again")
		require.False(t, refs[1].IsAlive())
		for range 4 {
			ref := rr.Next()
			require.NotSame(t, refs[1], ref)
			_, err := remote.Ask(ctx, ref, Deposit, Amount{N: 1})
			require.NoError(t, err)
		}
	})
	t.Run("the name comes back when it is served again: a ping finds it", func(t *testing.T) {
		again := serve(t, e.node(), "rr-1")
		// IsAlive pings a heartbeat after the no responders, by itself: no
		// ask is spent on the probe. It is polled here as a router polls it.
		require.Eventually(t, refs[1].IsAlive, testDeadline, testHeartbeat)
		picked := []*remote.Ref[Bank]{rr.Next(), rr.Next(), rr.Next()}
		require.Contains(t, picked, refs[1])
		for _, ref := range picked {
			_, err := remote.Ask(ctx, ref, Deposit, Amount{N: 1})
			require.NoError(t, err)
		}
		require.Equal(t, 1, balanceOf(t, again))
	})
	t.Run("a reply through the ref brings it back at once", func(t *testing.T) {
		require.NoError(t, ss[0].exp.Stop(ctx))
		_, err := remote.Ask(ctx, refs[0], Deposit, Amount{N: 1})
		require.ErrorIs(t, err, remote.ErrNoResponders)
		require.False(t, refs[0].IsAlive())
		again := serve(t, e.node(), "rr-0")
		_, err = remote.Ask(ctx, refs[0], Deposit, Amount{N: 5}) // sent directly, not picked
		require.NoError(t, err)
		require.True(t, refs[0].IsAlive())
		require.Equal(t, 5, balanceOf(t, again))
	})
	t.Run("a Monitor's down notice marks the ref down before any ask", func(t *testing.T) {
		s := serveOwned(t, e.node(), "rr-watched")
		ref := remote.Lookup[Bank](client, "rr-watched")
		w, err := remote.Monitor(ctx, ref)
		require.NoError(t, err)
		require.True(t, ref.IsAlive())
		require.NoError(t, s.ref.Stop(ctx))
		<-w.Done()
		require.False(t, ref.IsAlive())
		mixed := router.NewRoundRobinOf(ref, refs[0])
		for range 3 {
			require.Same(t, refs[0], mixed.Next())
		}
	})
	t.Run("a closed node's refs are not alive", func(t *testing.T) {
		n := e.node()
		ref := remote.Lookup[Bank](n, "rr-0")
		require.True(t, ref.IsAlive())
		require.NoError(t, n.Close(ctx))
		require.False(t, ref.IsAlive())
		require.Nil(t, router.NewRoundRobinOf(ref).Next())
	})
}

func TestConsistentHashOverRemoteRefs(t *testing.T) {
	e := newEnv(t)
	names := []string{"ch-0", "ch-1", "ch-2", "ch-3"}
	ss := serveEach(t, e, names...)
	here, there := e.node(), e.node() // two asking processes, as the ring sees them
	hereRefs := lookupAll(here, names...)
	reversed := slices.Clone(names)
	slices.Reverse(reversed)
	thereRefs := lookupAll(there, reversed...)
	ctx := ctxFor(t)

	t.Run("a ref's UUID is its namespace and name, the same in every process", func(t *testing.T) {
		for i, ref := range hereRefs {
			require.Equal(t, ref.UUID(), thereRefs[len(names)-1-i].UUID(), names[i])
			require.Equal(t, 5, int(ref.UUID().Version()))
			if i > 0 {
				require.NotEqual(t, hereRefs[i-1].UUID(), ref.UUID())
			}
		}
		other := e.node(remote.WithNamespace("other"))
		require.NotEqual(t, hereRefs[0].UUID(), remote.Lookup[Bank](other, "ch-0").UUID(), "another namespace is another name")
	})
	t.Run("both processes send each key to the same name, and every name gets keys", func(t *testing.T) {
		rHere, rThere := router.NewConsistentHashOf(hereRefs...), router.NewConsistentHashOf(thereRefs...)
		want := make([]int, len(names))
		for k := range 200 {
			key := fmt.Sprintf("user-%d", k)
			a, b := rHere.NextKey(key), rThere.NextKey(key)
			require.Equal(t, a.Name(), b.Name(), key)
			want[slices.Index(names, a.Name())] += 2
			_, err := remote.Ask(ctx, a, Deposit, Amount{N: 1})
			require.NoError(t, err)
			_, err = remote.Ask(ctx, b, Deposit, Amount{N: 1})
			require.NoError(t, err)
		}
		for i, s := range ss {
			require.Positive(t, want[i], "%s owns no key of 200", names[i])
			require.Equal(t, want[i], balanceOf(t, s), "%s got exactly the keys it owns, from both processes", names[i])
		}
	})
	t.Run("a name that went away loses only its own keys", func(t *testing.T) {
		r := router.NewConsistentHashOf(hereRefs...)
		before := map[string]string{}
		for k := range 200 {
			key := fmt.Sprintf("user-%d", k)
			before[key] = r.NextKey(key).Name()
		}
		require.NoError(t, ss[2].exp.Stop(ctx))
		_, err := remote.Ask(ctx, hereRefs[2], GetBalance, struct{}{})
		require.ErrorIs(t, err, remote.ErrNoResponders)
		for key, owner := range before {
			now := r.NextKey(key)
			if owner == "ch-2" {
				require.NotEqual(t, "ch-2", now.Name(), key)
				_, err := remote.Ask(ctx, now, Deposit, Amount{N: 1})
				require.NoError(t, err, "%s's new owner serves it", key)
			} else {
				require.Equal(t, owner, now.Name(), "%s moved although its owner is up", key)
			}
		}
	})
}

func TestSmallestOverRemoteRefsCountsAsksInFlight(t *testing.T) {
	e := newEnv(t)
	names := []string{"sm-0", "sm-1"}
	ss := serveEach(t, e, names...)
	refs := lookupAll(e.node(), names...)
	ctx := ctxFor(t)
	s := router.NewSmallestOf(refs...)

	held := remote.AskAsync(ctx, refs[0], Hold, "wait")
	p := <-ss[0].held // the request reached sm-0 and waits for the test
	require.Equal(t, 1, refs[0].Len())
	require.Zero(t, refs[1].Len())
	for range 3 {
		require.Same(t, refs[1], s.Next(), "sm-0 has an ask in flight")
	}
	p.Resolve("done")
	v, err := held.Get(ctx)
	require.NoError(t, err)
	require.Equal(t, "done", v)
	require.Zero(t, refs[0].Len(), "an answered ask no longer counts")
}
