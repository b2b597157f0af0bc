package leakcheck

import (
	"regexp"
	"runtime"
	"strings"
	"time"
)

// Snapshot is the set of goroutines running at one moment, by ID, for
// [Since] to tell which goroutines started after it.
type Snapshot map[string]bool

// id matches a goroutine's ID in the first line of its block in a dump.
var id = regexp.MustCompile(`^goroutine (\d+) \[`)

// Take returns the goroutines running now. Unlike a count taken now, it
// is not thrown off by goroutines that are still exiting: [Since] only looks
// at goroutines absent from it.
func Take() Snapshot {
	s := make(Snapshot)
	for _, b := range blocks(stacks()) {
		s[goid(b)] = true
	}
	return s
}

// blocks splits a dump made by stacks into one block per goroutine; the
// first is the caller's.
func blocks(dump string) []string {
	return strings.Split(strings.TrimSpace(dump), "\n\n")
}

func goid(block string) string {
	if m := id.FindStringSubmatch(block); m != nil {
		return m[1]
	}
	return ""
}

// Since waits, yielding with runtime.Gosched, until every goroutine started
// after s has exited, or the time within has passed. It returns the stacks
// of those still running then, empty if none; the caller's own goroutine
// never counts. Like [Settle] it never sleeps.
func Since(s Snapshot, within time.Duration) (left []string) {
	deadline := time.Now().Add(within)
	for {
		left = left[:0]
		all := blocks(stacks())
		for _, b := range all[1:] { // all[0] is the caller
			if !s[goid(b)] {
				left = append(left, b)
			}
		}
		if len(left) == 0 || !time.Now().Before(deadline) {
			return left
		}
		for next := time.Now().Add(recheckAnyway); time.Now().Before(next); {
			runtime.Gosched()
		}
	}
}
