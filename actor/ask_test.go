package actor_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/future"
)

// person answers two kinds of question, each with its own reply type.
type person struct{ name string }

type question interface{ isQuestion() }

type nameQ struct{ reply *future.Promise[string] }
type ageQ struct{ reply *future.Promise[int] }

func (nameQ) isQuestion() {}
func (ageQ) isQuestion()  {}

func (p *person) Receive(_ *actor.Context, q question) error {
	switch q := q.(type) {
	case nameQ:
		q.reply.Resolve(p.name)
	case ageQ:
		q.reply.Resolve(42)
	}
	return nil
}

func TestAsk(t *testing.T) {
	t.Run("each message kind has its own typed reply", func(t *testing.T) {
		ref := start(&person{name: "Ada"})
		name, err := actor.Ask(t.Context(), ref, func(p *future.Promise[string]) question { return nameQ{p} })
		require.NoError(t, err)
		require.Equal(t, "Ada", name)
		age, err := actor.AskAsync(ref, func(p *future.Promise[int]) question { return ageQ{p} }).Get(t.Context())
		require.NoError(t, err)
		require.Equal(t, 42, age)
		stop(t, ref)
	})

	for name, tc := range failures("ask boom") {
		t.Run("a handler failing with "+name+" fails the reply and the actor keeps running", func(t *testing.T) {
			failures := 0
			ref := start(&hooked{
				script: script{receive: func(ctx *actor.Context, m msg) error {
					if m.n < 0 {
						return tc.receive(ctx, m)
					}
					m.reply.Resolve(m.n)
					return nil
				}},
				failure: func(*actor.Context, error) { failures++ },
			})
			for _, ask := range map[string]func() error{
				"Ask with a Background ctx": func() error { _, err := actor.Ask(context.Background(), ref, askN(-1)); return err },
				"Ask with a ctx that can end": func() error {
					_, err := actor.Ask(t.Context(), ref, askN(-1))
					return err
				},
				"AskAsync": func() error { _, err := actor.AskAsync(ref, askN(-1)).Get(t.Context()); return err },
			} {
				tc.check(t, ask())
				got, err := actor.Ask(t.Context(), ref, askN(7))
				require.NoError(t, err)
				require.Equal(t, 7, got)
				require.True(t, ref.IsAlive())
			}
			stop(t, ref)
			require.Zero(t, failures, "OnFailure ran for an Ask's failure")
		})
	}

	t.Run("a reply resolved before the handler fails keeps its value", func(t *testing.T) {
		ref := start(&script{receive: func(_ *actor.Context, m msg) error {
			m.reply.Resolve(m.n)
			return errBoom
		}})
		got, err := actor.Ask(t.Context(), ref, askN(3))
		require.NoError(t, err)
		require.Equal(t, 3, got)
		stop(t, ref)
	})

	t.Run("a handler may hand the reply on to another actor", func(t *testing.T) {
		doubler := start(&script{receive: func(_ *actor.Context, m msg) error {
			m.reply.Resolve(2 * m.n)
			return nil
		}})
		front := start(&script{receive: func(_ *actor.Context, m msg) error {
			return doubler.Tell(m)
		}})
		got, err := actor.Ask(t.Context(), front, askN(21))
		require.NoError(t, err)
		require.Equal(t, 42, got)
		stop(t, front)
		stop(t, doubler)
	})

	t.Run("a handler that never resolves leaves Ask waiting until its ctx ends, with ctx's cause", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			ref := start(&script{receive: func(*actor.Context, msg) error { return nil }})
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			began := time.Now()
			_, err := actor.Ask(ctx, ref, askN(1))
			require.ErrorIs(t, err, context.DeadlineExceeded)
			require.Equal(t, time.Minute, time.Since(began))

			errGone := errors.New("caller gone")
			ctx, cancelCause := context.WithCancelCause(context.Background())
			reply := make(chan error, 1)
			go func() { _, err := actor.Ask(ctx, ref, askN(1)); reply <- err }()
			synctest.Wait()
			require.Empty(t, reply)
			cancelCause(errGone)
			require.ErrorIs(t, <-reply, errGone)
			stop(t, ref)
		})
	})
}

func TestAskInline(t *testing.T) {
	t.Run("an Ask with context.Background on an idle actor runs the handler on the caller's goroutine", func(t *testing.T) {
		var handler string
		ref := start(&script{receive: func(_ *actor.Context, m msg) error {
			handler = goid()
			m.reply.Resolve(m.n)
			return nil
		}})
		_, err := actor.Ask(context.Background(), ref, askN(1))
		require.NoError(t, err)
		require.Equal(t, goid(), handler)
		stop(t, ref)
	})

	t.Run("Tells from one goroutine and Asks from another keep one-at-a-time and per-sender order", func(t *testing.T) {
		checkGoroutines(t)
		const n = 3000
		a := newOrderActor()
		ref := start(a)
		var wg sync.WaitGroup
		wg.Go(func() {
			for i := range n {
				assert.NoError(t, ref.Tell(seqMsg{sender: 0, seq: i}))
			}
		})
		wg.Go(func() {
			for i := range n {
				got, err := actor.Ask(context.Background(), ref, askSeq(1, i))
				assert.NoError(t, err)
				assert.Equal(t, i, got)
			}
		})
		wg.Wait()
		stop(t, ref)
		requireOrderKept(t, a, 2*n)
	})

	t.Run("a Tell sent while an inline handler runs is handled after it", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			release := make(chan struct{})
			var got []int
			ref := start(&script{receive: func(_ *actor.Context, m msg) error {
				if m.reply != nil {
					<-release
					m.reply.Resolve(m.n)
				}
				got = append(got, m.n)
				return nil
			}})
			reply := make(chan int, 1)
			go func() {
				v, err := actor.Ask(context.Background(), ref, askN(1))
				assert.NoError(t, err)
				reply <- v
			}()
			synctest.Wait()
			require.NoError(t, ref.Tell(msg{n: 2}))
			stopped := make(chan error, 1)
			go func() { stopped <- ref.Stop(context.Background()) }()
			synctest.Wait()
			require.Empty(t, stopped, "Stop returned while the inline handler ran")
			close(release)
			require.Equal(t, 1, <-reply)
			require.NoError(t, <-stopped)
			require.Equal(t, []int{1, 2}, got)
		})
	})

	t.Run("an inline handler's panic fails the reply and the actor keeps running", func(t *testing.T) {
		ref := start(&script{receive: func(_ *actor.Context, m msg) error {
			if m.n < 0 {
				panic("inline boom")
			}
			m.reply.Resolve(m.n)
			return nil
		}})
		_, err := actor.Ask(context.Background(), ref, askN(-1))
		requirePanic(t, err, "inline boom")
		got, err := actor.Ask(context.Background(), ref, askN(5))
		require.NoError(t, err)
		require.Equal(t, 5, got)
		stop(t, ref)
	})
}
