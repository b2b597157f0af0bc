package actor

import "github.com/troupe-go/troupe/internal/runner"

// An actor that gets a message while idle, or a stop, is run by a parked
// runner goroutine (internal/runner): no goroutine is started and nothing is
// allocated per wake-up. The runner is handed the *Ref as one of the two
// tasks below; their conversions from *Ref cost nothing. An actor started
// in a testing/synctest bubble starts a goroutine per wake-up instead, so
// that it stays in its bubble.

// handedRun runs the actor with the message its waking send handed over.
type handedRun[S Receiver[M], M any] Ref[S, M]

func (t *handedRun[S, M]) Run() { (*Ref[S, M])(t).runHanded() }

// wakeRun runs the actor from its mailbox.
type wakeRun[S Receiver[M], M any] Ref[S, M]

func (t *wakeRun[S, M]) Run() { (*Ref[S, M])(t).run(false) }

// sweepRun lets an idle actor's mailbox buffers go (see idle).
type sweepRun[S Receiver[M], M any] Ref[S, M]

func (t *sweepRun[S, M]) Run() { (*Ref[S, M])(t).sweep() }

// wake runs the actor, whose run state the caller claimed, on a runner:
// with the message handed to its mailbox's hand if handed, else from its
// mailbox (and to its end if it is stopping).
func (r *Ref[S, M]) wake(handed bool) {
	switch {
	case r.c.bubbled && handed:
		go r.runHanded()
	case r.c.bubbled:
		go r.run(false)
	case handed:
		runner.Go((*handedRun[S, M])(r))
	default:
		runner.Go((*wakeRun[S, M])(r))
	}
}
