package remotetest_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/future"
	"github.com/troupe-go/troupe/remote"
)

func TestRoundTrip(t *testing.T) {
	e := newEnv(t)
	s, acct := e.servePair("acct-1")
	ctx := ctxFor(t)

	t.Run("Ask waits for the typed reply", func(t *testing.T) {
		b, err := remote.Ask(ctx, acct, Deposit, Amount{N: 40})
		require.NoError(t, err)
		require.Equal(t, Balance{40}, b)
	})
	t.Run("AskAsync futures compose with GetAll, Map and Then", func(t *testing.T) {
		fs := make([]*future.Future[Balance], 5)
		for i := range fs {
			fs[i] = remote.AskAsync(ctx, acct, Deposit, Amount{N: 1})
		}
		bs, err := future.GetAll(ctx, fs...)
		require.NoError(t, err)
		require.Len(t, bs, 5) // handled in the order sent, each seeing the ones before
		for i, b := range bs {
			require.Equal(t, 41+i, b.N)
		}
		doubled := future.Map(remote.AskAsync(ctx, acct, GetBalance, struct{}{}), func(b Balance) (int, error) { return 2 * b.N, nil })
		v, err := doubled.Get(ctx)
		require.NoError(t, err)
		require.Equal(t, 90, v)
		then := future.Then(remote.AskAsync(ctx, acct, Withdraw, Amount{N: 5}), func(b Balance) *future.Future[Balance] {
			return remote.AskAsync(ctx, acct, Deposit, Amount{N: b.N})
		})
		b, err := then.Get(ctx)
		require.NoError(t, err)
		require.Equal(t, Balance{80}, b)
	})
	t.Run("Tell is handled in order before a later ask; TellAck confirms", func(t *testing.T) {
		for range 10 {
			require.NoError(t, remote.Tell(acct, Audit, Note{"seen"}))
		}
		require.NoError(t, remote.TellAck(ctx, acct, Audit, Note{"acked"}))
		notes, err := remote.AskAsync(ctx, acct, GetBalance, struct{}{}).Get(ctx)
		require.NoError(t, err)
		require.Equal(t, Balance{80}, notes)
		n, err := actor.Call(s.ref, func(a *account) (int, error) { return a.notes, nil }).Get(ctx)
		require.NoError(t, err)
		require.Equal(t, 11, n)
	})
}

func TestErrorsCrossTyped(t *testing.T) {
	e := newEnv(t)
	server, client := e.node(), e.node()
	s := serve(t, server, "acct-err")
	acct := remote.Lookup[Bank](client, "acct-err")
	ctx := ctxFor(t)

	fail := func(name string) error {
		_, err := remote.Ask(ctx, acct, Fail, name)
		require.Error(t, err)
		var re *remote.Error
		require.ErrorAs(t, err, &re, "a serving side's error arrives as a *remote.Error")
		return err
	}
	t.Run("actor's errors match their sentinels", func(t *testing.T) {
		require.ErrorIs(t, fail("stopped"), actor.ErrStopped)
		require.ErrorIs(t, fail("full"), actor.ErrMailboxFull)
		require.ErrorIs(t, fail("deadlock"), actor.ErrDeadlock)
		require.ErrorIs(t, fail("deadline"), context.DeadlineExceeded)
		require.NotErrorIs(t, fail("plain"), actor.ErrStopped)
	})
	t.Run("a handler's panic is a *future.PanicError", func(t *testing.T) {
		var pe *future.PanicError
		require.ErrorAs(t, fail("panic"), &pe)
		require.Equal(t, "kaboom", pe.Value)
	})
	t.Run("registered application codes and Coder errors", func(t *testing.T) {
		require.ErrorIs(t, fail("insufficient"), errInsufficient)
		var re *remote.Error
		require.ErrorAs(t, fail("coded"), &re)
		require.Equal(t, "bank.coded", re.Code)
		_, err := remote.Ask(ctx, acct, Withdraw, Amount{N: 1 << 20})
		require.ErrorIs(t, err, errInsufficient, "an actor's returned error crosses with its code")
	})
	t.Run("a stopped actor gives actor.ErrStopped", func(t *testing.T) {
		require.NoError(t, s.ref.Stop(ctx))
		_, err := remote.Ask(ctx, acct, Deposit, Amount{N: 1})
		require.ErrorIs(t, err, actor.ErrStopped)
		require.NotErrorIs(t, err, remote.ErrLost)
	})
	t.Run("an unknown kind is answered per request", func(t *testing.T) {
		other := remote.NewAsk[Bank, Amount, Balance]("Unserved")
		_, err := remote.Ask(ctx, acct, other, Amount{})
		require.ErrorIs(t, err, remote.ErrUnknownKind)
	})
	t.Run("the ctx deadline ends the wait with DeadlineExceeded", func(t *testing.T) {
		short, cancel := context.WithTimeout(ctx, 5*testHeartbeat)
		defer cancel()
		f := remote.AskAsync(short, acct, Hold, "never")
		p := <-s.held
		_, err := f.Get(ctx)
		require.ErrorIs(t, err, context.DeadlineExceeded)
		p.Resolve("too late") // the reply of an ask given up is dropped
	})
	t.Run("nobody serving the name fails at once with ErrNoResponders", func(t *testing.T) {
		_, err := remote.Ask(ctx, remote.Lookup[Bank](client, "nobody"), Deposit, Amount{})
		require.ErrorIs(t, err, remote.ErrNoResponders)
		require.ErrorIs(t, err, actor.ErrStopped, "certainly not handled")
	})
	t.Run("a closed node fails with ErrDisconnected", func(t *testing.T) {
		n := e.node()
		require.NoError(t, n.Close(ctx))
		_, err := remote.Ask(ctx, remote.Lookup[Bank](n, "acct-err"), Deposit, Amount{})
		require.ErrorIs(t, err, remote.ErrDisconnected)
		require.ErrorIs(t, err, actor.ErrStopped)
	})
}

func TestTheDeadlineTravelsToHandleFunc(t *testing.T) {
	e := newEnv(t)
	server, client := e.node(), e.node()
	type Clock struct{}
	remaining := remote.NewAsk[Clock, struct{}, bool]("Remaining")
	x := remote.Expose[Clock](server, "clock")
	asked := time.Now().Add(time.Minute)
	remote.HandleFunc(x, remaining, func(ctx context.Context, _ struct{}) *future.Future[bool] {
		// The asker's deadline, plus the time the request took to arrive
		// (the header carries a remaining time): far from the 30 s default.
		d, ok := ctx.Deadline()
		return future.Resolved(ok && d.Sub(asked).Abs() < 10*time.Second)
	})
	require.NoError(t, x.Start(ctxFor(t)))
	t.Cleanup(func() { _ = x.Stop(context.Background()) })

	ctx, cancel := context.WithDeadline(context.Background(), asked)
	defer cancel()
	ok, err := remote.Ask(ctx, remote.Lookup[Clock](client, "clock"), remaining, struct{}{})
	require.NoError(t, err)
	require.True(t, ok, "the handler's ctx ends at the asker's deadline")
}

// The asks in flight with one ctx share one watch on it: when the ctx ends,
// each of them still pending fails at once with its cause (not at the
// lease, which heartbeats renew), and the asks of another ctx go on.
func TestAsksSharingACtxEndWithIt(t *testing.T) {
	e := newEnv(t)
	s, acct := e.servePair("shared-ctx")
	ctx := ctxFor(t)

	t.Run("ending the ctx fails its pending asks with its cause, and only those", func(t *testing.T) {
		mine, cancel := context.WithCancelCause(ctx)
		defer cancel(nil)
		var fs []*future.Future[string]
		for range 5 {
			fs = append(fs, remote.AskAsync(mine, acct, Hold, "mine"))
		}
		other := remote.AskAsync(ctx, acct, Hold, "other")
		var held []*future.Promise[string]
		for range 6 { // in the order sent: one sender, one subscription
			held = append(held, <-s.held)
		}
		held[2].Resolve("answered") // one from the middle of the watch's list
		v, err := fs[2].Get(ctx)
		require.NoError(t, err)
		require.Equal(t, "answered", v)

		cause := errors.New("the caller left")
		cancel(cause)
		for i, f := range fs {
			if i != 2 {
				_, err := f.Get(ctx)
				require.ErrorIs(t, err, cause)
			}
		}
		_, err = other.Peek()
		require.ErrorIs(t, err, future.ErrPending, "another ctx's ask goes on")
		held[5].Resolve("other's")
		v, err = other.Get(ctx)
		require.NoError(t, err)
		require.Equal(t, "other's", v)
		require.Zero(t, acct.Len())
	})

	t.Run("a ctx whose asks all completed is let go", func(t *testing.T) {
		// context.AfterFunc on a ctx of a type of its own waits in a
		// goroutine: the leak check finds it if the watch is not stopped.
		own := ownCtx{ctx, make(chan struct{})}
		fs := []*future.Future[Balance]{
			remote.AskAsync(own, acct, Deposit, Amount{N: 1}),
			remote.AskAsync(own, acct, Deposit, Amount{N: 2}),
		}
		bs, err := future.GetAll(ctx, fs...)
		require.NoError(t, err)
		require.Equal(t, 3, bs[1].N)
		mine, cancel := context.WithCancel(own) // and one that ends later, answered before
		_, err = remote.Ask(mine, acct, Deposit, Amount{N: 1})
		require.NoError(t, err)
		cancel()
	})
}

// ownCtx is a ctx of a type of its own, with a Done that never closes.
type ownCtx struct {
	context.Context
	done chan struct{}
}

func (c ownCtx) Done() <-chan struct{} { return c.done }

// A blocking Ask watches its ctx itself: when the ctx ends first, Ask
// returns its cause and takes its ask out of the node at once (it counts
// in the ref's Len no more), and the reply that comes later is a stray.
func TestABlockingAskGivesUpWhenItsCtxEnds(t *testing.T) {
	e := newEnv(t)
	server, client := e.node(), e.node()
	s := serve(t, server, "gives-up")
	acct := remote.Lookup[Bank](client, "gives-up")
	ctx := ctxFor(t)

	mine, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	asked := make(chan error, 1)
	go func() {
		_, err := remote.Ask(mine, acct, Hold, "x")
		asked <- err
	}()
	p := <-s.held
	cause := errors.New("the caller left")
	cancel(cause)
	require.ErrorIs(t, <-asked, cause)
	require.Zero(t, acct.Len(), "the ask is taken out when Ask returns")

	p.Resolve("too late")
	b, err := remote.Ask(ctx, acct, GetBalance, struct{}{}) // its reply comes after the stray
	require.NoError(t, err)
	require.Zero(t, b.N)
	require.Equal(t, int64(1), client.Stats().StrayReplies)
}
