package benchmarks

import (
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

type protoCounterActor struct {
	n, target int
	done      chan struct{}
}

func (a *protoCounterActor) Receive(ctx proto.Context) {
	if _, ok := ctx.Message().(int); ok {
		a.n++
		if a.n == a.target {
			close(a.done)
		}
	}
}

type protoCounter struct {
	p      *protoSystem
	pid    *proto.PID
	doneCh chan struct{}
}

func (p *protoSystem) counter(target int) sink {
	done := newDone(target)
	state := &protoCounterActor{target: target, done: done}
	pid := p.root.Spawn(proto.PropsFromProducer(func() proto.Actor { return state }))
	return &protoCounter{p: p, pid: pid, doneCh: done}
}

func (c *protoCounter) send(n int) error {
	root := c.p.root
	for range n {
		root.Send(c.pid, 1)
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
	return func() {
		futures := make([]*proto.Future, len(pids))
		for i, pid := range pids {
			futures[i] = p.root.PoisonFuture(pid)
		}
		for _, f := range futures {
			_ = f.Wait()
		}
	}, nil
}
