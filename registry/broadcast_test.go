package registry_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/registry"
)

// memberMsg is the interface message type of a chat member; announcement is
// one of its kinds.
type memberMsg interface{ isMemberMsg() }

type announcement string

func (announcement) isMemberMsg() {}

// member records the announcements it hears.
type member struct{ heard []announcement }

func (m *member) Receive(_ *actor.Context, msg memberMsg) error {
	if a, ok := msg.(announcement); ok {
		m.heard = append(m.heard, a)
	}
	return nil
}

// herald takes announcements themselves.
type herald struct{ heard []announcement }

func (h *herald) Receive(_ *actor.Context, a announcement) error {
	h.heard = append(h.heard, a)
	return nil
}

// tally takes ints, which no announcement is.
type tally struct{ n int }

func (t *tally) Receive(_ *actor.Context, n int) error { t.n += n; return nil }

func heard[S actor.Receiver[M], M any](t *testing.T, r *actor.Ref[S, M], get func(S) []announcement) []announcement {
	t.Helper()
	got, err := actor.Call(r, func(s S) ([]announcement, error) { return get(s), nil }).Get(context.Background())
	require.NoError(t, err)
	return got
}

func TestBroadcastToInterfaceTypedActors(t *testing.T) {
	reg := registry.New()
	defer func() { require.NoError(t, reg.StopAll(context.Background())) }()
	m1 := actor.Start(&member{}, actor.WithRegistry(reg))
	h := actor.Start(&herald{}, actor.WithRegistry(reg))
	tl := actor.Start(&tally{}, actor.WithRegistry(reg))
	m2 := actor.Start(&member{}, actor.WithRegistry(reg))

	require.NoError(t, registry.Broadcast(reg, announcement("welcome")))
	var asInterface memberMsg = announcement("as the interface")
	require.NoError(t, registry.Broadcast(reg, asInterface))

	members := func(m *member) []announcement { return m.heard }
	require.Equal(t, []announcement{"welcome", "as the interface"}, heard(t, m1, members))
	require.Equal(t, []announcement{"welcome", "as the interface"}, heard(t, m2, members))
	require.Equal(t, []announcement{"welcome", "as the interface"}, heard(t, h, func(h *herald) []announcement { return h.heard }))
	n, err := actor.Call(tl, func(t *tally) (int, error) { return t.n, nil }).Get(context.Background())
	require.NoError(t, err)
	require.Zero(t, n)

}
