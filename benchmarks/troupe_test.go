package benchmarks

import (
	"context"
	"sync"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/future"
	"github.com/troupe-go/troupe/registry"
)

// troupe: typed actors started with actor.Start with the default (unbounded)
// mailbox, registered in a registry of the run's own (not registry.Default);
// Ask with context.Background(), a ctx that cannot end early.

var troupeLib = lib{name: "troupe", open: func() system { return &troupeSystem{reg: registry.New()} }}

type troupeSystem struct{ reg *registry.Registry }

func (t *troupeSystem) close() { _ = t.reg.StopAll(context.Background()) }

type counterActor struct {
	n, target int
	done      chan struct{}
}

func (a *counterActor) Receive(_ *actor.Context, _ int) error {
	a.n++
	if a.n == a.target {
		close(a.done)
	}
	return nil
}

type troupeCounter struct {
	ref    *actor.Ref[*counterActor, int]
	doneCh chan struct{}
}

func (t *troupeSystem) counter(target int) sink {
	done := newDone(target)
	ref := actor.Start(&counterActor{target: target, done: done}, actor.WithRegistry(t.reg))
	return &troupeCounter{ref: ref, doneCh: done}
}

func (c *troupeCounter) send(n int) error {
	for range n {
		if err := c.ref.Tell(1); err != nil {
			return err
		}
	}
	return nil
}

func (c *troupeCounter) done() <-chan struct{} { return c.doneCh }

func (c *troupeCounter) stop() { _ = c.ref.Stop(context.Background()) }

// ping is a request that carries its own typed reply promise.
type ping struct{ reply *future.Promise[int] }

func newPing(p *future.Promise[int]) ping { return ping{p} }

type echoActor struct{ n int }

func (a *echoActor) Receive(_ *actor.Context, m ping) error {
	a.n++
	m.reply.Resolve(1)
	return nil
}

type troupeEcho struct {
	ref   *actor.Ref[*echoActor, ping]
	state *echoActor
}

func (t *troupeSystem) startEcho() *troupeEcho {
	state := &echoActor{}
	return &troupeEcho{ref: actor.Start(state, actor.WithRegistry(t.reg)), state: state}
}

func (t *troupeSystem) echo() asker { return t.startEcho() }

func (e *troupeEcho) ask(n int) error {
	ctx := context.Background()
	for range n {
		if _, err := actor.Ask(ctx, e.ref, newPing); err != nil {
			return err
		}
	}
	return nil
}

func (e *troupeEcho) handled() int { return e.state.n }

func (e *troupeEcho) stop() { _ = e.ref.Stop(context.Background()) }

func (t *troupeSystem) spawnAskStop() error {
	e := t.startEcho()
	err := e.ask(1)
	if serr := e.ref.Stop(context.Background()); err == nil {
		err = serr
	}
	return err
}

type idleActor struct{ handled *sync.WaitGroup }

func (a *idleActor) Receive(_ *actor.Context, _ int) error {
	a.handled.Done()
	return nil
}

func (t *troupeSystem) idle(n int) (stop func(), err error) {
	var handled sync.WaitGroup
	handled.Add(n)
	refs := make([]*actor.Ref[*idleActor, int], n)
	stop = func() {
		for _, ref := range refs {
			if ref != nil {
				_ = ref.Stop(context.Background())
			}
		}
	}
	for i := range refs {
		refs[i] = actor.Start(&idleActor{handled: &handled}, actor.WithRegistry(t.reg))
		if err := refs[i].Tell(1); err != nil {
			stop()
			return nil, err
		}
	}
	handled.Wait()
	return stop, nil
}
