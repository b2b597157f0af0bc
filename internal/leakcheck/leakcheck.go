package leakcheck

import (
	"regexp"
	"runtime"
	"time"
)

// Between two exact counts, each of which stops the world: soon after the
// cheap count says the goroutines are back, and now and then regardless, in
// case the cheap count stays too high or too low for a while.
const (
	recheckSettled = 100 * time.Microsecond
	recheckAnyway  = 10 * time.Millisecond
)

// header matches the first line of each goroutine in a dump:
// "goroutine 42 [chan receive]:". Stack forces the plain traceback level, so
// the header never carries GOTRACEBACK=system's "gp=… m=…" fields.
var header = regexp.MustCompile(`(?m)^goroutine \d+ \[`)

// Count returns the number of goroutines, the caller's included, counted in a
// dump of all their stacks taken with the world stopped. Unlike
// runtime.NumGoroutine it is exact; it costs a stop of the world and a dump.
// Like runtime.NumGoroutine it leaves out the runtime's own goroutines.
func Count() int {
	return count(stacks())
}

// stacks returns the stacks of all goroutines, as runtime.Stack writes them.
func stacks() string {
	buf := make([]byte, 64<<10)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			return string(buf[:n])
		}
		buf = make([]byte, 2*len(buf)) // cut short: take it again, larger
	}
}

// count returns the number of goroutines in a dump made by stacks.
func count(dump string) int {
	return len(header.FindAllStringIndex(dump, -1))
}

// Settle waits, yielding with runtime.Gosched, until the number of goroutines
// is at most want or the time within has passed. It returns the exact number
// at the end and, when that is above want, the stacks of all goroutines at that
// moment, so a failing test can show what was left running. It never sleeps:
// the bound is for a leak, and goroutines that are merely exiting are gone
// long before it.
func Settle(want int, within time.Duration) (n int, dump string) {
	deadline := time.Now().Add(within)
	var last time.Time
	for {
		now := time.Now()
		if !now.Before(deadline) {
			break
		}
		since := now.Sub(last)
		if runtime.NumGoroutine() <= want && since >= recheckSettled || since >= recheckAnyway {
			if n := Count(); n <= want {
				return n, ""
			}
			last = now
		}
		runtime.Gosched()
	}
	// One dump for both, so the number and the stacks shown agree.
	dump = stacks()
	if n = count(dump); n <= want {
		return n, ""
	}
	return n, dump
}
