package actortest

import (
	"context"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/troupe-go/troupe/internal/leakcheck"
	"github.com/troupe-go/troupe/internal/runner"
	"github.com/troupe-go/troupe/registry"
)

// settleWithin bounds how long the leak check waits for goroutines that are
// only exiting: they are gone long before it; a leak never is.
var settleWithin = 10 * time.Second

// stopWithin bounds how long cleanup waits for the test's actors to stop.
const stopWithin = 10 * time.Second

// NewRegistry returns a registry for one test: start the test's actors in it
// with actor.WithRegistry. When the test ends it stops them, newest first,
// and fails the test if one did not stop cleanly or if a goroutine started
// during the test is still running, showing its stack. A test may make
// several; the goroutines are checked once, after every one of them has
// stopped its actors. Every goroutine of the process that started after the
// first counts, so a test that uses it must not run in parallel with others
// (no t.Parallel), unless it runs in a synctest bubble: there the bubble
// checks its own goroutines, and the check is left to it.
func NewRegistry(tb testing.TB) *registry.Registry {
	tb.Helper()
	if _, checked := leakChecked.LoadOrStore(tb, true); !checked {
		// Registered first, so it runs after the stops of every registry
		// the test makes from now on.
		before := leakcheck.Take()
		tb.Cleanup(func() {
			leakChecked.Delete(tb)
			if runner.Bubbled() {
				return
			}
			if left := leakcheck.Since(before, settleWithin); len(left) > 0 {
				tb.Errorf("actortest: %d goroutines left running after the test:\n\n%s", len(left), strings.Join(left, "\n\n"))
			}
		})
	}
	reg := registry.New()
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), stopWithin)
		defer cancel()
		if err := reg.StopAll(ctx); err != nil {
			tb.Errorf("actortest: stopping the test's actors: %v", err)
		}
	})
	return reg
}

// leakChecked holds the tests whose goroutines a cleanup will check.
var leakChecked sync.Map // testing.TB -> bool

// Run runs fn as the subtest name of t inside a testing/synctest bubble: a
// fake clock, and a failure if a goroutine fn started is left blocked when
// it returns. See the package doc for how actors behave there.
func Run(t *testing.T, name string, fn func(t *testing.T)) bool {
	t.Helper()
	return t.Run(name, func(t *testing.T) { synctest.Test(t, fn) })
}
