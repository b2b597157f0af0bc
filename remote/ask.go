package remote

import (
	"context"
	"fmt"

	"github.com/nats-io/nats.go"
	"github.com/troupe-go/troupe/future"
)

// Ask sends q as kind k to r and waits for the reply until ctx ends. It
// never hangs: with nobody serving r it fails at once with
// [ErrNoResponders]; if the serving process dies or the network fails, it
// fails with [ErrLost] within the lease (plus a heartbeat); ctx's deadline
// (or the node's default timeout) travels with the request, and the
// serving side drops the request once it has passed. The serving side's
// errors arrive as a *Error that matches, with errors.Is and errors.As, the
// local error it stood for.
func Ask[C, Q, R any](ctx context.Context, r *Ref[C], k *AskKind[C, Q, R], q Q) (R, error) {
	// Get sees ctx end, so the ask needs no ctx watch (a context.AfterFunc
	// per ask): if Get gives up first, the entry is taken out here.
	c, f := startAsk(ctx, r, k, q, false)
	v, err := f.Get(ctx)
	if err != nil && c != nil {
		r.node.fail(c.id, err) // nothing if the reply came first
	}
	return v, err
}

// AskAsync is [Ask] without the wait: the future completes with the reply
// or the error Ask would return (ctx's end included), and composes like
// any other (future.GetAll, Map, Then). It costs no goroutine.
func AskAsync[C, Q, R any](ctx context.Context, r *Ref[C], k *AskKind[C, Q, R], q Q) *future.Future[R] {
	_, f := startAsk(ctx, r, k, q, true)
	return f
}

// startAsk sends the ask; watchCtx makes the node fail it when ctx ends. It
// returns the call in flight, nil if it failed before sending.
func startAsk[C, Q, R any](ctx context.Context, r *Ref[C], k *AskKind[C, Q, R], q Q, watchCtx bool) (*askCall[C, R], *future.Future[R]) {
	body, err := k.codec.Marshal(q)
	if err != nil {
		return nil, future.Failed[R](fmt.Errorf("remote: %s/%s: encode request: %w", r.name, k.name, err))
	}
	if r.window != nil {
		r.window.flush(false) // the Tells it holds go first, as through send
	}
	c := &askCall[C, R]{r: r, k: &k.kind}
	c.to = c
	r.inflight.Add(1)
	r.node.request(ctx, &c.pendingAsk, watchCtx, r.subject+k.name, contentHeader(k.codec), body)
	return c, c.p.Future()
}

// askCall is one AskAsync in flight: its pending entry in the node, the
// promise and what completing it needs, in one allocation.
type askCall[C, R any] struct {
	pendingAsk
	p future.Promise[R]
	r *Ref[C]
	k *kind
}

func (c *askCall[C, R]) complete(m *nats.Msg, err error) {
	c.r.inflight.Add(-1)
	c.r.observe(m, err)
	if err == nil {
		err = replyError(m)
	}
	if err != nil {
		c.p.Reject(fmt.Errorf("remote: %s/%s: %w", c.r.name, c.k.name, err))
		return
	}
	var v R
	if err := decodeBody(c.k.codec, m.Header, m.Data, &v); err != nil {
		c.p.Reject(fmt.Errorf("remote: %s/%s: reply: %w", c.r.name, c.k.name, err))
		return
	}
	c.p.Resolve(v)
}
