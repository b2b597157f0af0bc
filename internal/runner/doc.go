// Package runner runs tasks on a small set of parked goroutines, so that
// waking an idle actor costs a channel send to a parked goroutine rather
// than a new goroutine and its closure.
//
// A runner that finished its task parks on its own channel, unless a few
// runners per processor are parked already (then it ends); [Go] hands the
// next task to the runner that parked last (its stack is the warmest), or
// starts a new runner if none is parked. Runners that stay parked for a
// while leave: once a tick of [IdleFor] has passed with a runner parked
// through all of it, the runner ends; the ticking goroutine ends with the
// last parked runner. So a program, or a test, that stops using actors is
// back to its own goroutines within two ticks; leak checks that count
// goroutines must allow that long (internal/leakcheck's Settle waits).
//
// # synctest bubbles
//
// A goroutine of a testing/synctest bubble may not operate on the bubble's
// channels from outside it, and one outside may not be run by the bubble's
// fake clock. So runners never cross a bubble's edge: [Bubbled] tells an
// owner whether it is in a bubble (the owner then starts a goroutine per
// task, as go does), and a task handed over from inside a bubble when no
// runner is parked runs on a goroutine of its own instead of a new runner.
package runner
