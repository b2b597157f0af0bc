package actor

import "log/slog"

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
