package actor

import (
	"errors"
	"fmt"
	"log/slog"
)

// ErrDeadLetters is matched by the error that Stop returns when the actor,
// whose failure policy gave up (Stop, or a restart limit), handed queued
// Tells to the dead-letter function instead of handling them. That error
// says how many and wraps the failure; every later Stop returns it too.
var ErrDeadLetters = errors.New("actor: messages went to dead letters")

// lostError is the error of an actor that stopped with dead letters.
type lostError struct {
	actor  string // the actor's name and URN
	n      int    // how many messages went to dead letters
	reason error  // the failure the policy gave up on
}

func (e *lostError) Error() string {
	what := "messages"
	if e.n == 1 {
		what = "message"
	}
	return fmt.Sprintf("actor: %s stopped after a failure: %d %s went to dead letters: %v", e.actor, e.n, what, e.reason)
}

func (e *lostError) Is(target error) bool { return target == ErrDeadLetters }
func (e *lostError) Unwrap() error        { return e.reason }

// DeadLetter is a message a Tell accepted that the actor never handled,
// because it stopped after a failure first, or by StopNow.
type DeadLetter struct {
	Actor   string // the actor's name
	URN     string // the actor's URN
	Message any    // the message as told
	Reason  error  // why the actor stopped
}

// deadLetter hands an unhandled message to the WithDeadLetters function, or
// logs it at Warn.
func (r *Ref[S, M]) deadLetter(msg M, reason error) {
	d := DeadLetter{Actor: r.Name(), URN: r.URN(), Message: msg, Reason: reason}
	if r.c.cfg.deadLetter != nil {
		r.c.cfg.deadLetter(d)
		return
	}
	r.c.log().Warn("actor: dead letter", slog.String("actor", d.Actor), slog.String("urn", d.URN),
		slog.Any("message", d.Message), slog.Any("reason", d.Reason))
}
