// Package leakcheck counts goroutines exactly, for the tests of this module
// that require every goroutine they started to be gone when they end.
//
// # Why not runtime.NumGoroutine
//
// [runtime.NumGoroutine] is computed without stopping anything: the number of
// goroutines ever allocated less the sizes of the free lists, which the
// scheduler and the garbage collector change concurrently (the collector
// moves a whole list of free goroutines from one list to another at once).
// For an instant it can be off by hundreds: a check once read 235 while the
// stack dump taken right after showed 3 goroutines. [Count] instead reads the
// dump of every goroutine's stack, which [runtime.Stack] takes with the world
// stopped, so the number is exact at that moment.
//
// # Waiting for goroutines to exit
//
// A goroutine that finished its work (an actor's after Done closed, a timer's
// after it fired) may still be returning. [Settle] yields with
// [runtime.Gosched], never sleeping, until the count is back to what the test
// expects or a generous bound passes, and then hands back the exact count and,
// if it is still too high, every goroutine's stack for the failure message.
// The cheap [runtime.NumGoroutine] only decides when to take the exact count.
//
// An actor's goroutine is a runner of internal/runner: after the actor went
// idle it stays parked for one to two ticks of runner.IdleFor (100 ms) and
// then leaves, and so does the goroutine that retires runners. Settle's
// bounds in this module (2 s and more) cover that; a check with a shorter
// bound must allow for it.
//
// A leak check counts every goroutine of the process, so the test that makes
// it must not run in parallel with others.
package leakcheck
