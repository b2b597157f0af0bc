package runner

import (
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/troupe-go/troupe/internal/leakcheck"
)

// taskFunc makes a func a Task.
type taskFunc func()

func (f taskFunc) Run() { f() }

func TestGo(t *testing.T) {
	t.Run("runs every task once, from many goroutines, and the runners leave once idle", func(t *testing.T) {
		before := leakcheck.Count()
		const senders, tasks = 8, 500
		var ran atomic.Int64
		var done sync.WaitGroup
		done.Add(senders * tasks)
		var wg sync.WaitGroup
		for range senders {
			wg.Go(func() {
				for range tasks {
					Go(taskFunc(func() { ran.Add(1); done.Done() }))
				}
			})
		}
		wg.Wait()
		done.Wait()
		require.Equal(t, int64(senders*tasks), ran.Load())
		// Parked runners and the ticking goroutine leave within two ticks.
		n, dump := leakcheck.Settle(before, 20*IdleFor)
		require.LessOrEqual(t, n, before, "runners left running:\n%s", dump)
	})

	t.Run("a task that blocks holds its runner only: the next runs on another", func(t *testing.T) {
		release := make(chan struct{})
		first := make(chan struct{})
		Go(taskFunc(func() { close(first); <-release }))
		<-first
		second := make(chan struct{})
		Go(taskFunc(func() { close(second) }))
		<-second
		close(release)
	})

	t.Run("inside a synctest bubble a task runs on a goroutine of the bubble", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			require.True(t, Bubbled())
			ran := make(chan bool) // a bubble's channel: a goroutine outside it may not use it
			if Parked() == 0 {
				Go(taskFunc(func() { ran <- Bubbled() }))
				require.True(t, <-ran)
			}
			synctest.Wait()
		})
		require.False(t, Bubbled())
	})
}

func TestLater(t *testing.T) {
	t.Run("a Later task runs once, after a tick or at RunLater", func(t *testing.T) {
		var ran atomic.Int64
		Later(taskFunc(func() { ran.Add(1) }))
		RunLater()
		require.Equal(t, int64(1), ran.Load())
		RunLater()
		require.Equal(t, int64(1), ran.Load(), "ran twice")

		done := make(chan time.Time)
		began := time.Now()
		Later(taskFunc(func() { done <- time.Now() }))
		require.GreaterOrEqual(t, (<-done).Sub(began), IdleFor, "ran before a whole tick passed")
	})
}
