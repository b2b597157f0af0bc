// Package troupe is a set of packages for typed actors in Go, grown from the
// ideas of Pykka and Akka: every message, reply and call is checked by the
// compiler, futures compose without nesting, and deadlocks between actors are
// reported instead of hanging. This package holds no code; its Examples walk
// through the seed article's fourteen Pykka scenarios, typed, and the tour
// (go run ./cmd/tour) runs the same walk-through live, with real timings.
//
// # The packages
//
// [github.com/troupe-go/troupe/future] holds values that arrive later: a
// Promise is written once, its Future read by anyone, with Get(ctx),
// GetTimeout, Map, Then (flat), and GetAll in argument order. A future costs
// one allocation and no goroutine.
//
// [github.com/troupe-go/troupe/actor] runs actors. Start a state S whose
// Receive(ctx, M) handles messages of type M; Tell queues a message, Ask
// sends one that carries its own typed reply promise, and Call runs a method
// or closure on the actor's goroutine and returns a typed future, Pykka's
// proxy checked by the compiler. An idle actor holds no goroutine. A failed
// actor stops, resumes or restarts by its policy, with restart limits and
// backoff; parents supervise their children, and Dump reports what every live
// actor is doing and waiting on.
//
// [github.com/troupe-go/troupe/registry] is the set of live actors, Pykka's
// ActorRegistry: lookup by URN, name or type, Broadcast, and StopAll to shut
// everything down at exit.
//
// [github.com/troupe-go/troupe/pool] runs a fixed number of workers of one
// kind, each task going to a free worker, with Map returning results in input
// order. [github.com/troupe-go/troupe/router] sends each request to one of
// several existing actors by a fixed rule (round-robin, random, smallest
// mailbox, consistent hash) or to all of them, and returns one flat future.
//
// # Guarantees
//
//   - One goroutine at a time runs an actor's code; messages from one sender
//     are handled in send order.
//   - Every future resolves: with a value, the handler's error, a panic as an
//     error with its stack, or actor.ErrStopped. None hangs because an actor
//     stopped.
//   - A message Tell accepted is handled or handed to the dead-letter
//     function; nothing accepted is silently dropped.
//   - A handler that waits on another actor with its *actor.Context is told
//     when the wait would close a cycle, with an error naming the actors.
//
// # Imports
//
// future and registry import nothing of the module; actor imports both; pool
// and router sit on top of actor. Nothing outside the standard library and
// github.com/google/uuid enters the build.
package troupe
