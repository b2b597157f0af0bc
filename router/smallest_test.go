package router_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/router"
)

// occupy keeps r busy with a Call until the returned func is called, then
// queues queued messages behind it.
func occupy(t *testing.T, r *ref, queued int) (release func()) {
	t.Helper()
	started, open := make(chan struct{}), make(chan struct{})
	done := actor.Call(r, func(*member) (int, error) {
		close(started)
		<-open
		return 0, nil
	})
	<-started
	for range queued {
		require.NoError(t, r.Tell(msg{}))
	}
	require.Equal(t, queued, r.Len())
	return func() {
		close(open)
		_, err := done.Get(context.Background())
		require.NoError(t, err)
	}
}

func TestSmallestMailbox(t *testing.T) {
	bubble(t, "picks the member with the fewest queued messages", func(t *testing.T) {
		refs := startMembers(t, 3)
		for i, queued := range []int{3, 1, 2} {
			defer occupy(t, refs[i], queued)()
		}
		r := router.NewSmallestMailbox(refs...)
		for range 3 {
			require.Same(t, refs[1], r.Next())
		}
		require.NoError(t, r.Tell(msg{}))
		require.Equal(t, 2, refs[1].Len())
		// Now members 1 and 2 tie at 2; they take turns.
		require.ElementsMatch(t, []*ref{refs[1], refs[2]}, []*ref{r.Next(), r.Next()})
	})

	bubble(t, "equally loaded members take turns", func(t *testing.T) {
		refs := startMembers(t, 3)
		r := router.NewSmallestMailbox(refs...)
		var got []*ref
		for range 6 {
			got = append(got, r.Next())
		}
		require.Equal(t, []*ref{refs[0], refs[1], refs[2], refs[0], refs[1], refs[2]}, got)
	})

	bubble(t, "skips stopped members", func(t *testing.T) {
		refs := startMembers(t, 3)
		defer occupy(t, refs[0], 2)()
		defer occupy(t, refs[2], 1)()
		stop(t, refs[1]) // the emptiest, but stopped
		r := router.NewSmallestMailbox(refs...)
		for range 3 {
			require.Same(t, refs[2], r.Next())
		}
	})
}
