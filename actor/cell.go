package actor

import (
	"context"
	"log/slog"
	"runtime/pprof"
	"sync"
	"sync/atomic"
	"time"
	"weak"

	"github.com/google/uuid"

	"github.com/troupe-go/troupe/internal/runner"
	"github.com/troupe-go/troupe/internal/waitgraph"
	"github.com/troupe-go/troupe/registry"
)

// phase is where an actor is in its life. It only moves forward.
type phase uint8

const (
	phaseRunning  phase = iota // accepting messages
	phaseStopping              // Stop requested or a fatal failure: nothing new is accepted
	phaseStopped               // the loop ended; Done is closed
)

func (p phase) String() string {
	return [...]string{"running", "stopping", "stopped"}[p]
}

// owner is what the type-free part of an actor needs from its typed Ref.
type owner interface {
	registry.Entry
	requestStop() // ask the actor to stop without waiting
}

// cell is the part of an actor that does not depend on its state and message
// types: identity, lifecycle, the mailbox's state word, and a lock for the
// slow paths. Context embeds it, so it needs no type parameters.
//
// The fields are laid out by who writes them: senders write the state word
// at every Tell, the actor writes node.Taken at every message. Were they on
// one cache line, each would make the other miss. What is seldom needed
// hangs off pointers made on first use, so that an idle actor stays small.
type cell struct {
	// state is the word senders and the actor meet on without a lock; see
	// state.go. Next to it only what senders read and nobody writes often.
	state atomic.Uint64
	cfg   *config
	reg   *registry.Registry
	id    uuid.UUID // the URN, kept as 16 bytes and formatted on demand
	mu    sync.Mutex
	// sv holds restarts, children, timers and watches; nil until needed. It
	// is set under mu, but the actor's goroutine reads it without the lock
	// (for a supervision message's fault), hence the atomic.
	sv    atomic.Pointer[supervision]
	waits *waits // guarded by mu; nil until needed

	// node is this actor's place in the wait-for graph: node.ID is its *Ref,
	// and node.Taken, written by the actor at every message, counts the
	// positions it has taken from its mailbox (see state.go).
	node waitgraph.Node
	busy atomic.Int64 // unix nanoseconds when the current run began; 0 when idle
	// request is the ctx of the request being handled, if its caller's ctx
	// carries anything: the handler's Context answers with it.
	request atomic.Pointer[requestCtx]
	labels  weak.Pointer[profLabels]
	phase   phase // guarded by mu
	// bounded says the mailbox has a capacity: taking a message may wake a
	// sender. keepLabels makes enter leave the goroutine's profiler labels
	// alone: set by runInline, on a caller's goroutine whose labels it could
	// not restore; only the holder of the run state touches it. bubbled says
	// the actor started in a testing/synctest bubble (see wake.go).
	// sweepDue says a sweep of the mailbox's buffers is due (see idle); only
	// the holder of the run state touches it.
	bounded, keepLabels, bubbled, sweepDue bool
	// carries says where the actor's messages may hold reply promises, for
	// custody (see custody.go).
	carries carry
	// killed is set by StopNow: the messages still queued are dropped.
	killed atomic.Bool
}

// waits holds what only waiting on an actor needs. An actor makes it when
// someone waits for its end or for room in its mailbox, or when it ends
// with an error.
type waits struct {
	done chan struct{} // closed when the actor has stopped
	room chan struct{} // closed when a message leaves the mailbox
	halt *cancelCtx    // the actor's Context outside requests, made on first need
	// dropped counts the messages the actor stopped without handling.
	dropped int
	err     error // why the actor stopped
	lost    error // the messages it dead-lettered, for Stop to report
}

func (c *cell) waitsLocked() *waits {
	if c.waits == nil {
		c.waits = new(waits)
	}
	return c.waits
}

func (c *cell) init(self owner, cfg *config, reg *registry.Registry) {
	c.cfg, c.reg, c.id = cfg, reg, uuid.New()
	c.bounded = cfg.capacity > 0
	c.bubbled = runner.Bubbled()
	c.node.ID = self
	c.sv.Store(newSupervision(c, cfg.sup))
}

// owner returns the actor's *Ref, as the type-free part sees it.
func (c *cell) owner() owner { return c.node.ID.(owner) }

// log returns the actor's logger.
func (c *cell) log() *slog.Logger {
	if l := c.cfg.logger; l != nil {
		return l
	}
	return slog.Default()
}

func (c *cell) urn() string { return c.id.URN() }

var closedChan = func() chan struct{} {
	ch := make(chan struct{})
	close(ch)
	return ch
}()

// doneLocked returns the channel closed when the actor has stopped.
func (c *cell) doneLocked() chan struct{} {
	if c.waits == nil || c.waits.done == nil {
		if c.phase == phaseStopped {
			return closedChan
		}
		c.waitsLocked().done = make(chan struct{})
	}
	return c.waits.done
}

// await waits until ch is closed, and returns nil, or until ctx ends, and
// returns context.Cause(ctx).
func await(ctx context.Context, ch <-chan struct{}) error {
	select {
	case <-ch:
		return nil
	case <-ctx.Done():
		return context.Cause(ctx)
	}
}

// lostLocked returns the error that says which messages went to dead
// letters as the actor stopped, or nil.
func (c *cell) lostLocked() error {
	if c.waits == nil {
		return nil
	}
	return c.waits.lost
}

// errLocked returns why the actor stopped.
func (c *cell) errLocked() error {
	if c.waits == nil {
		return nil
	}
	return c.waits.err
}

func (c *cell) doneChan() <-chan struct{} {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.doneLocked()
}

// roomLocked returns a channel closed when a queued message leaves the
// mailbox or the actor stops accepting.
func (c *cell) roomLocked() chan struct{} {
	w := c.waitsLocked()
	if w.room == nil {
		w.room = make(chan struct{})
	}
	return w.room
}

// wakeSendersLocked lets senders waiting for room look again.
func (c *cell) wakeSendersLocked() {
	if c.waits != nil && c.waits.room != nil {
		close(c.waits.room)
		c.waits.room = nil
	}
}

// beginStopLocked moves a running actor to stopping. It reports whether the
// caller must start a goroutine to finish the actor, because none runs it.
func (c *cell) beginStopLocked() (start bool) {
	if c.phase != phaseRunning {
		return false
	}
	c.phase = phaseStopping
	c.wakeSendersLocked()
	if c.state.Or(stClosed|stRun)&stRun != 0 {
		c.abortParkLocked() // a parked actor has no goroutine to notice the stop
		return false
	}
	return true
}

// profLabels holds an actor's profiler label context.
type profLabels struct{ ctx context.Context }

// enter sets the goroutine's profiler labels to the actor's and marks the
// actor busy. The labels are held weakly: a busy actor reuses them until the
// next garbage collection, and an idle one does not keep their ~200 bytes.
func (c *cell) enter() {
	if !c.keepLabels {
		l := c.labels.Value()
		if l == nil {
			l = &profLabels{pprof.WithLabels(context.Background(), pprof.Labels("actor", c.owner().Name(), "urn", c.urn()))}
			c.labels = weak.Make(l)
		}
		pprof.SetGoroutineLabels(l.ctx)
	}
	c.node.Enter()
	c.busy.Store(time.Now().UnixNano())
}

func (c *cell) leave() {
	c.busy.Store(0)
	c.node.Leave()
}

// logDebug logs a lifecycle event; the Enabled check keeps it off the fast
// path when debug logging is off.
func (c *cell) logDebug(msg string) {
	if l := c.log(); l.Enabled(context.Background(), slog.LevelDebug) {
		l.Debug(msg, "actor", c.owner().Name(), "urn", c.urn())
	}
}
