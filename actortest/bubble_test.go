package actortest_test

import (
	"context"
	"errors"
	"log/slog"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/actortest"
)

// sensor is the actor these tests drive on the fake clock: it reports to its
// probe when it starts, when its timer fires, and fails on "fail".
type sensor struct {
	probe *actor.Ref[*actortest.Probe[string], string]
}

func (s *sensor) OnStart(*actor.Context) error { return s.probe.Tell("started") }

func (s *sensor) Receive(ctx *actor.Context, cmd string) error {
	switch cmd {
	case "arm":
		actor.After(ctx, time.Minute, "fire")
	case "fire":
		return s.probe.Tell("fired")
	case "fail":
		return errors.New("sensor broke")
	}
	return nil
}

var quiet = actor.WithLogger(slog.New(slog.DiscardHandler))

// TestInABubble shows the way to test actors on synctest's fake clock: every
// actor in a registry of the test, started inside the bubble; time.Since
// measures the fake time an expectation waited.
func TestInABubble(t *testing.T) {
	actortest.Run(t, "after Tell, synctest.Wait returns once the actor handled it and went idle", func(t *testing.T) {
		reg := actortest.NewRegistry(t)
		p := actortest.NewProbe[string](t, actor.WithRegistry(reg))
		s := actor.Start(&sensor{probe: p.Ref()}, actor.WithRegistry(reg), actor.WithName("sensor"))
		for range 3 {
			require.NoError(t, s.Tell("noop"))
		}
		synctest.Wait()
		snap := actor.Inspect(reg)
		require.Len(t, snap, 2)
		require.Equal(t, "sensor", snap[1].Name)
		require.EqualValues(t, 3, snap[1].Handled)
		require.True(t, snap[1].Running.IsZero(), "idle: its goroutine retired")
		require.Zero(t, snap[1].Mailbox)
	})

	actortest.Run(t, "a timer fires after exactly its delay, in no real time", func(t *testing.T) {
		reg := actortest.NewRegistry(t)
		p := actortest.NewProbe[string](t, actor.WithRegistry(reg))
		s := actor.Start(&sensor{probe: p.Ref()}, actor.WithRegistry(reg))
		p.ExpectNext(time.Second, "started")
		start := time.Now()
		require.NoError(t, s.Tell("arm"))
		p.ExpectNext(time.Hour, "fired")
		require.Equal(t, time.Minute, time.Since(start))
	})

	actortest.Run(t, "a restart waits out its backoff on the fake clock", func(t *testing.T) {
		reg := actortest.NewRegistry(t)
		p := actortest.NewProbe[string](t, actor.WithRegistry(reg))
		s := actor.Spawn(func() *sensor { return &sensor{probe: p.Ref()} }, actor.WithRegistry(reg), quiet,
			actor.WithPolicy(actor.Restart), actor.WithBackoff(actor.Backoff{Min: 3 * time.Second, Max: 3 * time.Second}))
		p.ExpectNext(time.Second, "started")
		start := time.Now()
		require.NoError(t, s.Tell("fail"))
		p.ExpectNext(time.Hour, "started")
		require.Equal(t, 3*time.Second, time.Since(start), "Min = Max fixes the delay")
	})

	actortest.Run(t, "Stop during the backoff restarts at once to handle the queue, in no fake time", func(t *testing.T) {
		reg := actortest.NewRegistry(t)
		p := actortest.NewProbe[string](t, actor.WithRegistry(reg))
		s := actor.Spawn(func() *sensor { return &sensor{probe: p.Ref()} }, actor.WithRegistry(reg), quiet,
			actor.WithPolicy(actor.Restart), actor.WithBackoff(actor.Backoff{Min: time.Minute, Max: time.Minute}))
		p.ExpectNext(time.Second, "started")
		require.NoError(t, s.Tell("fail"))
		synctest.Wait() // the sensor failed and parked for its backoff
		require.NoError(t, s.Tell("fire"))
		start := time.Now()
		require.NoError(t, s.Stop(context.Background()))
		require.Zero(t, time.Since(start), "the Stop did not wait out the backoff")
		p.ExpectNext(time.Second, "started", "fired")
		p.ExpectNone(time.Hour)
	})
}
