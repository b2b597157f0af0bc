package benchmarks

import (
	"context"
	"log/slog"
	"sync"
	"time"

	proto "github.com/asynkron/protoactor-go/actor"
)

// protoactor-go: one ActorSystem per benchmark run (per batch in the idle
// workload), its logger discarded (by default it logs to stderr at Info);
// actors are spawned from Props with the default dispatcher and unbounded
// mailbox, and registered in the system's process registry. Messages are
// untyped: an int below 256 and a struct{} are boxed without allocating, the
// kindest choice for protoactor. Stop is PoisonFuture(...).Wait(), which, like
// troupe's Stop, handles what was queued first and waits until the actor
// stopped.

var protoactorLib = lib{name: "protoactor", open: openProto}

// protoTimeout bounds every future; a benchmark that reaches it fails.
const protoTimeout = 10 * time.Second

type protoSystem struct {
	sys  *proto.ActorSystem
	root *proto.RootContext
}

func openProto() system {
	sys := proto.NewActorSystem(proto.WithLoggerFactory(func(*proto.ActorSystem) *slog.Logger {
		return slog.New(slog.DiscardHandler)
	}))
	return &protoSystem{sys: sys, root: sys.Root}
}

func (p *protoSystem) close() { p.sys.Shutdown() }

// stopWait stops pid after its queued messages and waits until it stopped.
func (p *protoSystem) stopWait(pid *proto.PID) error {
	return p.root.PoisonFuture(pid).Wait()
}

type protoCounterActor[T any] struct {
	n, target int
	done      chan struct{}
}

func (a *protoCounterActor[T]) Receive(ctx proto.Context) {
	if _, ok := ctx.Message().(T); ok {
		a.n++
		if a.n == a.target {
			close(a.done)
		}
	}
}

type protoCounter struct {
	p      *protoSystem
	pid    *proto.PID
	msg    any // boxed once: sending it allocates nothing more
	doneCh chan struct{}
}

func (p *protoSystem) counter(target int, k kind) sink {
	switch k {
	case kindString:
		return startProtoCounter(p, target, "hello")
	case kindStruct:
		return startProtoCounter(p, target, structMsg{structTarget, structValue})
	}
	return startProtoCounter(p, target, 1)
}

func startProtoCounter[T any](p *protoSystem, target int, msg T) *protoCounter {
	done := newDone(target)
	state := &protoCounterActor[T]{target: target, done: done}
	pid := p.root.Spawn(proto.PropsFromProducer(func() proto.Actor { return state }))
	return &protoCounter{p: p, pid: pid, msg: msg, doneCh: done}
}

func (c *protoCounter) send(n int) error {
	root, msg := c.p.root, c.msg
	for range n {
		root.Send(c.pid, msg)
	}
	return nil
}

func (c *protoCounter) done() <-chan struct{} { return c.doneCh }

func (c *protoCounter) stop() { _ = c.p.stopWait(c.pid) }

type protoPing struct{}

type protoEchoActor struct{ n int }

func (a *protoEchoActor) Receive(ctx proto.Context) {
	if _, ok := ctx.Message().(protoPing); ok {
		a.n++
		ctx.Respond(1)
	}
}

type protoEcho struct {
	p     *protoSystem
	pid   *proto.PID
	state *protoEchoActor
}

func (p *protoSystem) startEcho() *protoEcho {
	state := &protoEchoActor{}
	pid := p.root.Spawn(proto.PropsFromProducer(func() proto.Actor { return state }))
	return &protoEcho{p: p, pid: pid, state: state}
}

func (p *protoSystem) echo() asker { return p.startEcho() }

func (e *protoEcho) ask(n int) error {
	root := e.p.root
	for range n {
		if _, err := root.RequestFuture(e.pid, protoPing{}, protoTimeout).Result(); err != nil {
			return err
		}
	}
	return nil
}

// askCtx gives every request the time left until ctx's deadline: protoactor's
// futures take a timeout, not a ctx.
func (e *protoEcho) askCtx(ctx context.Context, n int) error {
	root := e.p.root
	deadline, _ := ctx.Deadline()
	for range n {
		if _, err := root.RequestFuture(e.pid, protoPing{}, time.Until(deadline)).Result(); err != nil {
			return err
		}
	}
	return nil
}

func (e *protoEcho) handled() int { return e.state.n }

func (e *protoEcho) stop() { _ = e.p.stopWait(e.pid) }

func (p *protoSystem) spawnAskStop() error {
	e := p.startEcho()
	err := e.ask(1)
	if serr := p.stopWait(e.pid); err == nil {
		err = serr
	}
	return err
}

type protoIdleActor struct{ handled *sync.WaitGroup }

func (a *protoIdleActor) Receive(ctx proto.Context) {
	if _, ok := ctx.Message().(int); ok {
		a.handled.Done()
	}
}

func (p *protoSystem) idle(n int) (stop func(), err error) {
	var handled sync.WaitGroup
	handled.Add(n)
	props := proto.PropsFromProducer(func() proto.Actor { return &protoIdleActor{handled: &handled} })
	pids := make([]*proto.PID, n)
	for i := range pids {
		pids[i] = p.root.Spawn(props)
		p.root.Send(pids[i], 1)
	}
	handled.Wait()
	return func() { p.stopAll(pids) }, nil
}

type protoBurstActor struct {
	gate    <-chan struct{}
	handled *sync.WaitGroup
}

func (a *protoBurstActor) Receive(ctx proto.Context) {
	if _, ok := ctx.Message().(int); ok {
		<-a.gate
		a.handled.Done()
	}
}

func (p *protoSystem) burst(n, size int) (stop func(), err error) {
	var handled sync.WaitGroup
	handled.Add(n * (size + 1))
	gate := make(chan struct{})
	props := proto.PropsFromProducer(func() proto.Actor { return &protoBurstActor{gate: gate, handled: &handled} })
	pids := make([]*proto.PID, n)
	for i := range pids {
		pids[i] = p.root.Spawn(props)
		for range size + 1 {
			p.root.Send(pids[i], 1)
		}
	}
	close(gate)
	handled.Wait()
	return func() { p.stopAll(pids) }, nil
}

// stopAll stops every actor of pids and waits until they stopped.
func (p *protoSystem) stopAll(pids []*proto.PID) {
	futures := make([]*proto.Future, len(pids))
	for i, pid := range pids {
		futures[i] = p.root.PoisonFuture(pid)
	}
	for _, f := range futures {
		_ = f.Wait()
	}
}

type protoRingActor struct {
	next *proto.PID
	ring *protoRing
}

func (a *protoRingActor) Receive(ctx proto.Context) {
	if tok, ok := ctx.Message().(int); ok {
		if a.ring.hops.hop() {
			ctx.Send(a.next, tok)
		} else {
			a.ring.absorbed.Done()
		}
	}
}

type protoRing struct {
	p        *protoSystem
	pids     []*proto.PID
	hops     *hopCounter
	absorbed sync.WaitGroup
}

func (p *protoSystem) ring(size, hops int) ring {
	r := &protoRing{p: p, pids: make([]*proto.PID, size), hops: newHopCounter(hops)}
	states := make([]*protoRingActor, size)
	for i := range r.pids {
		state := &protoRingActor{ring: r}
		states[i] = state
		r.pids[i] = p.root.Spawn(proto.PropsFromProducer(func() proto.Actor { return state }))
	}
	for i, s := range states {
		s.next = r.pids[(i+1)%size] // before any message: the Send publishes it
	}
	return r
}

func (r *protoRing) inject(tokens int) error {
	r.absorbed.Add(tokens)
	for i := range tokens {
		r.p.root.Send(r.pids[0], i)
	}
	return nil
}

func (r *protoRing) done() <-chan struct{} { return r.hops.doneCh }

func (r *protoRing) stop() {
	r.absorbed.Wait()
	r.p.stopAll(r.pids)
}
