package actor_test

import (
	"context"
	"testing"
	"testing/synctest"

	"github.com/stretchr/testify/require"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/future"
	"github.com/troupe-go/troupe/registry"
)

// Ask cycles through delivered requests: the reply promise of a request
// the actor took stays in its custody while the handler runs, and follows
// the promise into the messages it sends.

// hopMsg is a hopper's message.
type hopMsg interface{ hop() }

// hopRef is a hopper's ref.
type hopRef = actor.Ref[*hopper, hopMsg]

// askOn asks via[0] to ask the rest in turn, each waiting with its own
// Context; the last answers with its name.
type askOn struct {
	via   []*hopRef
	reply *future.Promise[string]
}

// askHand asks via with a handOn of to, then and holdAsk, and waits.
type askHand struct {
	via, to, then, holdAsk *hopRef
	reply                  *future.Promise[string]
}

// handOn tells to a holdReply of the reply promise and holdAsk, then, if then
// is set, asks then and waits before returning.
type handOn struct {
	to, then, holdAsk *hopRef
	reply             *future.Promise[string]
}

// holdReply answers with the actor's name once the actor's gate opens, or, if
// ask is set, with what ask answers, asked and waited for with the Context.
type holdReply struct {
	ask   *hopRef
	reply *future.Promise[string]
}

func (askOn) hop()     {}
func (askHand) hop()   {}
func (handOn) hop()    {}
func (holdReply) hop() {}

// hopper waits on its gate (if any) before it asks on or answers a holdReply.
type hopper struct {
	gate  chan struct{}
	asked int // askOn messages handled
}

func (h *hopper) Receive(ctx *actor.Context, m hopMsg) error {
	switch m := m.(type) {
	case askOn:
		h.asked++
		if h.gate != nil {
			<-h.gate
		}
		if len(m.via) == 0 {
			m.reply.Resolve(ctx.Name())
			return nil
		}
		m.reply.Complete(actor.Ask(ctx, m.via[0], func(p *future.Promise[string]) hopMsg { return askOn{m.via[1:], p} }))
	case askHand:
		m.reply.Complete(actor.Ask(ctx, m.via, func(p *future.Promise[string]) hopMsg { return handOn{m.to, m.then, m.holdAsk, p} }))
	case handOn:
		if err := m.to.Tell(holdReply{reply: m.reply, ask: m.holdAsk}); err != nil {
			return err
		}
		if m.then != nil {
			_, err := actor.Ask(ctx, m.then, func(p *future.Promise[string]) hopMsg { return askOn{reply: p} })
			return err
		}
	case holdReply:
		if h.gate != nil {
			<-h.gate
		}
		if m.ask == nil {
			m.reply.Resolve(ctx.Name())
			return nil
		}
		m.reply.Complete(actor.Ask(ctx, m.ask, func(p *future.Promise[string]) hopMsg { return askOn{reply: p} }))
	}
	return nil
}

// startHoppers starts a hopper per name in reg; gates[name], if set, is
// that hopper's gate.
func startHoppers(reg *registry.Registry, gates map[string]chan struct{}, names ...string) ([]*hopRef, []*hopper) {
	refs, states := make([]*hopRef, len(names)), make([]*hopper, len(names))
	for i, n := range names {
		states[i] = &hopper{gate: gates[n]}
		refs[i] = actor.Start(states[i], actor.WithRegistry(reg), actor.WithName(n))
	}
	return refs, states
}

func TestAskCycle(t *testing.T) {
	t.Run("A asks B and B's handler asks A back: ErrDeadlock naming both, and B's request is not delivered", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			reg := testRegistry(t)
			gate := make(chan struct{})
			p, s := startHoppers(reg, map[string]chan struct{}{"B": gate}, "A", "B")
			a, b := p[0], p[1]
			got := actor.AskAsync(a, func(r *future.Promise[string]) hopMsg { return askOn{[]*hopRef{b, a}, r} })
			synctest.Wait() // A waits on B, B holds at its gate
			close(gate)     // B asks A back: its wait closes the cycle
			_, err := got.Get(context.Background())
			requireCycle(t, err, b, a)
			require.ErrorIs(t, err, actor.ErrNotDelivered)
			require.NoError(t, reg.StopAll(context.Background()))
			require.Equal(t, 1, s[0].asked, "the request that closed the cycle never reached A")
		})
	})

	t.Run("whichever wait closes A→B→A, it is reported and nothing hangs", func(t *testing.T) {
		reg := testRegistry(t)
		p, _ := startHoppers(reg, nil, "A", "B")
		a, b := p[0], p[1]
		for range 500 {
			_, err := actor.Ask(context.Background(), a, func(r *future.Promise[string]) hopMsg { return askOn{[]*hopRef{b, a}, r} })
			requireCycle(t, err, a, b)
		}
	})

	t.Run("a ring of three asks is found, in ring order", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			reg := testRegistry(t)
			gate := make(chan struct{})
			p, s := startHoppers(reg, map[string]chan struct{}{"C": gate}, "A", "B", "C")
			a, b, c := p[0], p[1], p[2]
			got := actor.AskAsync(a, func(r *future.Promise[string]) hopMsg { return askOn{[]*hopRef{b, c, a}, r} })
			synctest.Wait()
			close(gate)
			_, err := got.Get(context.Background())
			requireCycle(t, err, c, a, b)
			require.ErrorIs(t, err, actor.ErrNotDelivered)
			require.NoError(t, reg.StopAll(context.Background()))
			require.Equal(t, 1, s[0].asked)
		})
	})

	t.Run("a reply promise handed on to C goes with it: B waiting on A is no cycle, since C completes A's wait", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			reg := testRegistry(t)
			gate := make(chan struct{})
			p, _ := startHoppers(reg, map[string]chan struct{}{"C": gate}, "A", "B", "C")
			a, b, c := p[0], p[1], p[2]
			// A asks B and waits; B hands A's reply promise on to C, then
			// asks A and waits; C holds the promise until its gate opens.
			got := actor.AskAsync(a, func(r *future.Promise[string]) hopMsg { return askHand{b, c, a, nil, r} })
			synctest.Wait()
			requirePendingFuture(t, got)
			close(gate)
			v, err := got.Get(context.Background())
			require.NoError(t, err)
			require.Equal(t, "C", v)
		})
	})

	t.Run("a reply promise handed on is followed into a cycle: A waits on what C holds, C asks A and waits", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			reg := testRegistry(t)
			gate := make(chan struct{})
			p, s := startHoppers(reg, map[string]chan struct{}{"C": gate}, "A", "B", "C")
			a, b, c := p[0], p[1], p[2]
			got := actor.AskAsync(a, func(r *future.Promise[string]) hopMsg { return askHand{b, c, nil, a, r} })
			synctest.Wait() // B handed the promise to C and returned; C holds at its gate
			close(gate)
			_, err := got.Get(context.Background())
			requireCycle(t, err, c, a)
			require.ErrorIs(t, err, actor.ErrNotDelivered)
			require.NoError(t, reg.StopAll(context.Background()))
			require.Equal(t, 0, s[0].asked, "C's request never reached A")
		})
	})
}
