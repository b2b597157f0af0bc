package actor

import (
	"errors"
	"fmt"
	"strings"

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

// DeadlockError is the error of a wait that would close a cycle of actors,
// each waiting on the next. It matches [ErrDeadlock] with errors.Is.
type DeadlockError struct {
	// Cycle lists the actors in order: Cycle[0], the actor whose wait closed
	// the cycle, waits on Cycle[1], and so on; the last waits on Cycle[0].
	Cycle []Member
}

func init() {
	waitgraph.NewDeadlockError = func(cycle []waitgraph.Identity) error {
		e := &DeadlockError{Cycle: make([]Member, len(cycle))}
		for i, id := range cycle {
			e.Cycle[i] = Member{Name: id.Name(), URN: id.URN()}
		}
		return e
	}
}

// Error names the cycle: "actor: deadlock: A (urn) waits on B (urn) waits on A".
func (e *DeadlockError) Error() string {
	var b strings.Builder
	b.WriteString("actor: deadlock: ")
	for _, m := range e.Cycle {
		fmt.Fprintf(&b, "%s (%s) waits on ", m.Name, m.URN)
	}
	if len(e.Cycle) > 0 {
		b.WriteString(e.Cycle[0].Name)
	}
	return b.String()
}

// Is makes errors.Is(err, ErrDeadlock) true.
func (e *DeadlockError) Is(target error) bool { return target == ErrDeadlock }
