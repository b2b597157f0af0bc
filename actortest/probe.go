package actortest

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/registry"
)

// Probe is an actor that records every message it receives, for a test to
// expect. Its messages wait, oldest first, until an expectation takes them.
//
// A Probe is the state of its own actor, but unlike other states its methods
// are safe to call from any goroutine: the actor only appends to what the
// expectations take from, under a lock.
type Probe[M any] struct {
	tb  testing.TB
	ref *actor.Ref[*Probe[M], M]

	mu      sync.Mutex
	pending []M
	arrived chan struct{} // closed when a message arrives; nil until someone waits
}

// NewProbe starts a probe actor with opts. In a registry of the test's
// (actor.WithRegistry(NewRegistry(t))) it stops with the registry's other
// actors, newest first: the actors started after it, which may still tell
// it something as they stop, stop before it. In registry.Default it is
// stopped when the test ends.
func NewProbe[M any](tb testing.TB, opts ...actor.Option) *Probe[M] {
	tb.Helper()
	p := &Probe[M]{tb: tb}
	p.ref = actor.Start(p, opts...)
	if _, shared := registry.Default.ByURN(p.ref.URN()); shared {
		tb.Cleanup(func() {
			if err := p.ref.Stop(context.Background()); err != nil {
				tb.Errorf("actortest: stopping probe %s: %v", p.ref, err)
			}
		})
	}
	return p
}

// Ref returns the probe's ref, to hand to the code under test.
func (p *Probe[M]) Ref() *actor.Ref[*Probe[M], M] { return p.ref }

// Receive records msg.
func (p *Probe[M]) Receive(_ *actor.Context, msg M) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.pending = append(p.pending, msg)
	if p.arrived != nil {
		close(p.arrived)
		p.arrived = nil
	}
	return nil
}

// Expect waits until a message that match accepts has arrived, at most
// within, and returns it; it ends the test with Fatal if none has. It takes
// the oldest such message and leaves the others waiting, in order, for the
// next expectations (Erlang's selective receive).
func (p *Probe[M]) Expect(within time.Duration, match func(M) bool) M {
	p.tb.Helper()
	if match == nil {
		panic("actortest: Expect with a nil match func")
	}
	var got M
	found := p.await(within, func() bool {
		i := slices.IndexFunc(p.pending, match)
		if i < 0 {
			return false
		}
		got = p.pending[i]
		p.pending = slices.Delete(p.pending, i, i+1)
		return true
	})
	if !found {
		p.tb.Fatalf("actortest: no message matching within %v; received and not taken: %v", within, p.Drain())
	}
	return got
}

// ExpectNone ends the test with Fatal if a message is waiting now or arrives
// within the time given. Zero looks only at what has arrived.
func (p *Probe[M]) ExpectNone(within time.Duration) {
	p.tb.Helper()
	if p.await(within, func() bool { return len(p.pending) > 0 }) {
		p.tb.Fatalf("actortest: expected no message within %v, received %v", within, p.Drain())
	}
}

// Next waits for the next n messages, at most within, and returns them in
// the order they arrived; it ends the test with Fatal if fewer arrived.
func (p *Probe[M]) Next(within time.Duration, n int) []M {
	p.tb.Helper()
	if n < 0 {
		panic("actortest: Next with a negative count")
	}
	var got []M
	found := p.await(within, func() bool {
		if len(p.pending) < n {
			return false
		}
		got = slices.Clone(p.pending[:n])
		p.pending = slices.Delete(p.pending, 0, n)
		return true
	})
	if !found {
		p.tb.Fatalf("actortest: expected %d messages within %v, received %v", n, within, p.Drain())
	}
	return got
}

// ExpectNext waits for the next len(want) messages, at most within, and
// requires them to equal want, in order.
func (p *Probe[M]) ExpectNext(within time.Duration, want ...M) {
	p.tb.Helper()
	require.Equal(p.tb, want, p.Next(within, len(want)))
}

// Drain takes every message received and not yet taken, oldest first,
// without waiting.
func (p *Probe[M]) Drain() []M {
	p.mu.Lock()
	defer p.mu.Unlock()
	got := p.pending
	p.pending = nil
	return got
}

// await runs take under the lock until it reports true, parking between
// tries until a message arrives, or until within has passed; then it tries
// a last time and reports what take said.
func (p *Probe[M]) await(within time.Duration, take func() bool) bool {
	timer := time.NewTimer(within)
	defer timer.Stop()
	for {
		p.mu.Lock()
		if take() {
			p.mu.Unlock()
			return true
		}
		if p.arrived == nil {
			p.arrived = make(chan struct{})
		}
		arrived := p.arrived
		p.mu.Unlock()
		select {
		case <-arrived:
		case <-timer.C:
			p.mu.Lock()
			defer p.mu.Unlock()
			return take()
		}
	}
}
