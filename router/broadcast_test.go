package router_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/router"
)

// slowID answers with the member's id after a delay that shrinks with the
// id, so the members finish in reverse order.
func slowID(m *member) (int, error) {
	time.Sleep(time.Duration(10-m.id) * time.Second)
	return m.id, nil
}

func TestBroadcast(t *testing.T) {
	bubble(t, "BroadcastCall returns every result in member order", func(t *testing.T) {
		refs := startMembers(t, 5)
		b := router.NewBroadcast(refs...)
		ids, err := router.BroadcastCall(b, slowID).Get(context.Background())
		require.NoError(t, err)
		require.Equal(t, []int{0, 1, 2, 3, 4}, ids)
	})

	bubble(t, "BroadcastAsk returns every reply in member order", func(t *testing.T) {
		refs := startMembers(t, 5)
		// Occupy the first members longest, so they reply last.
		for _, r := range refs {
			_ = actor.Call(r, slowID)
		}
		ids, err := router.BroadcastAsk(context.Background(), router.NewBroadcast(refs...), askID)
		require.NoError(t, err)
		require.Equal(t, []int{0, 1, 2, 3, 4}, ids)
	})

	bubble(t, "Tell reaches every member", func(t *testing.T) {
		refs := startMembers(t, 3)
		require.NoError(t, router.NewBroadcast(refs...).Tell(msg{k: 9}))
		require.Equal(t, [][]int{{9}, {9}, {9}}, receivedBy(t, refs))
	})

	bubble(t, "skips stopped members", func(t *testing.T) {
		refs := startMembers(t, 4)
		stop(t, refs[1])
		b := router.NewBroadcast(refs...)
		require.Equal(t, []*ref{refs[0], refs[2], refs[3]}, b.Live())
		ids, err := router.BroadcastCall(b, slowID).Get(context.Background())
		require.NoError(t, err)
		require.Equal(t, []int{0, 2, 3}, ids)
		ids, err = router.BroadcastAsk(context.Background(), b, askID)
		require.NoError(t, err)
		require.Equal(t, []int{0, 2, 3}, ids)
		require.NoError(t, b.Tell(msg{k: 1}))
		live := []*ref{refs[0], refs[2], refs[3]}
		require.Equal(t, [][]int{{0, 1}, {0, 1}, {0, 1}}, receivedBy(t, live), "the Ask's 0, then the Tell's 1")
	})

	bubble(t, "fails with the first error", func(t *testing.T) {
		refs := startMembers(t, 3)
		boom := errors.New("boom")
		_, err := router.BroadcastCall(router.NewBroadcast(refs...), func(m *member) (int, error) {
			if m.id == 1 {
				return 0, boom
			}
			return m.id, nil
		}).Get(context.Background())
		require.ErrorIs(t, err, boom)
	})

	bubble(t, "fails with ErrNoLiveMember when every member stopped", func(t *testing.T) {
		refs := startMembers(t, 2)
		stop(t, refs[0])
		stop(t, refs[1])
		b := router.NewBroadcast(refs...)
		_, err := router.BroadcastCall(b, (*member).ID).Get(context.Background())
		require.ErrorIs(t, err, router.ErrNoLiveMember)
		_, err = router.BroadcastAsk(context.Background(), b, askID)
		require.ErrorIs(t, err, router.ErrNoLiveMember)
		require.ErrorIs(t, b.Tell(msg{}), router.ErrNoLiveMember)
	})

	bubble(t, "panics on a nil func", func(t *testing.T) {
		b := router.NewBroadcast(startMembers(t, 1)...)
		require.PanicsWithValue(t, "router: BroadcastCall with a nil func", func() {
			router.BroadcastCall[*member, msg, int](b, nil)
		})
		require.PanicsWithValue(t, "router: BroadcastAsk with a nil build func", func() {
			_, _ = router.BroadcastAsk[*member, msg, int](context.Background(), b, nil)
		})
	})
}
