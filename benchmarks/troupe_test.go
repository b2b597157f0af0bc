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

type counterActor[T any] struct {
	n, target int
	done      chan struct{}
}

func (a *counterActor[T]) Receive(_ *actor.Context, _ T) error {
	a.n++
	if a.n == a.target {
		close(a.done)
	}
	return nil
}

type troupeCounter[T any] struct {
	ref    *actor.Ref[*counterActor[T], T]
	msg    T
	doneCh chan struct{}
}

func (t *troupeSystem) counter(target int, k kind) sink {
	switch k {
	case kindString:
		return startCounter(t, target, "hello")
	case kindStruct:
		return startCounter(t, target, structMsg{structTarget, structValue})
	}
	return startCounter(t, target, 1)
}

func startCounter[T any](t *troupeSystem, target int, msg T) *troupeCounter[T] {
	done := newDone(target)
	ref := actor.Start(&counterActor[T]{target: target, done: done}, actor.WithRegistry(t.reg))
	return &troupeCounter[T]{ref: ref, msg: msg, doneCh: done}
}

func (c *troupeCounter[T]) send(n int) error {
	for range n {
		if err := c.ref.Tell(c.msg); err != nil {
			return err
		}
	}
	return nil
}

func (c *troupeCounter[T]) done() <-chan struct{} { return c.doneCh }

func (c *troupeCounter[T]) stop() { _ = c.ref.Stop(context.Background()) }

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

func (e *troupeEcho) askCtx(ctx context.Context, n int) error {
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

// burstActor handles its first message only once gate is closed, so that
// the burst told meanwhile queues.
type burstActor struct {
	gate    <-chan struct{}
	handled *sync.WaitGroup
}

func (a *burstActor) Receive(_ *actor.Context, _ int) error {
	<-a.gate
	a.handled.Done()
	return nil
}

func (t *troupeSystem) burst(n, size int) (stop func(), err error) {
	var handled sync.WaitGroup
	handled.Add(n * (size + 1))
	gate := make(chan struct{})
	refs := make([]*actor.Ref[*burstActor, int], n)
	stop = func() {
		for _, ref := range refs {
			if ref != nil {
				_ = ref.Stop(context.Background())
			}
		}
	}
	for i := range refs {
		refs[i] = actor.Start(&burstActor{gate: gate, handled: &handled}, actor.WithRegistry(t.reg))
		for range size + 1 {
			if err := refs[i].Tell(1); err != nil {
				close(gate)
				stop()
				return nil, err
			}
		}
	}
	close(gate)
	handled.Wait()
	return stop, nil
}

// ringActor tells every token on to next.
type ringActor struct {
	next *actor.Ref[*ringActor, int]
	ring *troupeRing
}

func (a *ringActor) Receive(_ *actor.Context, tok int) error {
	if a.ring.hops.hop() {
		return a.next.Tell(tok)
	}
	a.ring.absorbed.Done()
	return nil
}

type troupeRing struct {
	refs     []*actor.Ref[*ringActor, int]
	hops     *hopCounter
	absorbed sync.WaitGroup
}

func (t *troupeSystem) ring(size, hops int) ring {
	r := &troupeRing{refs: make([]*actor.Ref[*ringActor, int], size), hops: newHopCounter(hops)}
	states := make([]*ringActor, size)
	for i := range r.refs {
		states[i] = &ringActor{ring: r}
		r.refs[i] = actor.Start(states[i], actor.WithRegistry(t.reg))
	}
	for i, s := range states {
		s.next = r.refs[(i+1)%size] // before any message: the Tell publishes it
	}
	return r
}

func (r *troupeRing) inject(tokens int) error {
	r.absorbed.Add(tokens)
	for i := range tokens {
		if err := r.refs[0].Tell(i); err != nil {
			return err
		}
	}
	return nil
}

func (r *troupeRing) done() <-chan struct{} { return r.hops.doneCh }

func (r *troupeRing) stop() {
	r.absorbed.Wait()
	for _, ref := range r.refs {
		_ = ref.Stop(context.Background())
	}
}
