// Package fifo is the first-in first-out queue the actor and pool packages
// share: a growable ring buffer, with no node per element, not safe for
// concurrent use (its owner's lock guards it).
//
// The actor's overflow list keeps messages sorted by position with
// [Queue.Insert]; the pool queues tasks waiting for a free worker with
// [Queue.Push] and hands them out with [Queue.Pop].
package fifo
