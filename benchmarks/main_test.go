package benchmarks

import (
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/troupe-go/troupe/internal/leakcheck"
)

// TestMain fails the run if any goroutine that the benchmarks started is still
// alive a moment after they all returned: every workload must stop its actors.
// The count is exact (see leakcheck.Count); a goroutine that is only exiting
// gets a bounded while to go.
func TestMain(m *testing.M) {
	before := leakcheck.Count()
	code := m.Run()
	if n, dump := leakcheck.Settle(before, 2*time.Second); n > before {
		fmt.Fprintf(os.Stderr, "benchmarks: %d goroutines left running (%d at start):\n%s", n, before, dump)
		code = 1
	}
	os.Exit(code)
}
