// Package actortest helps test code that uses actors: a [Probe] that records
// what it receives and lets a test expect messages within a time, a registry
// for one test ([NewRegistry]) that stops its actors when the test ends and
// fails it if a goroutine is left, and [Run], a subtest in a testing/synctest
// bubble.
//
// # Probes
//
// A probe is an actor of its own: hand its ref to the code under test, or
// make an actor under test forward what it sees to it, then expect:
//
//	p := actortest.NewProbe[Event](t, actor.WithRegistry(reg))
//	svc := StartService(p.Ref())
//	p.Expect(time.Second, func(e Event) bool { return e.Kind == "ready" })
//	p.ExpectNext(time.Second, Event{Kind: "saved"})
//	p.ExpectNone(100 * time.Millisecond)
//
// Expectations park on a channel until a message arrives or the time is up;
// none of them polls. Call them from the test's goroutine (they end the test
// with Fatal, as require does).
//
// # Testing actors in a synctest bubble
//
// Inside a [testing/synctest] bubble the clock is fake: it moves only when
// every goroutine of the bubble is blocked, straight to the next timer. An
// actor's timers ([actor.After], [actor.Every]), a restart's backoff
// ([actor.WithBackoff]), a ctx deadline and a probe's time limit then take no
// real time, and a test of them is exact rather than hopeful. The rules:
//
//   - Start every actor of the test, the probes included, inside the bubble,
//     in a registry of the test ([NewRegistry]), not registry.Default: an
//     actor's goroutines and channels belong to the bubble that made them,
//     and touching them from another bubble panics.
//   - An idle actor retires its goroutine, so [synctest.Wait] returns once
//     every actor has handled what it was sent and gone idle: after Tell,
//     Wait is the barrier that makes "it has been handled" true, with no
//     sleep.
//   - time.Sleep(d) in the test moves the fake clock by d: it is how a test
//     lets a backoff delay or a timer's interval pass.
//   - Stop every actor before the bubble ends ([NewRegistry] does it at
//     cleanup): synctest fails the test if a goroutine of the bubble is left
//     blocked, which is the bubble's own leak check.
//
// [Run] runs a subtest in a bubble. See the package's tests for a timer, a
// restart's backoff and a Stop during that backoff, each tested on the fake
// clock.
package actortest
