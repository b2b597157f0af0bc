package actor

import (
	"errors"

	"github.com/troupe-go/troupe/future"
	"github.com/troupe-go/troupe/internal/waitgraph"
)

// Errors of this package, matched with errors.Is.
var (
	// ErrStopped is returned by Tell, and fails Ask and Call futures, once the
	// actor is stopping or stopped, or when it stopped before handling a
	// request it had accepted.
	ErrStopped = errors.New("actor: stopped")
	// ErrMailboxFull is returned when a bounded mailbox with OverflowFail has
	// no room.
	ErrMailboxFull = errors.New("actor: mailbox full")
	// ErrDeadlock is matched by the *DeadlockError that Future.Get returns
	// when a wait would close a cycle of actors.
	ErrDeadlock = waitgraph.ErrDeadlock
	// ErrNotDelivered is matched, besides the cause, by the error of a
	// request its caller gave up on (Ask's ctx ended, or a wait on its reply
	// was reported as a deadlock) while it was still queued: it was
	// withdrawn, and the actor never handles it.
	ErrNotDelivered = waitgraph.ErrNotDelivered
	// ErrMaybeHandled is matched, besides the cause, by the error of a
	// request its caller gave up on after the actor had taken it: the
	// handler may have run, or may still be running.
	ErrMaybeHandled = waitgraph.ErrMaybeHandled
)

// PanicError is the error a caller receives when a handler panicked: the
// panic value and the handler goroutine's stack. It is future.PanicError, so
// one errors.As target catches panics from handlers and from future
// callbacks alike.
type PanicError = future.PanicError

// DeadlockError lists the actors of a detected cycle, in order: Cycle[0]
// waits on Cycle[1], and so on, and the last waits on Cycle[0]. It matches
// [ErrDeadlock] with errors.Is.
type DeadlockError = waitgraph.DeadlockError
