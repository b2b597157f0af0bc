package actortest_test

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/actortest"
)

// blocker is an actor whose handler waits until its channel is closed.
type blocker struct{ release chan struct{} }

func (b *blocker) Receive(*actor.Context, struct{}) error {
	<-b.release
	return nil
}

// parkedUntil blocks on release; its name marks the goroutine in a dump.
func parkedUntil(release <-chan struct{}) { <-release }

// These tests count the process's goroutines: none of them runs in parallel.
func TestNewRegistry(t *testing.T) {
	t.Run("stops the test's actors when the test ends, newest first", func(t *testing.T) {
		f := newFakeTB(t)
		reg := actortest.NewRegistry(f)
		p := actortest.NewProbe[string](t, actor.WithRegistry(reg))
		a := actor.Start(&relay{to: p.Ref(), msg: "a stopped"}, actor.WithRegistry(reg))
		b := actor.Start(&relay{to: p.Ref(), msg: "b stopped"}, actor.WithRegistry(reg))
		f.cleanup()
		require.False(t, a.IsAlive())
		require.False(t, b.IsAlive())
		require.Empty(t, reg.All())
		require.Empty(t, f.failed())
		p.ExpectNext(time.Second, "b stopped", "a stopped")
	})

	t.Run("fails the test when a goroutine it started is left running", func(t *testing.T) {
		defer actortest.SetSettleBound(50 * time.Millisecond)()
		f := newFakeTB(t)
		actortest.NewRegistry(f)
		release := make(chan struct{})
		defer close(release)
		go parkedUntil(release)
		f.cleanup()
		failed := f.failed()
		require.Len(t, failed, 1)
		require.Contains(t, failed[0], "actortest: 1 goroutines left running after the test")
		require.Contains(t, failed[0], "actortest_test.parkedUntil(")
	})

	actortest.Run(t, "fails the test when an actor does not stop", func(t *testing.T) {
		f := newFakeTB(t)
		reg := actortest.NewRegistry(f)
		b := &blocker{release: make(chan struct{})}
		ref := actor.Start(b, actor.WithRegistry(reg), actor.WithName("stuck"), actor.WithLogger(slog.New(slog.DiscardHandler)))
		require.NoError(t, ref.Tell(struct{}{}))
		start := time.Now()
		f.cleanup()
		require.Equal(t, 10*time.Second, time.Since(start), "cleanup gave the stop its bound")
		got := f.failed()
		require.Len(t, got, 1)
		require.Contains(t, got[0], "actortest: stopping the test's actors")
		require.Contains(t, got[0], "stuck")
		close(b.release)
		require.NoError(t, ref.Stop(context.Background()))
	})

	actortest.Run(t, "in a bubble, leaves the goroutine check to synctest", func(t *testing.T) {
		f := newFakeTB(t)
		reg := actortest.NewRegistry(f)
		ref := actor.Start(&relay{}, actor.WithRegistry(reg))
		require.NoError(t, ref.Tell("x"))
		f.cleanup()
		require.False(t, ref.IsAlive())
		require.Empty(t, f.failed())
	})
}

// relay tells msg to its probe when it stops.
type relay struct {
	to  *actor.Ref[*actortest.Probe[string], string]
	msg string
}

func (r *relay) Receive(*actor.Context, string) error { return nil }

func (r *relay) OnStop(*actor.Context) {
	if r.to != nil {
		_ = r.to.Tell(r.msg)
	}
}

func TestNewRegistryTwice(t *testing.T) {
	t.Run("checks the goroutines once, after every registry of the test stopped its actors", func(t *testing.T) {
		// Long enough for an idle actor's runner to retire (one to two
		// ticks of 100 ms), far shorter than the owned goroutine would take
		// if the check ran before the first registry's stop: forever.
		defer actortest.SetSettleBound(2 * time.Second)()
		f := newFakeTB(t)
		first := actortest.NewRegistry(f)
		actortest.NewRegistry(f)
		// An actor of the first registry owns a goroutine, started after
		// the second registry was made, that ends when the actor stops: the
		// second's cleanup runs first, and must not take it for a leak.
		ref := actor.Start(&owner{}, actor.WithRegistry(first))
		f.cleanup()
		require.Empty(t, f.failed())
		require.False(t, ref.IsAlive())
	})
}

// owner runs a goroutine from its start to its stop.
type owner struct{ quit chan struct{} }

func (o *owner) OnStart(*actor.Context) error {
	o.quit = make(chan struct{})
	go parkedUntil(o.quit)
	return nil
}

func (o *owner) OnStop(*actor.Context) { close(o.quit) }

func (o *owner) Receive(*actor.Context, struct{}) error { return nil }
