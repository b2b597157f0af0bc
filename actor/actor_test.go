package actor_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/future"
	"github.com/troupe-go/troupe/internal/leakcheck"
	"github.com/troupe-go/troupe/registry"
)

// seqMsg carries a sender's own sequence number; an Ask also its reply.
type seqMsg struct {
	sender, seq int
	reply       *future.Promise[int]
}

// orderActor records every message it handles and checks the two
// guarantees: one handler at a time, and per-sender order.
type orderActor struct {
	inFlight atomic.Int32
	overlaps atomic.Int32 // handler entries that found another one running
	last     map[int]int  // sender → last sequence handled
	seen     map[int][]int
	broken   []string // per-sender order violations
	handled  int
}

func newOrderActor() *orderActor {
	return &orderActor{last: map[int]int{}, seen: map[int][]int{}}
}

func (a *orderActor) Receive(_ *actor.Context, m seqMsg) error {
	a.record(m.sender, m.seq)
	if m.reply != nil {
		m.reply.Resolve(m.seq)
	}
	return nil
}

// record is the body of every handler and Call: it yields in the middle to
// give an overlapping handler every chance to show.
func (a *orderActor) record(sender, seq int) {
	if a.inFlight.Add(1) > 1 {
		a.overlaps.Add(1)
	}
	runtime.Gosched()
	if last, ok := a.last[sender]; ok && seq <= last {
		a.broken = append(a.broken, fmt.Sprintf("sender %d: %d after %d", sender, seq, last))
	}
	a.last[sender] = seq
	a.seen[sender] = append(a.seen[sender], seq)
	a.handled++
	a.inFlight.Add(-1)
}

func askSeq(sender, seq int) func(*future.Promise[int]) seqMsg {
	return func(p *future.Promise[int]) seqMsg { return seqMsg{sender: sender, seq: seq, reply: p} }
}

// requireOrderKept requires a (read after its actor stopped) to have handled
// want messages, one at a time and in per-sender order.
func requireOrderKept(t *testing.T, a *orderActor, want int) {
	t.Helper()
	require.Zero(t, a.overlaps.Load(), "handlers overlapped")
	require.Empty(t, a.broken, "per-sender order broken")
	require.Equal(t, want, a.handled)
}

func TestStart(t *testing.T) {
	t.Run("registers the actor before it returns and infers M from Receive", func(t *testing.T) {
		reg := registry.New()
		var ref *actor.Ref[*script, msg] = actor.Start(&script{}, actor.WithRegistry(reg))
		e, ok := reg.ByURN(ref.URN())
		require.True(t, ok)
		require.Same(t, ref, e)
		require.Equal(t, []*actor.Ref[*script, msg]{ref}, registry.Find[*actor.Ref[*script, msg]](reg))
		stop(t, ref)
	})

	t.Run("returns at once while OnStart is still running", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			release := make(chan struct{})
			ref := start(&hooked{start: func(*actor.Context) error { <-release; return nil }})
			require.NoError(t, ref.Tell(msg{n: 1}))
			reply := actor.AskAsync(ref, askN(2))
			synctest.Wait()
			requirePending(t, reply)
			close(release)
			got, err := reply.Get(context.Background())
			require.NoError(t, err)
			require.Equal(t, 2, got)
			stop(t, ref)
		})
	})

	t.Run("an idle actor holds no goroutine", func(t *testing.T) {
		before := leakcheck.Count()
		refs := make([]*actor.Ref[*script, msg], 100)
		for i := range refs {
			refs[i] = start(&script{})
			require.NoError(t, refs[i].Tell(msg{n: i}))
			_, err := actor.AskAsync(refs[i], askN(i)).Get(context.Background())
			require.NoError(t, err)
		}
		requireGoroutinesBackTo(t, before)
		for _, r := range refs {
			require.True(t, r.IsAlive())
			stop(t, r)
		}
	})
}

func TestTell(t *testing.T) {
	t.Run("one handler at a time under 16 senders mixing Tell, Ask and Call", func(t *testing.T) {
		checkGoroutines(t)
		const senders, ops = 16, 300
		a := newOrderActor()
		ref := start(a)
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		var wg sync.WaitGroup
		futures := make(chan *future.Future[int], senders*ops)
		for s := range senders {
			wg.Go(func() {
				rng := rand.New(rand.NewPCG(uint64(s), 1))
				for i := range ops {
					switch rng.IntN(6) {
					case 0:
						assert.NoError(t, ref.Tell(seqMsg{sender: s, seq: i}))
					case 1:
						_, err := actor.Ask(context.Background(), ref, askSeq(s, i))
						assert.NoError(t, err)
					case 2:
						_, err := actor.Ask(ctx, ref, askSeq(s, i))
						assert.NoError(t, err)
					case 3:
						futures <- actor.AskAsync(ref, askSeq(s, i))
					case 4:
						futures <- actor.Call(ref, func(a *orderActor) (int, error) { a.record(s, i); return i, nil })
					case 5:
						futures <- actor.CallContext(ref, func(_ *actor.Context, a *orderActor) (int, error) {
							a.record(s, i)
							return i, nil
						})
					}
				}
			})
		}
		wg.Wait()
		close(futures)
		for f := range futures {
			_, err := f.Get(ctx)
			require.NoError(t, err)
		}
		stop(t, ref)
		requireOrderKept(t, a, senders*ops)
	})

	t.Run("8 senders each see their own messages handled in send order", func(t *testing.T) {
		checkGoroutines(t)
		const senders, n = 8, 2000
		a := newOrderActor()
		ref := start(a)
		var wg sync.WaitGroup
		for s := range senders {
			wg.Go(func() {
				for i := range n {
					assert.NoError(t, ref.Tell(seqMsg{sender: s, seq: i}))
				}
			})
		}
		wg.Wait()
		stop(t, ref)
		requireOrderKept(t, a, senders*n)
		want := make([]int, n)
		for i := range want {
			want[i] = i
		}
		for s := range senders {
			require.Equal(t, want, a.seen[s], "sender %d", s)
		}
	})

	t.Run("messages queued while the actor is busy keep their order as the mailbox grows", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			h := newHeld()
			ref := start(h)
			want := make([]int, 1000)
			for i := range want {
				want[i] = i
				require.NoError(t, ref.Tell(msg{n: i}))
				if i == 500 {
					close(h.release) // drain while still sending: the ring wraps
				}
			}
			stop(t, ref)
			require.Equal(t, want, h.got)
		})
	})
}

func TestStop(t *testing.T) {
	t.Run("is a poison pill: messages queued before it are handled, sends after it fail", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			h := newHeld()
			ref := start(h)
			for i := range 4 {
				require.NoError(t, ref.Tell(msg{n: i}))
			}
			queuedAsk := actor.AskAsync(ref, askN(4))
			queuedCall := actor.Call(ref, func(*held) (int, error) { return 5, nil })
			stopped := make(chan error, 1)
			go func() { stopped <- ref.Stop(context.Background()) }()
			synctest.Wait() // Stop was requested; the actor is held at message 0

			require.True(t, ref.IsAlive(), "a stopping actor is still alive")
			requireOpen(t, ref.Done())
			requireSendsStopped(t, ref)

			close(h.release)
			require.NoError(t, <-stopped)
			require.Equal(t, []int{0, 1, 2, 3, 4}, h.got)
			requireFuture(t, queuedAsk, 4)
			requireFuture(t, queuedCall, 5)
			requireClosed(t, ref.Done())
			require.NoError(t, ref.Err())
			require.False(t, ref.IsAlive())
			requireSendsStopped(t, ref)
		})
	})

	t.Run("on a stopping actor waits like the first call", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			release := make(chan struct{})
			ref := start(&script{receive: func(*actor.Context, msg) error { <-release; return nil }})
			require.NoError(t, ref.Tell(msg{}))
			first, second := make(chan error, 1), make(chan error, 1)
			go func() { first <- ref.Stop(context.Background()) }()
			synctest.Wait()
			go func() { second <- ref.Stop(context.Background()) }()
			synctest.Wait()
			require.Empty(t, first)
			require.Empty(t, second, "the second Stop returned while the actor was still stopping")
			close(release)
			require.NoError(t, <-first)
			require.NoError(t, <-second)
			requireClosed(t, ref.Done())
		})
	})

	t.Run("on a stopped actor returns nil, after a clean stop or a failure", func(t *testing.T) {
		clean := start(&script{})
		stop(t, clean)
		require.NoError(t, clean.Stop(context.Background()))

		failed := start(&script{receive: func(*actor.Context, msg) error { return errBoom }})
		require.NoError(t, failed.Tell(msg{}))
		<-failed.Done()
		require.NoError(t, failed.Stop(context.Background()))
		require.ErrorIs(t, failed.Err(), errBoom)
	})

	t.Run("returns ctx's cause if ctx ends first, and the actor still stops", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			release := make(chan struct{})
			ref := start(&script{receive: func(*actor.Context, msg) error { <-release; return nil }})
			require.NoError(t, ref.Tell(msg{}))
			ctx, cancel := context.WithTimeout(context.Background(), time.Second)
			defer cancel()
			require.ErrorIs(t, ref.Stop(ctx), context.DeadlineExceeded)
			require.ErrorIs(t, ref.Tell(msg{}), actor.ErrStopped)
			close(release)
			<-ref.Done()
			require.NoError(t, ref.Err())
		})
	})

	t.Run("of an actor that never ran, with or without a ctx that can end", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			for _, ctx := range []context.Context{context.Background(), t.Context()} {
				stops := 0
				reg := registry.New()
				ref := start(&hooked{stop: func(*actor.Context) { stops++ }}, actor.WithRegistry(reg))
				require.NoError(t, ref.Stop(ctx))
				requireClosed(t, ref.Done())
				require.Equal(t, 1, stops)
				require.Zero(t, reg.Len())
			}
		})
	})

	t.Run("from the actor's own handler returns nil at once and the queued messages are still handled", func(t *testing.T) {
		type key struct{}
		for name, stopSelf := range map[string]func(*actor.Context) error{
			"Ref.Stop with its Context": func(ctx *actor.Context) error {
				return actor.Self[*script, msg](ctx).Stop(ctx)
			},
			"Ref.Stop with a context derived from its Context": func(ctx *actor.Context) error {
				return actor.Self[*script, msg](ctx).Stop(context.WithValue(ctx, key{}, 1))
			},
			"Context.Stop": func(ctx *actor.Context) error { ctx.Stop(); return nil },
		} {
			t.Run(name, func(t *testing.T) {
				synctest.Test(t, func(t *testing.T) {
					release := make(chan struct{})
					var got []int
					var stopErr, tellErr error
					ref := start(&script{receive: func(ctx *actor.Context, m msg) error {
						if m.n == 0 {
							<-release
							stopErr = stopSelf(ctx)
							tellErr = actor.Self[*script, msg](ctx).Tell(msg{n: 99})
						}
						got = append(got, m.n)
						return nil
					}})
					for i := range 3 {
						require.NoError(t, ref.Tell(msg{n: i}))
					}
					close(release)
					<-ref.Done()
					require.NoError(t, stopErr)
					require.ErrorIs(t, tellErr, actor.ErrStopped)
					require.Equal(t, []int{0, 1, 2}, got)
					require.NoError(t, ref.Err())
				})
			})
		}
	})

	t.Run("requested from a handler run inline by an Ask still ends the actor", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			ref := start(&script{receive: func(ctx *actor.Context, m msg) error {
				ctx.Stop()
				m.reply.Resolve(m.n)
				return nil
			}})
			got, err := actor.Ask(context.Background(), ref, askN(7))
			require.NoError(t, err)
			require.Equal(t, 7, got)
			<-ref.Done()
			require.NoError(t, ref.Err())
		})
	})
}

// requireSendsStopped requires every kind of send to ref to fail with
// ErrStopped.
func requireSendsStopped[S actor.Receiver[msg]](t *testing.T, ref *actor.Ref[S, msg]) {
	t.Helper()
	require.ErrorIs(t, ref.Tell(msg{}), actor.ErrStopped)
	require.ErrorIs(t, ref.TellContext(context.Background(), msg{}), actor.ErrStopped)
	_, err := actor.Ask(context.Background(), ref, askN(1))
	require.ErrorIs(t, err, actor.ErrStopped)
	_, err = actor.Ask(t.Context(), ref, askN(1))
	require.ErrorIs(t, err, actor.ErrStopped)
	_, err = actor.AskAsync(ref, askN(1)).Peek()
	require.ErrorIs(t, err, actor.ErrStopped)
	_, err = actor.Call(ref, func(S) (int, error) { return 1, nil }).Peek()
	require.ErrorIs(t, err, actor.ErrStopped)
	_, err = actor.CallContext(ref, func(*actor.Context, S) (int, error) { return 1, nil }).Peek()
	require.ErrorIs(t, err, actor.ErrStopped)
}

// requireFuture requires f to have completed with v.
func requireFuture[T any](t *testing.T, f *future.Future[T], v T) {
	t.Helper()
	got, err := f.Peek()
	require.NoError(t, err)
	require.Equal(t, v, got)
}

func TestContext(t *testing.T) {
	t.Run("is Done only when the loop has ended, and Err is nil after a clean Stop", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			var (
				actx        *actor.Context
				doneInLoop  []bool
				errsInLoop  []error
				stopping    = make(chan struct{})
				stopRequest = make(chan struct{})
			)
			ref := start(&script{receive: func(ctx *actor.Context, m msg) error {
				actx = ctx
				if m.n == 0 {
					close(stopping)
					<-stopRequest
				}
				select {
				case <-ctx.Done():
					doneInLoop = append(doneInLoop, true)
				default:
					doneInLoop = append(doneInLoop, false)
				}
				errsInLoop = append(errsInLoop, ctx.Err())
				return nil
			}})
			require.NoError(t, ref.Tell(msg{n: 0}))
			require.NoError(t, ref.Tell(msg{n: 1}))
			<-stopping
			stopped := make(chan error, 1)
			go func() { stopped <- ref.Stop(context.Background()) }()
			synctest.Wait()
			close(stopRequest)
			require.NoError(t, <-stopped)

			require.Equal(t, []bool{false, false}, doneInLoop, "Done closed before the queued messages were handled")
			require.Equal(t, []error{nil, nil}, errsInLoop)
			requireClosed(t, actx.Done())
			require.ErrorIs(t, actx.Err(), context.Canceled)
			require.NoError(t, ref.Err())
		})
	})

	t.Run("names its actor and has no deadline and no foreign values", func(t *testing.T) {
		logger, _ := bufferLogger()
		type key struct{}
		ctxs := make(chan *actor.Context, 1)
		ref := start(&script{receive: func(ctx *actor.Context, _ msg) error { ctxs <- ctx; return nil }},
			actor.WithName("named"), actor.WithLogger(logger))
		require.NoError(t, ref.Tell(msg{}))
		ctx := <-ctxs
		require.Equal(t, "named", ctx.Name())
		require.Equal(t, ref.URN(), ctx.URN())
		require.Same(t, logger, ctx.Logger())
		_, ok := ctx.Deadline()
		require.False(t, ok)
		require.Nil(t, ctx.Value(key{}))
		require.Contains(t, ctx.String(), "named")
		require.Contains(t, ctx.String(), ref.URN())
		stop(t, ref)
	})

	t.Run("Self returns the actor's own typed ref", func(t *testing.T) {
		ref := start(&script{})
		got, err := actor.CallContext(ref, func(ctx *actor.Context, _ *script) (*actor.Ref[*script, msg], error) {
			return actor.Self[*script, msg](ctx), nil
		}).Get(context.Background())
		require.NoError(t, err)
		require.Same(t, ref, got)
		stop(t, ref)
	})

	t.Run("Self with another actor's types panics naming both", func(t *testing.T) {
		ref := start(&script{})
		_, err := actor.CallContext(ref, func(ctx *actor.Context, _ *script) (int, error) {
			actor.Self[*orderActor, seqMsg](ctx)
			return 0, nil
		}).Get(context.Background())
		requirePanic(t, err, fmt.Sprintf("actor: Self[%T] called from an actor of type %T", (*actor.Ref[*orderActor, seqMsg])(nil), ref))
		stop(t, ref)
	})
}
