package actortest_test

import (
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/actortest"
)

func even(n int) bool { return n%2 == 0 }

// tellAll tells each of ns to p, requiring each to be accepted.
func tellAll(t *testing.T, p *actortest.Probe[int], ns ...int) {
	t.Helper()
	for _, n := range ns {
		require.NoError(t, p.Ref().Tell(n))
	}
}

func TestProbe(t *testing.T) {
	actortest.Run(t, "Expect takes the oldest match and leaves the rest in order", func(t *testing.T) {
		p := actortest.NewProbe[int](t, actor.WithRegistry(actortest.NewRegistry(t)))
		tellAll(t, p, 1, 3, 4, 5, 6)
		require.Equal(t, 4, p.Expect(time.Second, even))
		require.Equal(t, 6, p.Expect(time.Second, even))
		p.ExpectNext(time.Second, 1, 3, 5)
		p.ExpectNone(0)
	})

	actortest.Run(t, "Expect parks until the message comes, on the fake clock", func(t *testing.T) {
		p := actortest.NewProbe[int](t, actor.WithRegistry(actortest.NewRegistry(t)))
		start := time.Now()
		got := make(chan int)
		go func() { got <- p.Expect(time.Hour, even) }()
		// Wait returns only if the expectation is durably blocked: a poll
		// with Gosched would keep it from returning, one with Sleep would
		// move the clock.
		synctest.Wait()
		require.Zero(t, time.Since(start), "the fake clock moved while Expect waited")
		time.AfterFunc(time.Minute, func() { _ = p.Ref().Tell(8) })
		require.Equal(t, 8, <-got)
		require.Equal(t, time.Minute, time.Since(start))
	})

	actortest.Run(t, "Expect fails the test once within passed with no match, naming what came", func(t *testing.T) {
		f := newFakeTB(t)
		p := actortest.NewProbe[int](f, actor.WithRegistry(actortest.NewRegistry(t)))
		tellAll(t, p, 1, 3)
		start := time.Now()
		require.False(t, f.run(func() { p.Expect(time.Second, even) }))
		require.Equal(t, time.Second, time.Since(start))
		require.Equal(t, []string{"actortest: no message matching within 1s; received and not taken: [1 3]"}, f.failed())
	})

	actortest.Run(t, "ExpectNone passes on silence and fails on a message that comes within the time", func(t *testing.T) {
		f := newFakeTB(t)
		p := actortest.NewProbe[int](f, actor.WithRegistry(actortest.NewRegistry(t)))
		start := time.Now()
		require.True(t, f.run(func() { p.ExpectNone(time.Second) }))
		require.Equal(t, time.Second, time.Since(start))
		require.Empty(t, f.failed())

		time.AfterFunc(500*time.Millisecond, func() { _ = p.Ref().Tell(7) })
		require.False(t, f.run(func() { p.ExpectNone(time.Second) }))
		require.Equal(t, 1500*time.Millisecond, time.Since(start), "it fails when the message comes, not at the end")
		require.Equal(t, []string{"actortest: expected no message within 1s, received [7]"}, f.failed())
	})

	actortest.Run(t, "Next returns the next n in order, waiting for the late ones", func(t *testing.T) {
		p := actortest.NewProbe[int](t, actor.WithRegistry(actortest.NewRegistry(t)))
		tellAll(t, p, 1, 2)
		time.AfterFunc(time.Second, func() { _ = p.Ref().Tell(3) })
		time.AfterFunc(2*time.Second, func() { _ = p.Ref().Tell(4) })
		require.Equal(t, []int{1, 2, 3}, p.Next(time.Minute, 3))
		require.Equal(t, []int{4}, p.Next(time.Minute, 1))
		require.Empty(t, p.Next(0, 0))
	})

	actortest.Run(t, "Next fails with fewer than n, and ExpectNext on other values", func(t *testing.T) {
		f := newFakeTB(t)
		p := actortest.NewProbe[int](f, actor.WithRegistry(actortest.NewRegistry(t)))
		tellAll(t, p, 1, 2)
		require.False(t, f.run(func() { p.Next(time.Second, 3) }))
		require.Equal(t, []string{"actortest: expected 3 messages within 1s, received [1 2]"}, f.failed())

		tellAll(t, p, 1, 2)
		require.False(t, f.run(func() { p.ExpectNext(time.Second, 1, 3) }))
		require.Len(t, f.failed(), 2)
		require.Contains(t, f.failed()[1], "Not equal")
	})

	actortest.Run(t, "Drain takes what came without waiting", func(t *testing.T) {
		p := actortest.NewProbe[int](t, actor.WithRegistry(actortest.NewRegistry(t)))
		require.Empty(t, p.Drain())
		tellAll(t, p, 5, 6)
		synctest.Wait() // the probe has handled both
		require.Equal(t, []int{5, 6}, p.Drain())
		require.Empty(t, p.Drain())
	})

	actortest.Run(t, "a probe in registry.Default stops when the test ends", func(t *testing.T) {
		f := newFakeTB(t)
		p := actortest.NewProbe[int](f)
		require.True(t, p.Ref().IsAlive())
		f.cleanup()
		require.False(t, p.Ref().IsAlive())
		require.ErrorIs(t, p.Ref().Tell(1), actor.ErrStopped)
		require.Empty(t, f.failed())
	})

	actortest.Run(t, "a probe in a test's registry stops after the actors started after it", func(t *testing.T) {
		f := newFakeTB(t)
		reg := actortest.NewRegistry(f)
		p := actortest.NewProbe[string](f, actor.WithRegistry(reg))
		// relay tells the probe as it stops: the probe must still be there.
		r := actor.Start(&relay{to: p.Ref(), msg: "bye"}, actor.WithRegistry(reg))
		f.cleanup()
		require.Empty(t, f.failed())
		require.False(t, r.IsAlive())
		require.False(t, p.Ref().IsAlive())
		require.Equal(t, []string{"bye"}, p.Drain())
	})

	actortest.Run(t, "panics on a nil match func or a negative count", func(t *testing.T) {
		p := actortest.NewProbe[int](t, actor.WithRegistry(actortest.NewRegistry(t)))
		require.PanicsWithValue(t, "actortest: Expect with a nil match func", func() { p.Expect(time.Second, nil) })
		require.PanicsWithValue(t, "actortest: Next with a negative count", func() { p.Next(time.Second, -1) })
	})

	t.Run("works outside a bubble, on the real clock", func(t *testing.T) {
		p := actortest.NewProbe[int](t, actor.WithRegistry(actortest.NewRegistry(t)))
		go func() { _ = p.Ref().Tell(2) }()
		require.Equal(t, 2, p.Expect(10*time.Second, even))
		p.ExpectNone(time.Millisecond)
	})
}
