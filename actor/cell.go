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
// types: identity, lifecycle and the lock that guards the mailbox. Context
// points here, so it needs no type parameters.
//
// The fields are laid out by who writes them: senders write the state word
// at every Tell, the actor writes taken and handled at every message. Were
// they on one cache line, each would make the other miss.
type cell struct {
	// state is the word senders and the actor meet on without a lock; see
	// state.go. Next to it only what senders read and nobody writes often.
	state  atomic.Uint64
	cfg    *config
	self   owner
	id     uuid.UUID // the URN, kept as 16 bytes and formatted on demand
	reg    *registry.Registry
	logger *slog.Logger
	node   waitgraph.Node // this actor's place in the wait-for graph
	ctx    Context

	mu    sync.Mutex
	phase phase
	done  chan struct{} // made on first use; closed when the actor has stopped
	room  chan struct{} // made by a sender waiting for room; closed when a message leaves
	err   error
	sv    *supervision // restarts, children, timers, watches; nil until needed

	// fault is a failure raised by a system message (a child's escalation,
	// a parent's restart order) for the run loop to take, like a failed
	// Tell's error. Only the holder of the run state touches it.
	fault error

	// Written by the actor at every message.
	taken atomic.Uint64 // the positions taken from the mailbox; see state.go
	// extra makes taken+extra the number of messages begun, for diagnostics:
	// it counts inline Asks (handled without a position) and subtracts the
	// messages drained at the end (taken, never handled).
	extra   atomic.Int64
	bounded bool         // the mailbox has a capacity: taking a message may wake a sender
	busy    atomic.Int64 // unix nanoseconds when the current run began; 0 when idle
	labels  weak.Pointer[profLabels]
	// keepLabels makes enter leave the goroutine's profiler labels alone:
	// set by runInline, on a caller's goroutine whose labels it could not
	// restore. Only the holder of the run state touches it.
	keepLabels bool
}

func (c *cell) init(self owner, cfg *config) {
	c.self, c.cfg, c.id = self, cfg, uuid.New()
	c.bounded = cfg.capacity > 0
	c.reg = cfg.registry
	if c.reg == nil {
		c.reg = registry.Default
	}
	c.logger = cfg.logger
	if c.logger == nil {
		c.logger = slog.Default()
	}
	c.node.ID = self
	c.node.Handled = &c.taken // lets the graph tell the current message from a past one
	c.ctx.c = c
	c.sv = newSupervision(c, cfg.sup)
}

func (c *cell) urn() string { return c.id.URN() }

var closedChan = func() chan struct{} {
	ch := make(chan struct{})
	close(ch)
	return ch
}()

// doneLocked returns the channel closed when the actor has stopped.
func (c *cell) doneLocked() chan struct{} {
	if c.done == nil {
		if c.phase == phaseStopped {
			return closedChan
		}
		c.done = make(chan struct{})
	}
	return c.done
}

func (c *cell) doneChan() <-chan struct{} {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.doneLocked()
}

// roomLocked returns a channel closed when a queued message leaves the
// mailbox or the actor stops accepting.
func (c *cell) roomLocked() chan struct{} {
	if c.room == nil {
		c.room = make(chan struct{})
	}
	return c.room
}

// wakeSendersLocked lets senders waiting for room look again.
func (c *cell) wakeSendersLocked() {
	if c.room != nil {
		close(c.room)
		c.room = nil
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

// handledCount returns the number of messages, Asks and Calls begun.
func (c *cell) handledCount() uint64 {
	return uint64(int64(c.taken.Load()) + c.extra.Load())
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
			l = &profLabels{pprof.WithLabels(context.Background(), pprof.Labels("actor", c.self.Name(), "urn", c.urn()))}
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
	if c.logger.Enabled(context.Background(), slog.LevelDebug) {
		c.logger.Debug(msg, "actor", c.self.Name(), "urn", c.urn())
	}
}
