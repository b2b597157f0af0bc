package actor_test

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/future"
)

type traceKey struct{}

// seen is what a handler saw of its Context.
type seen struct {
	deadline time.Time
	has      bool
	trace    any
	cause    error
}

// ctxViewer answers an Ask with what its Context shows. With next set, it asks next with
// its own Context and answers with what next saw.
type ctxViewer struct {
	next *actor.Ref[*ctxViewer, look]
}

type look struct{ reply *future.Promise[seen] }

func (o *ctxViewer) Receive(ctx *actor.Context, m look) error {
	if o.next != nil {
		m.reply.Complete(actor.Ask(ctx, o.next, func(p *future.Promise[seen]) look { return look{p} }))
		return nil
	}
	d, has := ctx.Deadline()
	m.reply.Resolve(seen{d, has, ctx.Value(traceKey{}), context.Cause(ctx)})
	return nil
}

func askLook(p *future.Promise[seen]) look { return look{p} }

func TestRequestContext(t *testing.T) {
	t.Run("the handler sees the asker's deadline and values, and the actor's own once it returned", func(t *testing.T) {
		r := start(&ctxViewer{})
		defer stop(t, r)
		deadline := time.Now().Add(time.Hour)
		ctx, cancel := context.WithDeadline(context.WithValue(context.Background(), traceKey{}, "trace-1"), deadline)
		defer cancel()
		got, err := actor.Ask(ctx, r, askLook)
		require.NoError(t, err)
		require.True(t, got.has)
		require.Equal(t, deadline, got.deadline)
		require.Equal(t, "trace-1", got.trace)
		require.NoError(t, got.cause)

		got, err = actor.Ask(context.Background(), r, askLook)
		require.NoError(t, err)
		require.False(t, got.has, "a request without a deadline shows the actor's none")
		require.Nil(t, got.trace)
	})

	t.Run("a handler that waits on its Context returns when the asker gives up, with the asker's cause", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			handled := make(chan error, 1)
			r := start(&script{receive: func(ctx *actor.Context, m msg) error {
				<-ctx.Done()
				handled <- context.Cause(ctx)
				return nil
			}})
			ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
			defer cancel()
			_, err := actor.Ask(ctx, r, askN(1))
			require.ErrorIs(t, err, context.DeadlineExceeded)
			require.ErrorIs(t, <-handled, context.DeadlineExceeded)
			stop(t, r)
		})
	})

	t.Run("a handler asking on with its own Context passes its request's deadline and values on", func(t *testing.T) {
		reg := testRegistry(t)
		last := actor.Start(&ctxViewer{}, actor.WithRegistry(reg))
		front := actor.Start(&ctxViewer{next: last}, actor.WithRegistry(reg))
		deadline := time.Now().Add(time.Hour)
		ctx, cancel := context.WithDeadline(context.WithValue(context.Background(), traceKey{}, "trace-2"), deadline)
		defer cancel()
		got, err := actor.Ask(ctx, front, askLook)
		require.NoError(t, err)
		require.Equal(t, deadline, got.deadline)
		require.Equal(t, "trace-2", got.trace)
	})

	t.Run("CallWait's function sees the caller's deadline and values, and is ended when the caller gives up", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			r := start(&ctxViewer{})
			deadline := time.Now().Add(50 * time.Millisecond)
			ctx, cancel := context.WithDeadline(context.WithValue(context.Background(), traceKey{}, "trace-3"), deadline)
			defer cancel()
			var got seen
			_, err := actor.CallWait(ctx, r, func(ctx *actor.Context, _ *ctxViewer) (int, error) {
				got.deadline, got.has = ctx.Deadline()
				got.trace = ctx.Value(traceKey{})
				<-ctx.Done()
				got.cause = context.Cause(ctx)
				return 0, nil
			})
			if err != nil { // the caller's wait ended before fn's answer came
				require.ErrorIs(t, err, context.DeadlineExceeded)
				require.ErrorIs(t, err, actor.ErrMaybeHandled)
			}
			stop(t, r)
			require.Equal(t, seen{deadline, true, "trace-3", context.DeadlineExceeded}, got)
		})
	})

	t.Run("a Tell's handler sees the actor's Context: no deadline, no values", func(t *testing.T) {
		got := make(chan seen, 1)
		r := start(&script{receive: func(ctx *actor.Context, m msg) error {
			d, has := ctx.Deadline()
			got <- seen{d, has, ctx.Value(traceKey{}), nil}
			return nil
		}})
		defer stop(t, r)
		require.NoError(t, r.Tell(msg{}))
		s := <-got
		require.False(t, s.has)
		require.Nil(t, s.trace)
	})
}
