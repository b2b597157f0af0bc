package benchmarks

import (
	"context"
	"sync/atomic"
)

// A lib is one actor library as the workloads see it. Each adapter file
// (baseline_test.go, troupe_test.go, protoactor_test.go) defines one.
type lib struct {
	name string
	// open sets up what the library's actors live in (an actor system, a
	// registry); the workloads call it outside the timed region.
	open func() system
}

// A system is one library set up for one benchmark run. Its hot loops (send,
// ask) live inside the adapters, on concrete types, so that the workloads pay
// one interface call per batch of messages and not one per message.
type system interface {
	// counter starts an actor that counts the messages of kind k it handles
	// and closes its done channel once it handled target of them (at once if
	// target is 0).
	counter(target int, k kind) sink
	// echo starts an idle actor that answers every request with 1.
	echo() asker
	// spawnAskStop starts an echo actor, asks it once and stops it, waiting
	// until it stopped.
	spawnAskStop() error
	// idle starts n actors, each registered, and returns once every one of
	// them handled one Tell; stop stops them all and waits until they stopped.
	idle(n int) (stop func(), err error)
	// burst starts n actors, each registered, tells each size messages while
	// it is busy with a first one (so that they queue), and returns once
	// every actor handled them all; stop stops them all and waits until they
	// stopped.
	burst(n, size int) (stop func(), err error)
	// ring starts size actors in a ring, each telling every token it gets to
	// the next, until the ring made hops hops in all.
	ring(size, hops int) ring
	// close stops whatever is left and releases the system.
	close()
}

// A sink is a running counter actor.
type sink interface {
	// send tells n messages, one at a time, from the calling goroutine.
	send(n int) error
	// done is closed by the actor once it handled its target.
	done() <-chan struct{}
	// stop stops the actor and waits until it stopped.
	stop()
}

// An asker is a running echo actor.
type asker interface {
	// ask makes n sequential request/reply round trips.
	ask(n int) error
	// askCtx makes n sequential request/reply round trips, each giving up
	// when ctx ends (a server request's ctx, which has a deadline).
	askCtx(ctx context.Context, n int) error
	// handled is how many requests the actor handled; read it after ask returned.
	handled() int
	// stop stops the actor and waits until it stopped.
	stop()
}

// A ring is a ring of actors that pass tokens on.
type ring interface {
	// inject gives the first actor tokens tokens.
	inject(tokens int) error
	// done is closed once the ring made its hops.
	done() <-chan struct{}
	// stop stops the actors and waits until they stopped.
	stop()
}

// kind is the type of a counter's messages.
type kind int

const (
	kindInt    kind = iota // int
	kindString             // a string
	kindStruct             // a struct holding a pointer and an interface, as most real messages do
)

// structMsg is the message of kind kindStruct.
type structMsg struct {
	p *int
	v any
}

// structPayload is what every structMsg points to and holds: sending one
// allocates nothing.
var (
	structTarget     = new(int)
	structValue  any = structTarget
)

// hopCounter counts a ring's hops: the actor that makes the last one closes
// done.
type hopCounter struct {
	hops   atomic.Int64
	target int64
	doneCh chan struct{}
}

func newHopCounter(target int) *hopCounter {
	return &hopCounter{target: int64(target), doneCh: newDone(target)}
}

// hop counts one hop and reports whether the token goes on.
func (h *hopCounter) hop() bool {
	n := h.hops.Add(1)
	if n == h.target {
		close(h.doneCh)
	}
	return n < h.target
}

// libs in the order in which every workload runs them: baseline first.
var libs = []lib{baselineLib, troupeLib, protoactorLib}

// newDone makes a counter's done channel, already closed when target is 0.
func newDone(target int) chan struct{} {
	done := make(chan struct{})
	if target == 0 {
		close(done)
	}
	return done
}
