package router_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/troupe-go/troupe/router"
)

func TestRandom(t *testing.T) {
	bubble(t, "spreads requests over the live members only", func(t *testing.T) {
		refs := startMembers(t, 3)
		stop(t, refs[1])
		r := router.NewRandom(refs...)
		counts := map[int]int{}
		for range 400 {
			id, err := router.Call(r, (*member).ID).Get(context.Background())
			require.NoError(t, err)
			counts[id]++
		}
		require.Zero(t, counts[1], "a stopped member was picked")
		// Each live member's count is Binomial(400, 1/2): 200 ± 10. The
		// bounds are 6 standard deviations out.
		require.InDelta(t, 200, counts[0], 60)
		require.InDelta(t, 200, counts[2], 60)
	})

	bubble(t, "Tell reaches a live member", func(t *testing.T) {
		refs := startMembers(t, 2)
		stop(t, refs[0])
		r := router.NewRandom(refs...)
		require.NoError(t, r.Tell(msg{k: 7}))
		require.Equal(t, [][]int{{7}}, receivedBy(t, refs[1:]))
	})
}
