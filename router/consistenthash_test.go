package router_test

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/router"
)

func keyOf(m msg) string { return m.key }

// manyKeys is the key set of the property tests.
var manyKeys = func() []string {
	keys := make([]string, 10_000)
	for i := range keys {
		keys[i] = fmt.Sprintf("user-%d", i)
	}
	return keys
}()

type hashRouter = router.ConsistentHash[*member, msg]

// owners maps every key of manyKeys to the member that owns it.
func owners(r *hashRouter) map[string]*ref {
	out := make(map[string]*ref, len(manyKeys))
	for _, k := range manyKeys {
		out[k] = r.NextKey(k)
	}
	return out
}

// moved returns the keys whose owner differs between before and after.
func moved(before, after map[string]*ref) []string {
	var keys []string
	for k, o := range before {
		if after[k] != o {
			keys = append(keys, k)
		}
	}
	return keys
}

// requireAboutOneIn checks that part of all is 1/n of it, give or take half.
// A member's share of the ring varies by about 6% (256 points each); the
// bounds leave some 8 standard deviations.
func requireAboutOneIn(t *testing.T, n, part, all int, what string) {
	t.Helper()
	want := float64(all) / float64(n)
	require.InDelta(t, want, float64(part), want/2, "%s: %d of %d, expected about 1/%d", what, part, all, n)
}

func TestConsistentHash(t *testing.T) {
	bubble(t, "the same key reaches the same member, whatever the member order", func(t *testing.T) {
		refs := startMembers(t, 5)
		r := router.NewConsistentHash(keyOf, refs...)
		reversed := slices.Clone(refs)
		slices.Reverse(reversed)
		again := router.NewConsistentHash(keyOf, reversed...)

		first := owners(r)
		require.Equal(t, first, owners(r))
		require.Equal(t, first, owners(again))
		share := map[*ref]int{}
		for _, o := range first {
			share[o]++
		}
		for i, m := range refs {
			requireAboutOneIn(t, len(refs), share[m], len(manyKeys), fmt.Sprintf("member %d's share", i))
		}
	})

	bubble(t, "adding a member moves about 1/(n+1) of the keys, all to it", func(t *testing.T) {
		refs := startMembers(t, 6)
		r := router.NewConsistentHash(keyOf, refs[:5]...)
		before := owners(r)
		r.Add(refs[5])
		after := owners(r)
		keys := moved(before, after)
		requireAboutOneIn(t, 6, len(keys), len(manyKeys), "keys moved")
		for _, k := range keys {
			require.Same(t, refs[5], after[k], "key %q moved to an old member", k)
		}
	})

	bubble(t, "removing a member moves only its keys", func(t *testing.T) {
		refs := startMembers(t, 6)
		r := router.NewConsistentHash(keyOf, refs...)
		before := owners(r)
		r.Remove(refs[2])
		after := owners(r)
		keys := moved(before, after)
		requireAboutOneIn(t, 6, len(keys), len(manyKeys), "keys moved")
		for _, k := range keys {
			require.Same(t, refs[2], before[k], "key %q moved though its member stayed", k)
		}
		require.NotContains(t, slices.Collect(maps.Values(after)), refs[2])
	})

	bubble(t, "a stopped member's keys go where removing it would send them", func(t *testing.T) {
		refs := startMembers(t, 4)
		r := router.NewConsistentHash(keyOf, refs...)
		before := owners(r)
		stop(t, refs[3])
		dead := owners(r)
		for _, k := range moved(before, dead) {
			require.Same(t, refs[3], before[k], "key %q moved though its member lives", k)
		}
		r.Remove(refs[3])
		require.Equal(t, dead, owners(r))
	})

	bubble(t, "Tell, CallKey and AskKey reach the key's owner", func(t *testing.T) {
		refs := startMembers(t, 4)
		r := router.NewConsistentHash(keyOf, refs...)
		owner := r.NextKey("alice")
		for k := range 10 {
			require.NoError(t, r.Tell(msg{k: k, key: "alice"}))
		}
		for i, got := range receivedBy(t, refs) {
			if refs[i] == owner {
				require.Equal(t, []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, got)
			} else {
				require.Empty(t, got)
			}
		}
		bob := r.NextKey("bob")
		want, err := actor.Call(bob, (*member).ID).Get(context.Background())
		require.NoError(t, err)
		id, err := router.CallKey(r, "bob", (*member).ID).Get(context.Background())
		require.NoError(t, err)
		require.Equal(t, want, id)
		id, err = router.AskKey(context.Background(), r, "bob", askID)
		require.NoError(t, err)
		require.Equal(t, want, id)
	})

	bubble(t, "Next routes the empty key", func(t *testing.T) {
		refs := startMembers(t, 4)
		r := router.NewConsistentHash(keyOf, refs...)
		require.Same(t, r.NextKey(""), r.Next())
	})

	bubble(t, "starts empty, fills with Add, and counts a ref given twice once", func(t *testing.T) {
		refs := startMembers(t, 2)
		r := router.NewConsistentHash[*member](keyOf)
		require.Nil(t, r.Next())
		_, err := router.CallKey(r, "x", (*member).ID).Get(context.Background())
		require.ErrorIs(t, err, router.ErrNoLiveMember)
		_, err = router.AskKey(context.Background(), r, "x", askID)
		require.ErrorIs(t, err, router.ErrNoLiveMember)

		r.Add(refs[0], refs[0], refs[1])
		r.Add(refs[1])
		require.Equal(t, refs, r.Members())
		require.NotNil(t, r.NextKey("x"))
		r.Remove(refs...)
		require.Empty(t, r.Members())
		require.ErrorIs(t, r.Tell(msg{key: "x"}), router.ErrNoLiveMember)
	})

	bubble(t, "panics on misuse", func(t *testing.T) {
		refs := startMembers(t, 1)
		require.PanicsWithValue(t, "router: NewConsistentHash with a nil key func", func() {
			router.NewConsistentHash[*member, msg](nil, refs...)
		})
		require.PanicsWithValue(t, "router: NewConsistentHash: ref 1 is nil", func() {
			router.NewConsistentHash(keyOf, refs[0], nil)
		})
		r := router.NewConsistentHash[*member](keyOf)
		require.PanicsWithValue(t, "router: ConsistentHash.Add: ref 0 is nil", func() { r.Add(nil) })
		require.PanicsWithValue(t, "router: CallKey with a nil func", func() {
			router.CallKey[*member, msg, int](r, "x", nil)
		})
		require.PanicsWithValue(t, "router: AskKey with a nil build func", func() {
			_, _ = router.AskKey[*member, msg, int](context.Background(), r, "x", nil)
		})
	})
}
