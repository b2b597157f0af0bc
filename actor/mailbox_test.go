package actor_test

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/future"
)

// held is an actor that holds its first message (n == 0) until release is
// closed, and records the n of every message it handles. With failFirst,
// the held message then fails.
type held struct {
	script
	release   chan struct{}
	failFirst bool
	got       []int
}

func newHeld() *held {
	h := &held{release: make(chan struct{})}
	h.receive = func(_ *actor.Context, m msg) error {
		if m.n == 0 {
			<-h.release
			if h.failFirst {
				return errBoom
			}
		}
		h.got = append(h.got, m.n)
		if m.reply != nil {
			m.reply.Resolve(m.n)
		}
		return nil
	}
	return h
}

// startHeld starts a held actor with a bounded mailbox and tells it message
// 0, which it holds; it returns once the actor is handling it, so the
// mailbox is empty.
func startHeld(t *testing.T, capacity int, overflow actor.Overflow, opts ...actor.Option) (*held, *actor.Ref[*held, msg]) {
	t.Helper()
	h := newHeld()
	ref := start(h, append([]actor.Option{actor.WithMailbox(capacity, overflow)}, opts...)...)
	require.NoError(t, ref.Tell(msg{n: 0}))
	synctest.Wait()
	return h, ref
}

// sends are the ways to put a message in a mailbox, each returning the
// send's error (for a future, its error right after the send).
var sends = map[string]func(ref *actor.Ref[*held, msg], n int) error{
	"Tell":        func(ref *actor.Ref[*held, msg], n int) error { return ref.Tell(msg{n: n}) },
	"TellContext": func(ref *actor.Ref[*held, msg], n int) error { return ref.TellContext(context.Background(), msg{n: n}) },
	"Ask": func(ref *actor.Ref[*held, msg], n int) error {
		_, err := actor.Ask(context.Background(), ref, askN(n))
		return err
	},
	"AskAsync": func(ref *actor.Ref[*held, msg], n int) error {
		return peekErr(actor.AskAsync(ref, askN(n)))
	},
	"Call": func(ref *actor.Ref[*held, msg], n int) error {
		return peekErr(actor.Call(ref, func(h *held) (int, error) { h.got = append(h.got, n); return n, nil }))
	},
	"CallContext": func(ref *actor.Ref[*held, msg], n int) error {
		return peekErr(actor.CallContext(ref, func(_ *actor.Context, h *held) (int, error) {
			h.got = append(h.got, n)
			return n, nil
		}))
	},
}

// peekErr returns a future's error if it has completed, nil if it waits.
func peekErr[T any](f interface{ Peek() (T, error) }) error {
	_, err := f.Peek()
	if errors.Is(err, future.ErrPending) {
		return nil
	}
	return err
}

func TestMailbox(t *testing.T) {
	t.Run("capacity counts queued messages, not the one being handled", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			h, ref := startHeld(t, 2, actor.OverflowFail)
			require.NoError(t, ref.Tell(msg{n: 1}))
			require.NoError(t, ref.Tell(msg{n: 2}))
			require.ErrorIs(t, ref.Tell(msg{n: 3}), actor.ErrMailboxFull)
			close(h.release)
			stop(t, ref)
			require.Equal(t, []int{0, 1, 2}, h.got)
		})
	})

	for name, send := range sends {
		t.Run("OverflowFail refuses "+name+" with ErrMailboxFull when full, and the refused message is never handled", func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				h, ref := startHeld(t, 1, actor.OverflowFail)
				require.NoError(t, ref.Tell(msg{n: 1}))
				require.ErrorIs(t, send(ref, 2), actor.ErrMailboxFull)
				close(h.release)
				synctest.Wait()
				require.NoError(t, send(ref, 3), "room again once the mailbox drained")
				stop(t, ref)
				require.Equal(t, []int{0, 1, 3}, h.got)
			})
		})

		t.Run("OverflowBlock makes "+name+" wait for room, then queues it in order", func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				h, ref := startHeld(t, 1, actor.OverflowBlock)
				require.NoError(t, ref.Tell(msg{n: 1}))
				sent := make(chan error, 1)
				go func() { sent <- send(ref, 2) }()
				synctest.Wait()
				require.Empty(t, sent, "the send did not wait for room")
				close(h.release)
				require.NoError(t, <-sent)
				stop(t, ref)
				require.Equal(t, []int{0, 1, 2}, h.got)
			})
		})
	}

	t.Run("TellContext returns ctx's error when ctx ends while it waits, and the message is not accepted", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			h, ref := startHeld(t, 1, actor.OverflowBlock)
			require.NoError(t, ref.Tell(msg{n: 1}))

			ctx, cancel := context.WithTimeout(context.Background(), time.Second)
			defer cancel()
			began := time.Now()
			require.ErrorIs(t, ref.TellContext(ctx, msg{n: 2}), context.DeadlineExceeded)
			require.Equal(t, time.Second, time.Since(began))

			errGone := errors.New("sender gone")
			cctx, cancelCause := context.WithCancelCause(context.Background())
			sent := make(chan error, 1)
			go func() { sent <- ref.TellContext(cctx, msg{n: 3}) }()
			synctest.Wait()
			cancelCause(errGone)
			require.ErrorIs(t, <-sent, errGone)

			close(h.release)
			stop(t, ref)
			require.Equal(t, []int{0, 1}, h.got)
		})
	})

	t.Run("TellContext with room accepts even if ctx has ended, as semaphore.Acquire does", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			h, ref := startHeld(t, 1, actor.OverflowBlock)
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			require.NoError(t, ref.TellContext(ctx, msg{n: 1}))
			close(h.release)
			stop(t, ref)
			require.Equal(t, []int{0, 1}, h.got)
		})
	})

	t.Run("Ask returns ctx's error when ctx ends while it waits for room", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			h, ref := startHeld(t, 1, actor.OverflowBlock)
			require.NoError(t, ref.Tell(msg{n: 1}))
			ctx, cancel := context.WithTimeout(context.Background(), time.Second)
			defer cancel()
			_, err := actor.Ask(ctx, ref, askN(2))
			require.ErrorIs(t, err, context.DeadlineExceeded)
			close(h.release)
			stop(t, ref)
			require.Equal(t, []int{0, 1}, h.got)
		})
	})

	for _, failFirst := range []bool{false, true} {
		name := map[bool]string{false: "Stop", true: "a failing Tell"}[failFirst]
		t.Run(name+" wakes every sender waiting for room with ErrStopped", func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				var letters []actor.DeadLetter
				h := newHeld()
				h.failFirst = failFirst
				ref := start(h, actor.WithMailbox(1, actor.OverflowBlock),
					actor.WithDeadLetters(func(d actor.DeadLetter) { letters = append(letters, d) }))
				require.NoError(t, ref.Tell(msg{n: 0}))
				synctest.Wait()
				require.NoError(t, ref.Tell(msg{n: 1}))
				waiting := make(chan error, len(sends))
				for _, send := range sends {
					go func() { waiting <- send(ref, 2) }()
				}
				synctest.Wait()
				require.Empty(t, waiting)
				stopped := make(chan error, 1)
				if failFirst {
					close(h.release)
				} else {
					go func() { stopped <- ref.Stop(context.Background()) }()
				}
				for range len(sends) {
					require.ErrorIs(t, <-waiting, actor.ErrStopped)
				}
				if !failFirst {
					close(h.release)
				}
				<-ref.Done()
				if failFirst {
					require.ErrorIs(t, ref.Err(), errBoom)
					require.Empty(t, h.got)
					require.Len(t, letters, 1, "the queued Tell is a dead letter")
					require.Equal(t, msg{n: 1}, letters[0].Message)
				} else {
					require.NoError(t, <-stopped)
					require.Equal(t, []int{0, 1}, h.got)
					require.Empty(t, letters)
				}
			})
		})
	}
}

func TestMailboxWaitsPark(t *testing.T) {
	// synctest.Wait returns only once every goroutine of the bubble is
	// durably blocked: a sender or an actor that waits by yielding in a loop
	// keeps it from returning.
	t.Run("a sender facing a full stalled mailbox and an actor with an empty one are durably blocked, and all is handled once the actor moves", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			h, stalled := startHeld(t, 2, actor.OverflowBlock)
			require.NoError(t, stalled.Tell(msg{n: 1}))
			require.NoError(t, stalled.Tell(msg{n: 2}))
			sent := make(chan error, 1)
			go func() { sent <- stalled.Tell(msg{n: 3}) }() // finds the mailbox full

			// An unbounded mailbox of a stalled actor takes a flood that
			// overflows its ring: the sender waits, parked, for a time slice
			// of the fake clock, then the messages go to the overflow list.
			f := newHeld()
			flooded := start(f)
			require.NoError(t, flooded.Tell(msg{n: 0}))
			const flood = 5_000
			for n := 1; n <= flood; n++ {
				require.NoError(t, flooded.Tell(msg{n: n}))
			}

			var idleGot []int
			idle := start(&script{receive: func(_ *actor.Context, m msg) error {
				idleGot = append(idleGot, m.n)
				return nil
			}})
			require.NoError(t, idle.Tell(msg{n: 1}))

			synctest.Wait()
			require.Empty(t, sent, "the send did not wait for room")
			require.Equal(t, []int{1}, idleGot)
			require.Equal(t, 2, stalled.Len())
			require.Equal(t, flood, flooded.Len())

			close(h.release)
			close(f.release)
			require.NoError(t, <-sent)
			require.NoError(t, idle.Tell(msg{n: 2}))
			stop(t, stalled)
			stop(t, flooded)
			stop(t, idle)
			require.Equal(t, []int{0, 1, 2, 3}, h.got)
			require.Len(t, f.got, flood+1)
			for i, n := range f.got {
				require.Equal(t, i, n)
			}
			require.Equal(t, []int{1, 2}, idleGot)
		})
	})
}
