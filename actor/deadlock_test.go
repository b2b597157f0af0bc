package actor_test

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/future"
	"github.com/troupe-go/troupe/registry"
)

// peer is an actor that only serves calls: each test scripts what its
// handlers do with CallContext.
type peer struct{ actor.NoMessages }

type peerRef = actor.CallRef[*peer]

// testRegistry returns a registry of the test's own whose actors are
// stopped when the test ends.
func testRegistry(t testing.TB) *registry.Registry {
	reg := registry.New()
	t.Cleanup(func() { require.NoError(t, reg.StopAll(context.Background())) })
	return reg
}

// startPeers starts one peer per name in reg.
func startPeers(reg *registry.Registry, names ...string) []*peerRef {
	refs := make([]*peerRef, len(names))
	for i, n := range names {
		refs[i] = actor.Start(&peer{}, actor.WithRegistry(reg), actor.WithName(n))
	}
	return refs
}

// answer is a call that answers with the actor's name.
func answer(ctx *actor.Context, _ *peer) (string, error) { return ctx.Name(), nil }

// callAndWait is a handler that calls next with fn and waits for it with its
// own ctx (or wrap(ctx), a context derived from it).
func callAndWait(next *peerRef, fn func(*actor.Context, *peer) (string, error)) func(*actor.Context, *peer) (string, error) {
	return func(ctx *actor.Context, _ *peer) (string, error) {
		return actor.CallContext(next, fn).Get(ctx)
	}
}

// requireCycle requires err to be a deadlock whose cycle is refs in this
// order, starting from whichever of them closed it.
func requireCycle(t *testing.T, err error, refs ...registry.Entry) {
	t.Helper()
	require.ErrorIs(t, err, actor.ErrDeadlock)
	var de *actor.DeadlockError
	require.ErrorAs(t, err, &de)
	require.Len(t, de.Cycle, len(refs), "cycle %v", de.Cycle)
	first := -1
	for i, m := range de.Cycle {
		if m.URN == refs[0].URN() {
			first = i
		}
	}
	require.GreaterOrEqual(t, first, 0, "%s missing from the cycle %v", refs[0].Name(), de.Cycle)
	for k, r := range refs {
		m := de.Cycle[(first+k)%len(refs)]
		require.Equal(t, r.Name(), m.Name, "cycle %v", de.Cycle)
		require.Equal(t, r.URN(), m.URN, "cycle %v", de.Cycle)
	}
}

// seedA and seedB are the seed's ActorA and ActorB: methods called through
// Call, waiting with the Context each keeps from OnStart.
type seedA struct {
	actor.NoMessages
	ctx *actor.Context
}

func (a *seedA) OnStart(ctx *actor.Context) error { a.ctx = ctx; return nil }

// MethodA calls B's MethodB and waits for it.
func (a *seedA) MethodA(b *actor.CallRef[*seedB]) (string, error) {
	return actor.Call(b, (*seedB).MethodB).Get(a.ctx)
}

// Hello is what A answers when it is free.
func (a *seedA) Hello() (string, error) { return "A", nil }

type seedB struct {
	actor.NoMessages
	ctx *actor.Context
	a   *actor.CallRef[*seedA]
}

func (b *seedB) OnStart(ctx *actor.Context) error { b.ctx = ctx; return nil }

// MethodB calls back into A and waits for it.
func (b *seedB) MethodB() (string, error) {
	return actor.Call(b.a, (*seedA).Hello).Get(b.ctx)
}

func (b *seedB) Hello() (string, error) { return "B", nil }

func TestDeadlock(t *testing.T) {
	t.Run("the seed's A and B waiting on each other get ErrDeadlock naming both, and both still answer", func(t *testing.T) {
		reg := testRegistry(t)
		a := actor.Start(&seedA{}, actor.WithRegistry(reg), actor.WithName("ActorA"))
		b := actor.Start(&seedB{a: a}, actor.WithRegistry(reg), actor.WithName("ActorB"))

		_, err := actor.Call(a, func(a *seedA) (string, error) { return a.MethodA(b) }).Get(context.Background())
		requireCycle(t, err, a, b)
		require.Contains(t, err.Error(), "ActorA ("+a.URN()+")")
		require.Contains(t, err.Error(), "ActorB ("+b.URN()+")")

		requireFutureValue(t, "A", actor.Call(a, (*seedA).Hello))
		requireFutureValue(t, "B", actor.Call(b, (*seedB).Hello))
	})

	t.Run("the same cycle through CallContext handlers", func(t *testing.T) {
		reg := testRegistry(t)
		p := startPeers(reg, "A", "B")
		_, err := actor.CallContext(p[0], callAndWait(p[1], callAndWait(p[0], answer))).Get(context.Background())
		requireCycle(t, err, p[0], p[1])
		requireFutureValue(t, "A", actor.CallContext(p[0], answer))
		requireFutureValue(t, "B", actor.CallContext(p[1], answer))
	})

	t.Run("a ring of three is found, in ring order", func(t *testing.T) {
		reg := testRegistry(t)
		p := startPeers(reg, "A", "B", "C")
		ring := callAndWait(p[1], callAndWait(p[2], callAndWait(p[0], answer)))
		_, err := actor.CallContext(p[0], ring).Get(context.Background())
		requireCycle(t, err, p[0], p[1], p[2])
		for _, r := range p {
			requireFutureValue(t, r.Name(), actor.CallContext(r, answer))
		}
	})

	t.Run("an actor waiting on a call queued to itself is a cycle of one", func(t *testing.T) {
		reg := testRegistry(t)
		a := startPeers(reg, "A")[0]
		_, err := actor.CallContext(a, callAndWait(a, answer)).Get(context.Background())
		requireCycle(t, err, a)
		requireFutureValue(t, "A", actor.CallContext(a, answer))
	})

	t.Run("an actor asking itself and waiting is a cycle of one", func(t *testing.T) {
		reg := testRegistry(t)
		e := actor.Start(&echo{}, actor.WithRegistry(reg), actor.WithName("Echo"))
		_, err := actor.Ask(context.Background(), e, func(p *future.Promise[string]) echoMsg {
			return echoMsg{reply: p, askSelf: true}
		})
		requireCycle(t, err, e)
		got, err := actor.Ask(context.Background(), e, func(p *future.Promise[string]) echoMsg { return echoMsg{reply: p} })
		require.NoError(t, err)
		require.Equal(t, "echo", got)
	})

	t.Run("a context derived from the actor's still detects", func(t *testing.T) {
		reg := testRegistry(t)
		p := startPeers(reg, "A", "B")
		derived := func(next *peerRef, fn func(*actor.Context, *peer) (string, error)) func(*actor.Context, *peer) (string, error) {
			return func(ctx *actor.Context, _ *peer) (string, error) {
				sub, cancel := context.WithTimeout(ctx, time.Hour)
				defer cancel()
				return actor.CallContext(next, fn).Get(sub)
			}
		}
		_, err := actor.CallContext(p[0], derived(p[1], derived(p[0], answer))).Get(context.Background())
		requireCycle(t, err, p[0], p[1])
	})

	t.Run("the error travels back through every waiter like a handler's error", func(t *testing.T) {
		reg := testRegistry(t)
		p := startPeers(reg, "Front", "A", "B")
		// Front waits on A, which deadlocks with B; Front is not in the
		// cycle but learns of it from A's failed call.
		_, err := actor.CallContext(p[0], callAndWait(p[1], callAndWait(p[2], callAndWait(p[1], answer)))).Get(context.Background())
		requireCycle(t, err, p[1], p[2])
	})
}

// echo answers Asks; asked with askSelf, it first asks itself and waits.
type echo struct{}

type echoMsg struct {
	reply   *future.Promise[string]
	askSelf bool
}

func (*echo) Receive(ctx *actor.Context, m echoMsg) error {
	if m.askSelf {
		self := actor.Self[*echo, echoMsg](ctx)
		v, err := actor.Ask(ctx, self, func(p *future.Promise[string]) echoMsg { return echoMsg{reply: p} })
		if err != nil {
			return err
		}
		m.reply.Resolve(v)
		return nil
	}
	m.reply.Resolve("echo")
	return nil
}

func requireFutureValue[T any](t *testing.T, want T, f *future.Future[T]) {
	t.Helper()
	got, err := f.Get(context.Background())
	require.NoError(t, err)
	require.Equal(t, want, got)
}

// forwarder hands an Ask's reply promise on to the resolver and returns.
type forwarder struct {
	to *actor.Ref[*resolver, *future.Promise[string]]
}

type fwdMsg struct{ reply *future.Promise[string] }

func (f *forwarder) Receive(_ *actor.Context, m fwdMsg) error { return f.to.Tell(m.reply) }

// resolver resolves the promises it is told once its gate opens.
type resolver struct{ gate chan struct{} }

func (r *resolver) Receive(_ *actor.Context, p *future.Promise[string]) error {
	<-r.gate
	p.Resolve("from C")
	return nil
}

func TestNoFalseDeadlock(t *testing.T) {
	t.Run("a reply promise forwarded through a third actor is not followed back to the one it was asked of", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			reg := testRegistry(t)
			gate := make(chan struct{})
			c := actor.Start(&resolver{gate: gate}, actor.WithRegistry(reg), actor.WithName("C"))
			b := actor.Start(&forwarder{to: c}, actor.WithRegistry(reg), actor.WithName("B"))
			a := startPeers(reg, "A")[0]

			// A asks B and waits; B hands the reply promise to C and returns;
			// C holds it until the gate opens.
			asked := actor.CallContext(a, func(ctx *actor.Context, _ *peer) (string, error) {
				return actor.AskAsync(b, func(p *future.Promise[string]) fwdMsg { return fwdMsg{p} }).Get(ctx)
			})
			synctest.Wait()
			// Now B waits on A. Had the runtime kept B as the actor that
			// completes A's future, B→A→B would look like a cycle; it is
			// none, since C completes it.
			bWaits := actor.CallContext(b, func(ctx *actor.Context, _ *forwarder) (string, error) {
				return actor.CallContext(a, answer).Get(ctx)
			})
			synctest.Wait()
			requirePendingFuture(t, bWaits)
			requirePendingFuture(t, asked)

			close(gate)
			requireFutureValue(t, "from C", asked)
			requireFutureValue(t, "A", bWaits)
		})
	})

	t.Run("a goroutine a handler left behind, waiting with its Context, does not make the actor look blocked", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			reg := testRegistry(t)
			p := startPeers(reg, "A", "B")
			a, b := p[0], p[1]
			gate := make(chan struct{})
			left := make(chan error, 1)
			// A's handler starts a goroutine that calls B with A's Context
			// and returns without waiting for it. B's call waits on the gate,
			// then on A, which is idle and answers.
			requireFutureValue(t, "A", actor.CallContext(a, func(ctx *actor.Context, _ *peer) (string, error) {
				go func() {
					_, err := actor.CallContext(b, func(ctx *actor.Context, _ *peer) (string, error) {
						<-gate
						return actor.CallContext(a, answer).Get(ctx)
					}).Get(ctx)
					left <- err
				}()
				return ctx.Name(), nil
			}))
			synctest.Wait()
			close(gate)
			require.NoError(t, <-left)
		})
	})

	t.Run("while two goroutines wait with one actor's Context, neither is taken for the actor", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			reg := testRegistry(t)
			p := startPeers(reg, "A", "B", "C")
			a, b, c := p[0], p[1], p[2]
			slowB, goC, cWaits := make(chan struct{}), make(chan struct{}), make(chan struct{})
			results := make(chan error, 2)
			// A's handler waits on B, which is slow. A goroutine it started
			// waits (with A's Context) on C, and C waits on A. A is not
			// blocked on C: once B answers, A's handler returns, A serves C,
			// and C answers the goroutine.
			handler := actor.CallContext(a, func(ctx *actor.Context, _ *peer) (string, error) {
				go func() {
					<-goC
					_, err := actor.CallContext(c, func(ctx *actor.Context, _ *peer) (string, error) {
						<-cWaits
						return actor.CallContext(a, answer).Get(ctx)
					}).Get(ctx)
					results <- err
				}()
				return actor.CallContext(b, func(*actor.Context, *peer) (string, error) {
					<-slowB
					return "B", nil
				}).Get(ctx)
			})
			synctest.Wait()
			close(goC) // the goroutine waits on C after A's handler waits on B
			synctest.Wait()
			close(cWaits)
			synctest.Wait()
			requirePendingFuture(t, handler)

			close(slowB)
			requireFutureValue(t, "B", handler)
			require.NoError(t, <-results)
		})
	})

	t.Run("a wait with a plain context, even inside a handler, is not part of the graph", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			reg := testRegistry(t)
			p := startPeers(reg, "A", "B")
			a, b := p[0], p[1]
			// A waits on B with context.Background, B waits on A with its
			// Context: a real deadlock, but one the runtime is not told of, so
			// B's wait runs into its own timeout instead of ErrDeadlock.
			_, err := actor.CallContext(a, func(ctx *actor.Context, _ *peer) (string, error) {
				return actor.CallContext(b, func(ctx *actor.Context, _ *peer) (string, error) {
					sub, cancel := context.WithTimeout(ctx, time.Minute)
					defer cancel()
					return actor.CallContext(a, answer).Get(sub)
				}).Get(context.Background())
			}).Get(context.Background())
			require.ErrorIs(t, err, context.DeadlineExceeded)
			require.NotErrorIs(t, err, actor.ErrDeadlock)
		})
	})

	t.Run("a wait on a future that completes as the wait begins never reports a cycle", func(t *testing.T) {
		reg := testRegistry(t)
		p := startPeers(reg, "A", "B")
		a, b := p[0], p[1]
		for range 2000 {
			// A waits on B's first call. B completes it and goes straight on
			// to its second, which waits on A: queued behind A's handler,
			// it is no deadlock, but a walk that read A's future as pending
			// and then B's new wait would see A→B→A.
			var back *future.Future[string]
			requireFutureValue(t, "B", actor.CallContext(a, func(ctx *actor.Context, _ *peer) (string, error) {
				first := actor.CallContext(b, answer)
				back = actor.CallContext(b, callAndWait(a, answer))
				return first.Get(ctx)
			}))
			requireFutureValue(t, "A", back) // before the next round, which would be a real deadlock
		}
	})
}

func requirePendingFuture[T any](t *testing.T, f *future.Future[T]) {
	t.Helper()
	_, err := f.Peek()
	require.ErrorIs(t, err, future.ErrPending)
}
