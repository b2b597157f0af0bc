package actor

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"time"
)

// Directive says what happens to an actor after a failure: its own failure
// policy ([WithPolicy]) answers with Stop, Resume or Restart; a parent's
// strategy for a failed child ([WithSupervision], OnChildFailure) with Stop,
// Restart or Escalate.
type Directive uint8

const (
	// Stop ends the actor with the failure as its Err. It is the default.
	Stop Directive = iota
	// Resume keeps the state and goes on with the next message.
	Resume
	// Restart replaces the state with a fresh one from the factory given to
	// Spawn or SpawnChild, keeping the ref, the URN, the registration and the
	// mailbox: OnStop runs on the old state, OnStart on the new one.
	Restart
	// Escalate, a parent's answer to a child's failure, stops the child and
	// fails the parent with a [ChildFailure] wrapping the child's error; the
	// parent's own policy then decides.
	Escalate
)

// String returns the directive's name, e.g. "Restart".
func (d Directive) String() string {
	switch d {
	case Stop:
		return "Stop"
	case Resume:
		return "Resume"
	case Restart:
		return "Restart"
	case Escalate:
		return "Escalate"
	}
	return fmt.Sprintf("Directive(%d)", int(d))
}

// Strategy says which children a parent's directive applies to.
type Strategy uint8

const (
	// OneForOne applies the directive to the failed child only.
	OneForOne Strategy = iota
	// AllForOne applies it to every child of the parent: on Stop the others
	// are asked to stop, on Restart the others restart too.
	AllForOne
)

// String returns the strategy's name, e.g. "AllForOne".
func (s Strategy) String() string {
	switch s {
	case OneForOne:
		return "OneForOne"
	case AllForOne:
		return "AllForOne"
	}
	return fmt.Sprintf("Strategy(%d)", int(s))
}

// ErrRestartLimit is matched by the error of an actor that stopped because
// it failed again after its restart limit ([WithRestartLimit]) was used up.
// The error also wraps the failure that found the limit reached.
var ErrRestartLimit = errors.New("actor: restart limit reached")

// Default restart intensity: as protoactor-go, at most 10 restarts in 10 s.
const (
	defaultRestarts = 10
	defaultWindow   = 10 * time.Second
)

// Backoff spaces the restarts of a failing actor out, exponentially, with
// jitter. Restart number k since the last reset (k = 0, 1, 2, …) waits a
// random delay, uniform in
//
//	[max(Min, d/2), d]   where d = min(Max, Min·2^(k+1))
//
// so the first restart waits between Min and 2·Min, the second between 2·Min
// and 4·Min, and so on ("equal jitter"), never less than Min nor more than
// Max. A run of Reset without a failure, counted from the last restart, sets
// k back to 0.
type Backoff struct {
	Min   time.Duration // the shortest delay; must be positive
	Max   time.Duration // the longest delay; at least Min
	Reset time.Duration // the quiet period that resets the backoff; 0 means Max
}

// supConfig holds the supervision options. Actors without any share the
// nil default: Stop, and no children strategy.
type supConfig struct {
	policy     Directive
	restarts   int           // at most this many restarts …
	window     time.Duration // … within this window
	limitSet   bool
	backoff    Backoff // Min == 0: restart at once
	strategy   Strategy
	directive  Directive // for a failed child
	supervises bool      // WithSupervision was given
	factory    any       // func() S, from Spawn
	parent     *cell     // from StartChild and SpawnChild
}

func (c *config) supervision() *supConfig {
	if c.sup == nil { // newConfig starts every actor from a nil one
		c.sup = &supConfig{restarts: defaultRestarts, window: defaultWindow}
	}
	return c.sup
}

// WithPolicy sets what a failed Tell (its handler returned an error or
// panicked) does to the actor, after OnFailure ran: Stop (the default, as in
// Pykka), Resume or Restart. An Ask's or a Call's failure goes to its caller
// only and never reaches the policy.
//
// Restart needs a factory for the fresh state: start the actor with [Spawn]
// or [SpawnChild]; Start panics on WithPolicy(Restart). Restarts are limited
// by [WithRestartLimit] (default: 10 in 10 s) and spaced by [WithBackoff]
// (default: none). WithPolicy panics on Escalate, a parent's directive.
func WithPolicy(d Directive) Option {
	if d != Stop && d != Resume && d != Restart {
		panic(fmt.Sprintf("actor: WithPolicy(%v): an actor's own policy is Stop, Resume or Restart", d))
	}
	return optionFunc(func(c *config) { c.supervision().policy = d })
}

// WithRestartLimit allows at most n restarts within any window of the given
// length; the next failure within it stops the actor with an error matching
// [ErrRestartLimit] and wrapping the failure, e.g.
//
//	actor: restart limit reached: 3 restarts in 1s: <the failure>
//
// The limit counts every restart of the actor, those of its own policy and
// those its parent orders. The default is 10 restarts in 10 s. It panics if
// n is negative or window is not positive.
func WithRestartLimit(n int, window time.Duration) Option {
	if n < 0 {
		panic(fmt.Sprintf("actor: WithRestartLimit count must not be negative, got %d", n))
	}
	if window <= 0 {
		panic(fmt.Sprintf("actor: WithRestartLimit window must be positive, got %v", window))
	}
	return optionFunc(func(c *config) {
		s := c.supervision()
		s.restarts, s.window, s.limitSet = n, window, true
	})
}

// WithBackoff delays each restart as [Backoff] describes. During the delay
// the actor holds no goroutine (a timer resumes it); messages sent meanwhile
// queue up and are handled, in order, by the fresh state. A Stop ends the
// delay: the actor restarts now, handles what was queued before the Stop,
// then stops; a failure while it stops restarts it at once, without delay
// (the restart limit still counts).
//
// It panics unless 0 < b.Min <= b.Max and b.Reset >= 0.
func WithBackoff(b Backoff) Option {
	if b.Min <= 0 || b.Max < b.Min || b.Reset < 0 {
		panic(fmt.Sprintf("actor: WithBackoff needs 0 < Min <= Max and Reset >= 0, got Min %v, Max %v, Reset %v", b.Min, b.Max, b.Reset))
	}
	if b.Reset == 0 {
		b.Reset = b.Max
	}
	return optionFunc(func(c *config) { c.supervision().backoff = b })
}

// WithSupervision sets how the actor handles the failure of a child, that is
// a child that stopped failing after its own policy gave up: the strategy
// says which children the directive applies to, the directive what happens
// to them: Stop, Restart (only children started with SpawnChild can be
// restarted; the others are stopped) or Escalate. A state with an
// OnChildFailure method chooses the directive itself, failure by failure.
//
// Without WithSupervision and OnChildFailure, a failed child just stops. It
// panics on Resume: a child gives up only after its own policy, and its old
// state has already stopped.
func WithSupervision(s Strategy, d Directive) Option {
	if s != OneForOne && s != AllForOne {
		panic(fmt.Sprintf("actor: WithSupervision with unknown %v", s))
	}
	if d != Stop && d != Restart && d != Escalate {
		panic(fmt.Sprintf("actor: WithSupervision(%v, %v): a parent's directive is Stop, Restart or Escalate", s, d))
	}
	return optionFunc(func(c *config) {
		sc := c.supervision()
		sc.strategy, sc.directive, sc.supervises = s, d, true
	})
}

// check panics at Start on options that cannot work together.
func (s *supConfig) check() {
	if s.factory != nil {
		return
	}
	switch {
	case s.policy == Restart:
		panic("actor: WithPolicy(Restart) needs a factory for the fresh state: start the actor with Spawn or SpawnChild, not Start")
	case s.backoff.Min > 0:
		panic("actor: WithBackoff only applies to restarts, which need a factory: start the actor with Spawn or SpawnChild, not Start")
	case s.limitSet:
		panic("actor: WithRestartLimit only applies to restarts, which need a factory: start the actor with Spawn or SpawnChild, not Start")
	}
}

// history is an actor's restart history, kept by whoever holds its run
// state.
type history struct {
	at      []time.Time // restarts within the window, oldest first
	attempt int         // restarts since the backoff was last reset
	began   time.Time   // when the current state started, after a restart
}

// admit counts a restart at now, after cause. It returns the backoff delay
// to wait before the fresh state starts, or, when the limit is used up, the
// error that stops the actor.
func (h *history) admit(s *supConfig, now time.Time, cause error) (time.Duration, error) {
	from := now.Add(-s.window)
	i := 0
	for i < len(h.at) && !h.at[i].After(from) {
		i++
	}
	h.at = h.at[i:]
	if len(h.at) >= s.restarts {
		return 0, fmt.Errorf("%w: %d restarts in %v: %w", ErrRestartLimit, len(h.at), s.window, cause)
	}
	h.at = append(h.at, now)
	b := s.backoff
	if b.Min == 0 {
		return 0, nil
	}
	if now.Sub(h.began) >= b.Reset {
		h.attempt = 0
	}
	k := h.attempt
	h.attempt++
	return b.delay(k), nil
}

// delay draws the k-th delay: uniform in [max(Min, d/2), d] with
// d = min(Max, Min·2^(k+1)).
func (b Backoff) delay(k int) time.Duration {
	d := b.Min
	for range k + 1 {
		if d >= b.Max/2 { // doubling would reach Max (or overflow)
			d = b.Max
			break
		}
		d *= 2
	}
	lo := max(b.Min, d/2)
	return lo + rand.N(d-lo+1)
}
