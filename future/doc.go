// Package future holds values that arrive later: a [Promise] is written once,
// its [Future] is read any number of times, from any goroutine.
//
// # Cost
//
// A promise and its future are one small allocation. No goroutine and no
// timer stand behind a future; a channel is made only when someone first
// blocks on it or asks for [Future.Done]. Reading a completed future with
// [Future.Get] neither blocks nor allocates.
//
// # Completion
//
// The first of [Promise.Resolve] and [Promise.Reject] wins; later ones report
// false. [Future.OnComplete] callbacks run once, in registration order, on the
// goroutine that completes the future, or at once when it is already
// complete: they must be short. [Map], [Then], [Reduce], [Filter] and [Join]
// are built on OnComplete, so composing futures starts no goroutine. A panic
// in their callbacks fails the resulting future with a [*PanicError] holding
// the value and the stack; it never crashes the process and never leaves a
// waiter hanging.
//
// # Blocking
//
// [Future.Get] takes a context first and returns context.Cause(ctx) when it
// ends before the future completes; [Future.GetTimeout] returns an error
// matching [ErrTimeout]. Either way the future still completes later for
// everyone else. [Future.Peek] never blocks.
//
// # Order and the first error
//
// [GetAll] and [Join] return values in argument order, whatever order the
// futures complete in: each future owns a slot reserved up front. Both end at
// the first error, without waiting for the futures still pending, the way
// golang.org/x/sync/errgroup does.
//
// [Then] flattens: a computation that returns a future yields a
// *Future[U], never a *Future[*Future[U]].
package future
