package router_test

import (
	"context"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/registry"
	"github.com/troupe-go/troupe/router"
)

// FuzzConsistentHash checks the ring's guarantees for any key and
// membership: a key's owner is a member, the same on every lookup and for
// every member order; removing a member moves the key only if it owned it;
// adding one moves the key only to the newcomer.
func FuzzConsistentHash(f *testing.F) {
	reg := registry.New()
	pool := make([]*ref, 8)
	for i := range pool {
		pool[i] = actor.Start(&member{id: i}, actor.WithRegistry(reg))
	}
	f.Cleanup(func() { require.NoError(f, reg.StopAll(context.Background())) })

	f.Fuzz(func(t *testing.T, key string, size, drop uint8) {
		n := 1 + int(size)%(len(pool)-1) // leave one to add
		members, spare, gone := pool[:n], pool[n], pool[int(drop)%n]
		r := router.NewConsistentHash(keyOf, members...)
		owner := r.NextKey(key)
		require.Contains(t, members, owner)
		require.Same(t, owner, r.NextKey(key))

		reversed := slices.Clone(members)
		slices.Reverse(reversed)
		require.Same(t, owner, router.NewConsistentHash(keyOf, reversed...).NextKey(key))

		r.Remove(gone)
		switch after := r.NextKey(key); {
		case n == 1:
			require.Nil(t, after)
		case owner == gone:
			require.Contains(t, members, after)
			require.NotSame(t, gone, after)
		default:
			require.Same(t, owner, after, "removing another member moved the key")
		}

		r.Add(gone, spare)
		if after := r.NextKey(key); after != owner {
			require.Same(t, spare, after, "adding a member moved the key to an old one")
		}
	})
}
