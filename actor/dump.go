package actor

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/troupe-go/troupe/internal/waitgraph"
	"github.com/troupe-go/troupe/registry"
)

// Member names an actor: the actor a [Snapshot] waits on, or one of a
// [DeadlockError]'s cycle.
type Member struct {
	Name string // the actor's Name
	URN  string // the actor's URN
}

// Snapshot is what [Inspect] saw of one actor. Its fields are read one after
// another while the actor runs on, so they may disagree slightly; they are
// meant for people and dashboards, not for synchronisation.
type Snapshot struct {
	Name string
	URN  string
	// Stopping is set once Stop was requested or a failure stops the actor:
	// it still handles what was queued before, then ends.
	Stopping bool
	// Restarting is set while a failed actor waits, with no goroutine, for
	// a restart's backoff delay or its parent's decision.
	Restarting bool
	// Running is when the goroutine that runs the actor's code began its
	// current run: OnStart or a stretch of messages, handled until the
	// mailbox is empty. Zero while the actor is idle.
	Running time.Time
	// Waiting is when the running handler began to block in Future.Get with
	// the actor's Context; zero when it does not (waits with another
	// context are not seen).
	Waiting time.Time
	// WaitingOn is the actor that will complete the future the handler waits
	// on, the edge the deadlock detector follows; nil when it does not wait
	// or the runtime does not know who completes it (an Ask its actor is
	// handling, a promise of your own).
	WaitingOn *Member
	// Mailbox counts the queued messages, not the one being handled.
	Mailbox int
	// Handled counts the messages, Asks and Calls the actor has begun (and,
	// once it is stopping, those it drained to dead letters or ErrStopped).
	Handled uint64
}

// diagnoser is what Inspect needs from a registry entry: every *Ref is one,
// whatever its type parameters.
type diagnoser interface{ snapshot() Snapshot }

// snapshot reads the actor's state: one lock for what it guards, atomics
// for the rest.
func (r *Ref[S, M]) snapshot() Snapshot {
	s := Snapshot{Name: r.Name(), URN: r.URN()}
	r.c.mu.Lock()
	s.Stopping = r.c.phase != phaseRunning
	s.Restarting = r.c.sup() != nil && r.c.sup().park != nil
	r.c.mu.Unlock()
	s.Mailbox = r.Len()
	s.Handled = r.c.node.Taken.Load()
	if t := r.c.busy.Load(); t != 0 {
		s.Running = time.Unix(0, t)
	}
	if e, since := r.c.node.Waiting(); e != nil && e.State.Load() == waitgraph.Pending {
		s.Waiting = since
		if o := e.Owner(); o != nil {
			s.WaitingOn = &Member{Name: o.ID.Name(), URN: o.ID.URN()}
		}
	}
	return s
}

// Inspect returns a snapshot of every actor in reg (registry.Default when
// reg is nil), in start order. Entries that are not actors of this package
// are left out. Cost: one lock per actor, as a Len; no actor is paused.
func Inspect(reg *registry.Registry) []Snapshot {
	if reg == nil {
		reg = registry.Default
	}
	var out []Snapshot
	for _, e := range reg.All() {
		if d, ok := e.(diagnoser); ok {
			out = append(out, d.snapshot())
		}
	}
	return out
}

// Dump writes a report of every actor in reg (registry.Default when reg is
// nil), one line each in start order: name and URN, what it does and for
// how long, its mailbox depth and how many messages it has handled. For
// example:
//
//	actors: 3 at 2025-06-01T12:00:05Z
//	Front (urn:uuid:…): waiting on Store (urn:uuid:…) for 5s; mailbox 0, handled 12
//	Store (urn:uuid:…): running for 5s; mailbox 40, handled 7
//	Audit (urn:uuid:…): idle; mailbox 0, handled 3
//
// The states are idle (no goroutine runs the actor), running (for how long
// its current run has been going), waiting on an actor (a handler blocked in
// Future.Get with its Context; the deadlock detector follows the same
// edge), or waiting on a future no actor is known to complete; stopping or
// restarting comes first when it applies. [Inspect] gives the same as data.
// Dump returns the first error from w.
func Dump(w io.Writer, reg *registry.Registry) error {
	snaps := Inspect(reg)
	now := time.Now()
	var b strings.Builder
	fmt.Fprintf(&b, "actors: %d at %s\n", len(snaps), now.Format(time.RFC3339Nano))
	for _, s := range snaps {
		s.describe(&b, now)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// describe writes s as one line of Dump.
func (s *Snapshot) describe(b *strings.Builder, now time.Time) {
	fmt.Fprintf(b, "%s (%s): ", s.Name, s.URN)
	var what []string
	if s.Stopping {
		what = append(what, "stopping")
	}
	if s.Restarting {
		what = append(what, "restarting")
	}
	switch {
	case !s.Waiting.IsZero() && s.WaitingOn != nil:
		what = append(what, fmt.Sprintf("waiting on %s (%s) for %v", s.WaitingOn.Name, s.WaitingOn.URN, age(now, s.Waiting)))
	case !s.Waiting.IsZero():
		what = append(what, fmt.Sprintf("waiting for %v on a future no actor is known to complete", age(now, s.Waiting)))
	case !s.Running.IsZero():
		what = append(what, fmt.Sprintf("running for %v", age(now, s.Running)))
	case len(what) == 0:
		what = append(what, "idle")
	}
	fmt.Fprintf(b, "%s; mailbox %d, handled %d\n", strings.Join(what, ", "), s.Mailbox, s.Handled)
}

// age is how long ago t was, to the millisecond.
func age(now, t time.Time) time.Duration { return now.Sub(t).Round(time.Millisecond) }
