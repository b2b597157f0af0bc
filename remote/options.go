package remote

import (
	"fmt"
	"time"
)

// Defaults of a node's options.
const (
	DefaultNamespace   = "default"
	DefaultLease       = 2 * time.Second
	DefaultHeartbeat   = 250 * time.Millisecond
	DefaultTimeout     = 30 * time.Second
	DefaultMaxPending  = 64 << 10
	DefaultMaxInFlight = 1024
)

type config struct {
	namespace      string
	lease          time.Duration
	heartbeat      time.Duration
	defaultTimeout time.Duration
	maxPending     int
	discovery      bool
}

// Option configures a [Node].
type Option interface{ apply(*config) error }

type optionFunc func(*config) error

func (f optionFunc) apply(c *config) error { return f(c) }

// WithNamespace puts the node's names in namespace ns (default "default"):
// nodes see only the names of their own namespace.
func WithNamespace(ns string) Option {
	return optionFunc(func(c *config) error {
		if err := checkToken("namespace", ns); err != nil {
			return err
		}
		c.namespace = ns
		return nil
	})
}

// WithLease sets how long an ask waits with neither a reply nor a heartbeat
// before it fails with [ErrLost] (default 2 s). It must be at least twice
// the heartbeat, and the same in the processes that talk to each other.
func WithLease(d time.Duration) Option {
	return optionFunc(func(c *config) error {
		if d <= 0 {
			return fmt.Errorf("lease %v is not positive", d)
		}
		c.lease = d
		return nil
	})
}

// WithHeartbeat sets how often a serving node tells an asker that a slow
// request is still being worked on (default 250 ms), and, at four times
// that, how often it tells monitors it is alive. An ask answered within a
// heartbeat costs no heartbeat at all.
func WithHeartbeat(d time.Duration) Option {
	return optionFunc(func(c *config) error {
		if d <= 0 {
			return fmt.Errorf("heartbeat %v is not positive", d)
		}
		c.heartbeat = d
		return nil
	})
}

// WithDefaultTimeout bounds the asks whose ctx has no deadline (default
// 30 s; 0 turns it off and leaves only the lease).
func WithDefaultTimeout(d time.Duration) Option {
	return optionFunc(func(c *config) error {
		if d < 0 {
			return fmt.Errorf("default timeout %v is negative", d)
		}
		c.defaultTimeout = d
		return nil
	})
}

// WithMaxPending bounds the asks in flight from this node (default 65536);
// past it AskAsync fails at once with [ErrBusy].
func WithMaxPending(n int) Option {
	return optionFunc(func(c *config) error {
		if n <= 0 {
			return fmt.Errorf("max pending %d is not positive", n)
		}
		c.maxPending = n
		return nil
	})
}

// WithoutDiscovery leaves the node out of NATS's service API (no micro
// service "troupe"), for connections whose permissions do not allow $SRV.
func WithoutDiscovery() Option {
	return optionFunc(func(c *config) error {
		c.discovery = false
		return nil
	})
}
