package actor

import (
	"fmt"
	"log/slog"
	"sync"

	"github.com/troupe-go/troupe/registry"
)

// Option configures an actor at Start. Options are values of an interface
// with an unexported method, so they compose but only this package defines
// them.
type Option interface{ apply(*config) }

type optionFunc func(*config)

func (f optionFunc) apply(c *config) { f(c) }

// Overflow says what a send does when a bounded mailbox is full.
type Overflow int

const (
	// OverflowBlock makes the send wait for room (Tell waits; TellContext and
	// Ask wait until their ctx ends).
	OverflowBlock Overflow = iota
	// OverflowFail makes the send return ErrMailboxFull at once.
	OverflowFail
)

func (o Overflow) String() string {
	switch o {
	case OverflowBlock:
		return "OverflowBlock"
	case OverflowFail:
		return "OverflowFail"
	}
	return fmt.Sprintf("Overflow(%d)", int(o))
}

// config is what options set. Actors started without options share one
// default, so an actor carries a pointer, not a copy.
type config struct {
	name       string
	registry   *registry.Registry
	logger     *slog.Logger
	capacity   int // 0: unbounded
	overflow   Overflow
	deadLetter func(DeadLetter)
	sup        *supConfig // supervision options; nil: Stop, no restarts
	idle       *idleTimer // WithIdle's, one per actor; nil: never retires
}

var defaultConfig = config{}

// WithName names the actor. Without it, Name is the state's type name without
// package path or pointer star, as Pykka uses the class name.
func WithName(name string) Option {
	return optionFunc(func(c *config) { c.name = name })
}

// WithRegistry registers the actor in r instead of registry.Default.
func WithRegistry(r *registry.Registry) Option {
	if r == nil {
		panic("actor: WithRegistry(nil)")
	}
	return optionFunc(func(c *config) { c.registry = r })
}

// WithLogger sends the actor's lifecycle events (Debug), dead letters (Warn)
// and failures no caller receives (Warn when its policy or parent recovers
// from them, Error when nobody handles them) to l instead of
// slog.Default().
func WithLogger(l *slog.Logger) Option {
	if l == nil {
		panic("actor: WithLogger(nil)")
	}
	return optionFunc(func(c *config) { c.logger = l })
}

// WithMailbox bounds the mailbox to capacity queued messages (the one being
// handled does not count). Tell, Ask and Call all count against it; overflow
// says what a send does when it is full. The default mailbox is unbounded.
func WithMailbox(capacity int, overflow Overflow) Option {
	if capacity <= 0 {
		panic(fmt.Sprintf("actor: WithMailbox capacity must be positive, got %d", capacity))
	}
	if overflow != OverflowBlock && overflow != OverflowFail {
		panic(fmt.Sprintf("actor: WithMailbox with unknown %v", overflow))
	}
	return optionFunc(func(c *config) { c.capacity, c.overflow = capacity, overflow })
}

// WithDeadLetters sets the function that receives Tell messages the actor
// accepted but never handled because it stopped after a failure. The default
// logs them at Warn. fn runs on the actor's goroutine as it stops; it must not
// block.
func WithDeadLetters(fn func(DeadLetter)) Option {
	if fn == nil {
		panic("actor: WithDeadLetters(nil)")
	}
	return optionFunc(func(c *config) { c.deadLetter = fn })
}

// newConfig applies opts. The registry goes apart, into the cell: options
// that name nothing else leave the actor on the shared default config.
func newConfig(opts []Option) (*config, *registry.Registry) {
	if len(opts) == 0 {
		return &defaultConfig, registry.Default
	}
	// Options apply through an interface, so the config they fill escapes:
	// a pooled scratch one keeps that from costing every Start an allocation.
	c := scratchConfigs.Get().(*config)
	defer scratchConfigs.Put(c)
	*c = defaultConfig
	for _, o := range opts {
		if o == nil {
			panic("actor: nil Option")
		}
		o.apply(c)
	}
	reg := c.registry
	if reg == nil {
		reg = registry.Default
	}
	c.registry = nil
	if c.name == "" && c.logger == nil && c.capacity == 0 && c.deadLetter == nil && c.sup == nil && c.idle == nil {
		return &defaultConfig, reg
	}
	own := new(config)
	*own = *c
	return own, reg
}

var scratchConfigs = sync.Pool{New: func() any { return new(config) }}
