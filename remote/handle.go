package remote

import (
	"context"
	"fmt"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/future"
)

// HandleAsk serves the ask kind k with the actor ref, as actor.AskAsync
// would: build makes ref's message from the request and the reply promise,
// and the reply goes back when the promise completes. No goroutine waits
// for it. It panics after Start, for a kind handled twice, or a nil
// argument.
func HandleAsk[C any, S actor.Receiver[M], M, Q, R any](x *Exposure[C], ref *actor.Ref[S, M], k *AskKind[C, Q, R], build func(Q, *future.Promise[R]) M) {
	if ref == nil || build == nil {
		panic("remote: HandleAsk with a nil ref or build func")
	}
	x.e.handle("HandleAsk", kindOf(k), askHandler(x.e, k, false, func(_ context.Context, q Q) *future.Future[R] {
		return actor.AskAsync(ref, func(p *future.Promise[R]) M { return build(q, p) })
	}))
}

// HandleCall serves the ask kind k by running fn on the actor ref, as
// actor.Call does: actors that take no messages (actor.NoMessages) serve
// too. It panics like [HandleAsk].
func HandleCall[C any, S actor.Receiver[M], M, Q, R any](x *Exposure[C], ref *actor.Ref[S, M], k *AskKind[C, Q, R], fn func(S, Q) (R, error)) {
	if ref == nil || fn == nil {
		panic("remote: HandleCall with a nil ref or func")
	}
	x.e.handle("HandleCall", kindOf(k), askHandler(x.e, k, false, func(_ context.Context, q Q) *future.Future[R] {
		return actor.Call(ref, func(s S) (R, error) { return fn(s, q) })
	}))
}

// HandleFunc serves the ask kind k with fn, which may hand the request to
// anything that gives a future (a pool, a router, another remote ref). fn
// runs on the subscription's goroutine and must not block; its ctx ends at
// the asker's deadline. It panics like [HandleAsk].
func HandleFunc[C, Q, R any](x *Exposure[C], k *AskKind[C, Q, R], fn func(context.Context, Q) *future.Future[R]) {
	if fn == nil {
		panic("remote: HandleFunc with a nil func")
	}
	x.e.handle("HandleFunc", kindOf(k), askHandler(x.e, k, true, fn))
}

// HandleTell serves the tell kind k by telling ref build(q). A Tell sent
// with [TellAck] is acknowledged once ref.Tell accepted it (or answered
// with its error); a refused plain Tell is counted in Stats.RefusedTells.
// A frame of Tells from a [TellWindow] is told item by item, in order. It
// panics like [HandleAsk].
func HandleTell[C any, S actor.Receiver[M], M, Q any](x *Exposure[C], ref *actor.Ref[S, M], k *TellKind[C, Q], build func(Q) M) {
	if ref == nil || build == nil {
		panic("remote: HandleTell with a nil ref or build func")
	}
	if k == nil {
		panic("remote: HandleTell with a nil kind")
	}
	e := x.e
	e.handle("HandleTell", &k.kind, func(m *nats.Msg, _ time.Time) {
		if _, framed := m.Header[hdrFrame]; framed {
			tellFrame(e, ref, k, build, m)
			return
		}
		var q Q
		if err := decodeBody(k.codec, m.Header, m.Data, &q); err != nil {
			e.node.stats.bad.Add(1)
			e.respond(m, errorMsg("", fmt.Errorf("%s/%s: %w", e.name, k.name, err)))
			return
		}
		err := ref.Tell(build(q))
		switch {
		case m.Reply != "" && err != nil:
			e.respond(m, errorMsg("", err))
		case m.Reply != "":
			e.respond(m, &nats.Msg{})
		case err != nil:
			e.node.stats.refused.Add(1)
		}
	})
}

// tellFrame tells ref every item of a frame, in order, once the frame's
// structure and content type are checked (a malformed frame is refused
// whole). An acknowledged frame is answered once every item was told: with
// nothing if the actor accepted all, else with the first failure (an item
// that does not decode, or the actor's refusal); the other failures are
// counted, as an unacknowledged frame's all are.
func tellFrame[C any, S actor.Receiver[M], M, Q any](e *exposure, ref *actor.Ref[S, M], k *TellKind[C, Q], build func(Q) M, m *nats.Msg) {
	n, err := readFrame(m.Header, m.Data)
	if err == nil {
		err = checkContentType(k.codec, m.Header)
	}
	if err != nil {
		e.node.stats.bad.Add(1)
		e.respond(m, errorMsg("", fmt.Errorf("%s/%s: %w", e.name, k.name, err)))
		return
	}
	var first error
	var q, zero Q // one q for the frame: a Q per item would cost an allocation each
	items := newItemReader(k.codec, m.Data)
	for i := range n {
		q = zero
		if err := items.next(&q); err != nil {
			e.node.stats.bad.Add(1)
			if first == nil {
				first = fmt.Errorf("%s/%s: frame item %d of %d: %w", e.name, k.name, i+1, n, err)
			}
			continue
		}
		if err := ref.Tell(build(q)); err != nil {
			if first == nil && m.Reply != "" {
				first = err
			} else {
				e.node.stats.refused.Add(1)
			}
		}
	}
	if first != nil {
		e.respond(m, errorMsg("", first))
	} else {
		e.respond(m, &nats.Msg{})
	}
}

func kindOf[C, Q, R any](k *AskKind[C, Q, R]) *kind {
	if k == nil {
		return nil
	}
	return &k.kind
}

// askHandler decodes a request, starts it, keeps the asker's lease alive
// while it runs, and replies when its future completes. withCtx gives start
// a ctx that ends at the asker's deadline (it costs a timer); without it,
// start gets context.Background().
func askHandler[C, Q, R any](e *exposure, k *AskKind[C, Q, R], withCtx bool, start func(context.Context, Q) *future.Future[R]) handler {
	if k == nil {
		return nil // handle panics on the nil kind
	}
	return func(m *nats.Msg, deadline time.Time) {
		if m.Reply == "" { // an ask nobody waits for
			e.node.stats.bad.Add(1)
			return
		}
		var q Q
		if err := decodeBody(k.codec, m.Header, m.Data, &q); err != nil {
			e.node.stats.bad.Add(1)
			e.respond(m, errorMsg("", fmt.Errorf("%s/%s: %w", e.name, k.name, err)))
			return
		}
		if e.inFlight.Add(1) > e.maxInFlight {
			e.inFlight.Add(-1)
			e.node.stats.busy.Add(1)
			e.respond(m, errorMsg("", fmt.Errorf("%w: %s has %d requests in flight", ErrBusy, e.name, e.maxInFlight)))
			return
		}
		ctx, cancel := context.Background(), context.CancelFunc(nil)
		if withCtx && !deadline.IsZero() {
			ctx, cancel = context.WithDeadline(ctx, deadline)
		}
		s := e.node.serve(m.Reply, deadline)
		f := startSafely(ctx, start, q)
		f.OnComplete(func(r R, err error) {
			if cancel != nil {
				cancel()
			}
			alone := e.inFlight.Add(-1) == 0
			if !e.node.unserve(s) {
				return // past the deadline: the asker is gone
			}
			hdr, body := e.replyBody(k.codec, r, err)
			e.node.reply(m.Reply, hdr, body, alone)
		})
	}
}

// startSafely runs start, turning a panic into a failed future.
func startSafely[Q, R any](ctx context.Context, start func(context.Context, Q) *future.Future[R], q Q) (f *future.Future[R]) {
	defer func() {
		if v := recover(); v != nil {
			f = future.Failed[R](&future.PanicError{Value: v})
		}
	}()
	if f = start(ctx, q); f == nil {
		f = future.Failed[R](fmt.Errorf("remote: handler returned a nil future"))
	}
	return f
}

// replyBody encodes a result, or its error.
func (e *exposure) replyBody(c Codec, r any, err error) (nats.Header, []byte) {
	if err == nil {
		var body []byte
		if body, err = c.Marshal(r); err != nil {
			err = fmt.Errorf("remote: %s: encode reply: %w", e.name, err)
		} else if max := e.node.nc.MaxPayload(); int64(len(body)) > max-replyHeadroom {
			err = fmt.Errorf("%w: %d bytes, max_payload %d", ErrReplyTooLarge, len(body), max)
		} else {
			return contentHeader(c), body
		}
	}
	m := errorMsg("", err)
	return m.Header, m.Data
}

// replyHeadroom leaves room for the subject and headers under max_payload.
const replyHeadroom = 1024
