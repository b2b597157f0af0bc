package remotetest_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/nats-io/nats.go/micro"
	"github.com/stretchr/testify/require"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/registry"
	"github.com/troupe-go/troupe/remote"
)

// watcher is a local actor that watches a remote one with actor.Watch.
type watcher struct {
	target  actor.Watchable
	notices chan error
}

type notice struct{ err error }

func (w *watcher) OnStart(ctx *actor.Context) error {
	actor.Watch(ctx, w.target, func(err error) notice { return notice{err} })
	return nil
}

func (w *watcher) Receive(_ *actor.Context, n notice) error {
	w.notices <- n.err
	return nil
}

// watchFrom starts a local watcher of target and returns its notices.
func watchFrom(t *testing.T, target actor.Watchable) <-chan error {
	t.Helper()
	reg := registry.New()
	notices := make(chan error, 1)
	actor.Start(&watcher{target: target, notices: notices}, actor.WithRegistry(reg))
	t.Cleanup(func() { _ = reg.StopAll(context.Background()) })
	return notices
}

func TestDeathWatchAcrossNodes(t *testing.T) {
	e := newEnv(t)
	server, client := e.node(), e.node()
	ctx := ctxFor(t)

	t.Run("the actor failing reaches a local watcher with its error", func(t *testing.T) {
		s := serveOwned(t, server, "mortal")
		w, err := remote.Monitor(ctx, remote.Lookup[Bank](client, "mortal"))
		require.NoError(t, err)
		notices := watchFrom(t, w)
		require.NoError(t, s.ref.Tell(func(*account) error { return fmt.Errorf("%w: broke", errInsufficient) }))
		err = <-notices
		require.ErrorIs(t, err, errInsufficient)
		require.ErrorIs(t, w.Err(), errInsufficient)
	})
	t.Run("a clean stop notifies with a nil error", func(t *testing.T) {
		s := serve(t, server, "calm")
		w, err := remote.Monitor(ctx, remote.Lookup[Bank](client, "calm"))
		require.NoError(t, err)
		notices := watchFrom(t, w)
		require.NoError(t, s.exp.Stop(ctx))
		require.NoError(t, <-notices)
	})
	t.Run("a node that stops beating is lost", func(t *testing.T) {
		nc := e.conn()
		far := e.nodeOn(nc)
		serve(t, far, "far")
		w, err := remote.Monitor(ctx, remote.Lookup[Bank](client, "far"))
		require.NoError(t, err)
		notices := watchFrom(t, w)
		nc.Close() // a crash, as the others see it: no down notice, no beats
		require.ErrorIs(t, <-notices, remote.ErrNodeLost)
	})
	t.Run("nothing to watch: no responders, or a group", func(t *testing.T) {
		_, err := remote.Monitor(ctx, remote.Lookup[Bank](client, "nobody"))
		require.ErrorIs(t, err, remote.ErrNoResponders)
		serve(t, server, "crowd", remote.InGroup("g"))
		_, err = remote.Monitor(ctx, remote.Lookup[Bank](client, "crowd"))
		require.ErrorIs(t, err, remote.ErrGroupMonitor)
	})
	t.Run("closing the local node ends its watches", func(t *testing.T) {
		serve(t, server, "stays")
		n := e.node()
		w, err := remote.Monitor(ctx, remote.Lookup[Bank](n, "stays"))
		require.NoError(t, err)
		require.NoError(t, n.Close(ctx))
		<-w.Done()
		require.ErrorIs(t, w.Err(), remote.ErrDisconnected)
	})
}

func TestQueueGroupSharesWorkAcrossThreeNodes(t *testing.T) {
	e := newEnv(t)
	client := e.node()
	ctx := ctxFor(t)
	members := make([]*served, 3)
	for i := range members {
		members[i] = serve(t, e.node(), "shared", remote.InGroup("workers"))
	}
	acct := remote.Lookup[Bank](client, "shared")
	const asks = 300
	for range asks {
		_, err := remote.Ask(ctx, acct, Deposit, Amount{N: 1})
		require.NoError(t, err)
	}
	total := 0
	for i, m := range members {
		b, err := actor.Call(m.ref, func(a *account) (int, error) { return a.balance, nil }).Get(ctx)
		require.NoError(t, err)
		require.Positive(t, b, "member %d got none of %d asks", i, asks)
		total += b
	}
	require.Equal(t, asks, total, "each ask went to exactly one member")
}

func TestDiscoveryThroughTheServiceAPI(t *testing.T) {
	e := newEnv(t)
	a, b := e.node(), e.node()
	serve(t, a, "alpha")
	serve(t, a, "beta")
	serve(t, b, "gamma")
	other := e.node(remote.WithNamespace("other"))
	serve(t, other, "hidden")

	nodes, err := remote.Discover(shortCtx(t), a)
	require.NoError(t, err)
	found := map[string][]string{}
	for _, n := range nodes {
		require.Equal(t, "default", n.Namespace)
		found[n.ID] = n.Exposures
	}
	require.Equal(t, map[string][]string{a.ID(): {"alpha", "beta"}, b.ID(): {"gamma"}}, found)

	t.Run("every node is a NATS micro service named troupe", func(t *testing.T) {
		raw := e.conn()
		reply, err := raw.Request("$SRV.INFO.troupe", nil, testDeadline)
		require.NoError(t, err)
		var info micro.Info
		require.NoError(t, json.Unmarshal(reply.Data, &info))
		require.Equal(t, "troupe", info.Name)
		require.NotEmpty(t, info.Metadata["node"])
	})
}
