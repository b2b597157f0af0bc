package router_test

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"

	"github.com/stretchr/testify/require"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/actortest"
	"github.com/troupe-go/troupe/future"
	"github.com/troupe-go/troupe/router"
)

// This file holds what the router tests share, and the tests of Call and
// Ask on any router.

// msg is the test members' message: a number, and for an Ask its reply,
// which the member answers with its id.
type msg struct {
	k     int
	key   string
	reply *future.Promise[int]
}

// member tells its probe each number it handled; the tests number members
// from 0.
type member struct {
	id    int
	probe *actortest.Probe[int]
	told  int // messages handled
	calls int // Calls through ID
}

func (m *member) Receive(_ *actor.Context, x msg) error {
	m.told++
	if err := m.probe.Ref().Tell(x.k); err != nil {
		return err
	}
	if x.reply != nil {
		x.reply.Resolve(m.id)
	}
	return nil
}

// ID is a method expression target for router.Call.
func (m *member) ID() (int, error) {
	m.calls++
	return m.id, nil
}

// handled counts the messages and the ID calls the member handled.
func (m *member) handled() (int, error) { return m.told + m.calls, nil }

// probeOf is a Call that reads a member's probe.
func (m *member) probeOf() (*actortest.Probe[int], error) { return m.probe, nil }

type ref = actor.Ref[*member, msg]

// The routers that pick one member are Routers; Broadcast is not.
var (
	_ router.Router[*member, msg] = (*router.RoundRobin[*member, msg])(nil)
	_ router.Router[*member, msg] = (*router.Random[*member, msg])(nil)
	_ router.Router[*member, msg] = (*router.SmallestMailbox[*member, msg])(nil)
	_ router.Router[*member, msg] = (*router.ConsistentHash[*member, msg])(nil)
)

// startMembers starts n members, each with its probe, in a registry of the
// test's, stopped when the test ends.
func startMembers(t *testing.T, n int) []*ref {
	t.Helper()
	reg := actortest.NewRegistry(t)
	refs := make([]*ref, n)
	for i := range refs {
		p := actortest.NewProbe[int](t, actor.WithRegistry(reg))
		refs[i] = actor.Start(&member{id: i, probe: p}, actor.WithRegistry(reg))
	}
	return refs
}

// bubble runs a subtest on synctest's fake clock, failing it if a goroutine
// it started outlives it. Members started in it are stopped by the cleanup
// inside the bubble.
var bubble = actortest.Run

// receivedBy returns what each member handled since the last look, in
// member order, once every member and probe handled what was sent.
func receivedBy(t *testing.T, refs []*ref) [][]int {
	t.Helper()
	synctest.Wait()
	out := make([][]int, len(refs))
	for i, r := range refs {
		p, err := actor.Call(r, (*member).probeOf).Get(context.Background())
		require.NoError(t, err)
		out[i] = p.Drain()
	}
	return out
}

func askID(p *future.Promise[int]) msg { return msg{reply: p} }

func stop(t *testing.T, r *ref) {
	t.Helper()
	require.NoError(t, r.Stop(context.Background()))
}

func TestCallAndAsk(t *testing.T) {
	bubble(t, "infer S and M from the router", func(t *testing.T) {
		refs := startMembers(t, 2)
		rr := router.NewRoundRobin(refs...)
		id, err := router.Call(rr, (*member).ID).Get(context.Background())
		require.NoError(t, err)
		require.Zero(t, id)
		id, err = router.Ask(context.Background(), rr, askID)
		require.NoError(t, err)
		require.Equal(t, 1, id)
	})

	bubble(t, "fail without panicking when no member is alive", func(t *testing.T) {
		refs := startMembers(t, 2)
		for _, r := range refs {
			stop(t, r)
		}
		routers := map[string]router.Router[*member, msg]{
			"round robin":      router.NewRoundRobin(refs...),
			"random":           router.NewRandom(refs...),
			"smallest mailbox": router.NewSmallestMailbox(refs...),
			"consistent hash":  router.NewConsistentHash(func(m msg) string { return m.key }, refs...),
		}
		for name, r := range routers {
			require.Nil(t, r.Next(), name)
			_, err := router.Call(r, (*member).ID).Get(context.Background())
			require.ErrorIs(t, err, router.ErrNoLiveMember, name)
			require.ErrorIs(t, err, actor.ErrStopped, name)
			_, err = router.Ask(context.Background(), r, askID)
			require.ErrorIs(t, err, actor.ErrStopped, name)
			teller, ok := r.(interface{ Tell(msg) error })
			require.True(t, ok, name)
			require.ErrorIs(t, teller.Tell(msg{}), actor.ErrStopped, name)
		}
	})

	bubble(t, "carry the member's error and a ctx that ends", func(t *testing.T) {
		refs := startMembers(t, 1)
		rr := router.NewRoundRobin(refs...)
		boom := errors.New("boom")
		_, err := router.Call(rr, func(*member) (int, error) { return 0, boom }).Get(context.Background())
		require.ErrorIs(t, err, boom)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err = router.Ask(ctx, rr, func(*future.Promise[int]) msg { return msg{} }) // never answered
		require.ErrorIs(t, err, context.Canceled)
	})

	bubble(t, "panic on a nil func", func(t *testing.T) {
		rr := router.NewRoundRobin(startMembers(t, 1)...)
		require.PanicsWithValue(t, "router: Call with a nil func", func() {
			router.Call[*member, msg, int](rr, nil)
		})
		require.PanicsWithValue(t, "router: Ask with a nil build func", func() {
			_, _ = router.Ask[*member, msg, int](context.Background(), rr, nil)
		})
	})
}

func TestConstructors(t *testing.T) {
	bubble(t, "panic on no refs or a nil ref", func(t *testing.T) {
		refs := startMembers(t, 1)
		withNil := []*ref{refs[0], nil}
		for name, mk := range map[string]func(...*ref){
			"NewRoundRobin":      func(r ...*ref) { router.NewRoundRobin(r...) },
			"NewRandom":          func(r ...*ref) { router.NewRandom(r...) },
			"NewSmallestMailbox": func(r ...*ref) { router.NewSmallestMailbox(r...) },
			"NewBroadcast":       func(r ...*ref) { router.NewBroadcast(r...) },
		} {
			require.PanicsWithValue(t, "router: "+name+" needs at least one ref", func() { mk() })
			require.PanicsWithValue(t, "router: "+name+": ref 1 is nil", func() { mk(withNil...) })
		}
	})

	bubble(t, "copy the refs given", func(t *testing.T) {
		refs := startMembers(t, 2)
		given := []*ref{refs[0], refs[1]}
		rr := router.NewRoundRobin(given...)
		given[0] = refs[1]
		require.Same(t, refs[0], rr.Next())
	})
}
