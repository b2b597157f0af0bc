package router_test

import (
	"context"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/router"
)

func TestRoundRobin(t *testing.T) {
	bubble(t, "the k-th request goes to refs[k mod n], whatever its kind", func(t *testing.T) {
		refs := startMembers(t, 3)
		rr := router.NewRoundRobin(refs...)
		for k := range 24 {
			switch k % 4 {
			case 0:
				id, err := router.Call(rr, (*member).ID).Get(context.Background())
				require.NoError(t, err)
				require.Equal(t, k%3, id, "Call %d", k)
			case 1:
				id, err := router.Ask(context.Background(), rr, askID)
				require.NoError(t, err)
				require.Equal(t, k%3, id, "Ask %d", k)
			case 2:
				require.NoError(t, rr.Tell(msg{k: k}))
			case 3:
				require.Same(t, refs[k%3], rr.Next(), "Next %d", k)
			}
		}
		for id, got := range receivedBy(t, refs) {
			for _, k := range got {
				if k%4 == 2 { // the Tells; an Ask records 0
					require.Equal(t, id, k%3, "Tell %d went to member %d", k, id)
				}
			}
		}
	})

	bubble(t, "8 concurrent senders: turn k goes to refs[k mod n]", func(t *testing.T) {
		const n, senders, each = 4, 8, 250
		refs := startMembers(t, n)
		rr := router.NewRoundRobin(refs...)
		// The lock makes the order of the sends observable: the k-th Tell
		// carries k. The router's own counter still takes the contention.
		var mu sync.Mutex
		next := 0
		var wg sync.WaitGroup
		for range senders {
			wg.Go(func() {
				for range each {
					mu.Lock()
					err := rr.Tell(msg{k: next})
					next++
					mu.Unlock()
					require.NoError(t, err)
				}
			})
		}
		wg.Wait()
		for id, got := range receivedBy(t, refs) {
			require.Len(t, got, senders*each/n, "member %d", id)
			for _, k := range got {
				require.Equal(t, id, k%n, "request %d went to member %d", k, id)
			}
		}
	})

	bubble(t, "8 concurrent senders without a lock split requests exactly evenly", func(t *testing.T) {
		const n, senders, each = 4, 8, 250
		refs := startMembers(t, n)
		rr := router.NewRoundRobin(refs...)
		var wg sync.WaitGroup
		for range senders {
			wg.Go(func() {
				for i := range each {
					if i%2 == 0 {
						require.NoError(t, rr.Tell(msg{}))
						continue
					}
					_, err := router.Call(rr, (*member).ID).Get(context.Background())
					require.NoError(t, err)
				}
			})
		}
		wg.Wait()
		for id, r := range refs {
			handled, err := actor.Call(r, (*member).handled).Get(context.Background())
			require.NoError(t, err)
			require.Equal(t, senders*each/n, handled, "member %d", id)
		}
		// Every request took exactly one turn: the next one is turn 2000.
		require.Same(t, refs[senders*each%n], rr.Next())
	})

	bubble(t, "skips stopped members and the live ones still alternate", func(t *testing.T) {
		refs := startMembers(t, 4)
		stop(t, refs[1])
		stop(t, refs[2])
		rr := router.NewRoundRobin(refs...)
		var ids []int
		for range 6 {
			id, err := router.Call(rr, (*member).ID).Get(context.Background())
			require.NoError(t, err)
			ids = append(ids, id)
		}
		require.Equal(t, []int{0, 3, 0, 3, 0, 3}, ids)
	})
}
