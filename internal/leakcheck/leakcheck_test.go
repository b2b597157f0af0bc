package leakcheck_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/troupe-go/troupe/internal/leakcheck"
)

// bound is how long a check waits for goroutines that are only exiting.
const bound = 10 * time.Second

// tries is how often a check that compares a count taken before with one
// taken after is made. The goroutines of earlier tests (at most two: a
// subtest's and its parent's) may still be returning when it starts, and one
// that leaves in between makes the second count one lower; each leaves once,
// so one of three tries is clean, while a wrong count is wrong every time.
const tries = 3

// parkedOn blocks on release; its name marks the goroutine in a dump.
func parkedOn(release <-chan struct{}) {
	<-release
}

// park starts n goroutines blocked in parkedOn until release is closed and
// returns once all of them are running.
func park(n int, release <-chan struct{}) {
	started := make(chan struct{})
	for range n {
		go func() {
			started <- struct{}{}
			parkedOn(release)
		}()
	}
	for range n {
		<-started
	}
}

// change parks n goroutines and returns by how much the exact count rose
// while they were parked and by how much it fell once they were released.
func change(n int) (rose, fell int) {
	before := leakcheck.Count()
	release := make(chan struct{})
	park(n, release)
	with := leakcheck.Count()
	close(release)
	after, _ := leakcheck.Settle(with-n, bound)
	return with - before, with - after
}

// requireChange requires the count to rise and fall by exactly n around n
// parked goroutines, in one of tries tries.
func requireChange(t *testing.T, n int) {
	t.Helper()
	var rose, fell int
	for range tries {
		if rose, fell = change(n); rose == n && fell == n {
			return
		}
	}
	require.Equal(t, [2]int{n, n}, [2]int{rose, fell}, "rose and fell by")
}

func TestCount(t *testing.T) {
	t.Run("counts a goroutine blocked on a channel, and not once it is gone", func(t *testing.T) {
		requireChange(t, 1)
	})

	t.Run("counts every goroutine when their stacks fill more than the first buffer", func(t *testing.T) {
		requireChange(t, 2000) // some 200 bytes of dump each: well over 64 KiB
	})
}

func TestSettle(t *testing.T) {
	t.Run("returns at once with no dump when the count is already down", func(t *testing.T) {
		before := leakcheck.Count()
		n, dump := leakcheck.Settle(before, time.Hour) // the test times out if it waits
		require.LessOrEqual(t, n, before)
		require.Empty(t, dump)
	})

	t.Run("reports a goroutine still blocked, with its stack, until it is released", func(t *testing.T) {
		var before, n int
		var dump string
		for range tries {
			before = leakcheck.Count()
			release := make(chan struct{})
			park(1, release)
			n, dump = leakcheck.Settle(before, 20*time.Millisecond)
			close(release)
			released, left := leakcheck.Settle(before, bound)
			require.LessOrEqual(t, released, before, left)
			require.Empty(t, left)
			if n == before+1 && strings.Contains(dump, "leakcheck_test.parkedOn(") {
				break
			}
		}
		require.Equal(t, before+1, n, dump)
		require.Contains(t, dump, "goroutine ")
		require.Contains(t, dump, " [chan receive]:\n")
		require.Contains(t, dump, "leakcheck_test.parkedOn(")
	})

	t.Run("waits for goroutines that finished their work but are still returning", func(t *testing.T) {
		before := leakcheck.Count()
		done := make(chan struct{})
		for range 100 {
			go func() { done <- struct{}{} }()
		}
		for range 100 {
			<-done // each goroutine may still be alive after this
		}
		n, dump := leakcheck.Settle(before, bound)
		require.LessOrEqual(t, n, before, dump)
		require.Empty(t, dump)
	})
}

func TestSince(t *testing.T) {
	t.Run("reports a goroutine started after the snapshot, with its stack, until it exits", func(t *testing.T) {
		s := leakcheck.Take()
		release := make(chan struct{})
		park(1, release)
		left := leakcheck.Since(s, 20*time.Millisecond)
		require.Len(t, left, 1)
		require.Contains(t, left[0], "leakcheck_test.parkedOn(")
		close(release)
		require.Empty(t, leakcheck.Since(s, bound))
	})

	t.Run("ignores goroutines of before the snapshot, running or exiting, and the caller", func(t *testing.T) {
		release := make(chan struct{})
		park(3, release)
		s := leakcheck.Take()
		close(release)                                  // they exit after the snapshot
		require.Empty(t, leakcheck.Since(s, time.Hour)) // the test times out if it waits
		done := make(chan []string)
		go func() { done <- leakcheck.Since(s, time.Hour) }()
		require.Empty(t, <-done, "the goroutine calling Since is not a leak")
	})
}
