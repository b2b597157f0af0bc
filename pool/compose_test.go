package pool_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/pool"
	"github.com/troupe-go/troupe/registry"
	"github.com/troupe-go/troupe/router"
)

// This file holds the tests of a pool composed with the rest of the
// package family: options that need a factory, and routers over workers.

// fetch is work keyed by host; a fetch that fails makes its worker's
// Receive fail.
type fetch struct {
	host string
	fail bool
}

// fetcher records the hosts it fetched; the factory numbers its states.
type fetcher struct {
	id    int
	hosts []string
}

var errFetch = errors.New("fetch failed")

func (f *fetcher) Receive(_ *actor.Context, m fetch) error {
	if m.fail {
		return errFetch
	}
	f.hosts = append(f.hosts, m.host)
	return nil
}

func (f *fetcher) seen() (fetcher, error) {
	return fetcher{id: f.id, hosts: slices.Clone(f.hosts)}, nil
}

// newFetchers starts a pool of size fetchers in a registry of its own and
// returns it with the factory's call count.
func newFetchers(t *testing.T, size int, opts ...actor.Option) (*pool.Pool[*fetcher, fetch], *atomic.Int32) {
	made := new(atomic.Int32)
	opts = append([]actor.Option{actor.WithRegistry(registry.New()), actor.WithLogger(slog.New(slog.DiscardHandler))}, opts...)
	p := pool.New(size, func() *fetcher { return &fetcher{id: int(made.Add(1))} }, opts...)
	t.Cleanup(func() { require.NoError(t, p.Stop(context.Background())) })
	return p, made
}

func TestPoolWithRestart(t *testing.T) {
	p, made := newFetchers(t, 2, actor.WithPolicy(actor.Restart))
	workers := p.Workers()
	require.Len(t, workers, 2)
	require.EqualValues(t, 2, made.Load())

	w := workers[0]
	require.NoError(t, w.Tell(fetch{host: "a"}))
	require.NoError(t, w.Tell(fetch{host: "b", fail: true}))
	// Handled after the failure, so after the restart: a fresh state from
	// the factory, on the same ref.
	got, err := actor.Call(w, (*fetcher).seen).Get(context.Background())
	require.NoError(t, err)
	require.Equal(t, fetcher{id: 3}, got)
	require.True(t, w.IsAlive())
	require.Equal(t, workers, p.Workers(), "a worker that restarts keeps its ref and its slot")

	// The pool still hands tasks to both workers.
	ids, err := pool.Map(context.Background(), p, []int{0, 1, 2, 3}, func(f *fetcher, _ int) (int, error) { return f.id, nil })
	require.NoError(t, err)
	for _, id := range ids {
		require.Contains(t, []int{2, 3}, id)
	}
}

func TestConsistentHashOverPoolWorkers(t *testing.T) {
	p, _ := newFetchers(t, 3)
	byHost := router.NewConsistentHash(func(m fetch) string { return m.host }, p.Workers()...)
	require.ElementsMatch(t, p.Workers(), byHost.Members())

	hosts := []string{"a.example", "b.example", "c.example", "d.example", "e.example", "f.example"}
	for round := range 3 {
		for _, h := range hosts {
			require.NoError(t, byHost.Tell(fetch{host: h}), "round %d", round)
		}
	}

	// Each host's fetches all went to the worker that owns its key, and to
	// no other; CallKey reaches that same worker.
	owner := map[string]int{}
	for _, w := range p.Workers() {
		got, err := actor.Call(w, (*fetcher).seen).Get(context.Background())
		require.NoError(t, err)
		for _, h := range got.hosts {
			if id, ok := owner[h]; ok {
				require.Equal(t, id, got.id, "%s went to two workers", h)
			}
			owner[h] = got.id
		}
		for _, h := range hosts {
			n := 0
			for _, g := range got.hosts {
				if g == h {
					n++
				}
			}
			require.Contains(t, []int{0, 3}, n, "worker %d got %d of %s's 3 fetches", got.id, n, h)
		}
	}
	require.Len(t, owner, len(hosts))
	for _, h := range hosts {
		id, err := router.CallKey(byHost, h, func(f *fetcher) (int, error) { return f.id, nil }).Get(context.Background())
		require.NoError(t, err)
		require.Equal(t, owner[h], id, fmt.Sprintf("CallKey(%s)", h))
	}

	// The pool's own dispatch goes on beside the router.
	id, err := pool.Call(p, func(f *fetcher) (int, error) { return f.id, nil }).Get(context.Background())
	require.NoError(t, err)
	require.Contains(t, []int{1, 2, 3}, id)
}
