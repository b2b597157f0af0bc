package remote

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/nats-io/nats.go"
)

// Tell sends q as kind k to r, at most once: nil means NATS took the
// message, not that the actor did. A plain Tell is lost, with no error,
// when nobody serves r, when the serving process dies or its connection
// fails before handling it, when the server or the serving node's
// subscription falls too far behind (NATS's slow-consumer limits), or when
// the actor refuses it (stopped, mailbox full: counted in the serving
// node's Stats). Use [TellAck] to know, or a ref made with [TellWindow],
// whose Tells are paced and whose losses are reported.
//
// On a ref with a window, Tell fails with [ErrBusy] instead of waiting when
// the window is full ([TellContext] waits), and returns once the error of a
// failed acknowledgement or of a frame nats.go refused (the earlier Tells
// it stands for were lost; see [TellWindow]).
func Tell[C, Q any](r *Ref[C], k *TellKind[C, Q], q Q) error {
	return tell(nil, r, k, q)
}

// TellContext is [Tell] that waits, until ctx ends, for room in r's window.
// On a ref without a window it is Tell.
func TellContext[C, Q any](ctx context.Context, r *Ref[C], k *TellKind[C, Q], q Q) error {
	return tell(ctx, r, k, q)
}

// TellAck sends q as kind k to r and waits until the serving actor's
// mailbox accepted it (ref.Tell returned nil there), or fails with that
// Tell's error or as [Ask] fails. Tells are handled in the order sent, so
// an acknowledged Tell also confirms the plain Tells this node sent to r
// before it, unless r is a queue group.
func TellAck[C, Q any](ctx context.Context, r *Ref[C], k *TellKind[C, Q], q Q) error {
	body, err := k.codec.Marshal(q)
	if err != nil {
		return fmt.Errorf("remote: %s/%s: encode: %w", r.name, k.name, err)
	}
	done := make(chan error, 1)
	r.send(ctx, newMsg(r.subject+k.name, k.codec, body), func(m *nats.Msg, err error) {
		done <- ackError(r, &k.kind, m, err)
	})
	return <-done
}

func ackError(r interface{ Name() string }, k *kind, m *nats.Msg, err error) error {
	if err == nil {
		err = replyError(m)
	}
	if err != nil {
		return fmt.Errorf("remote: %s/%s: %w", r.Name(), k.name, err)
	}
	return nil
}

func tell[C, Q any](ctx context.Context, r *Ref[C], k *TellKind[C, Q], q Q) error {
	var err error
	if w := r.window; w != nil {
		err = w.tell(ctx, r, &k.kind, q)
	} else if body, merr := k.codec.Marshal(q); merr != nil {
		err = fmt.Errorf("encode: %w", merr)
	} else {
		err = r.node.nc.PublishMsg(newMsg(r.subject+k.name, k.codec, body))
	}
	if err != nil {
		return fmt.Errorf("remote: %s/%s: %w", r.name, k.name, err)
	}
	return nil
}

// TellWindow paces the Tells of a ref: every (size/4)-th Tell asks for an
// acknowledgement, and at most four of those are open at once, so at most
// about size Tells are unconfirmed at any time, and a Tell flood runs at
// the speed of the serving actor instead of overflowing NATS's buffers. A
// failed acknowledgement is returned by the next Tell. It panics if size is
// less than 4.
//
// The ref sends its Tells in frames, several to a NATS message: a Tell
// that finds no frame being sent starts one, and the node publishes it at
// once on a goroutine of its own; the Tells that come while it is busy join
// the next frame. An acknowledged Tell ends its frame, which the serving
// node acknowledges once the actor accepted every Tell in it (or answers
// the first refusal). A frame also ends at 1024 Tells or 32 KiB (half the
// server's max_payload if that is less), before an Ask or TellAck through
// the same ref (so order holds), and at [Node.Close].
func TellWindow(size int) LookupOption {
	if size < windowAcks {
		panic(fmt.Sprintf("remote: TellWindow(%d): smaller than %d", size, windowAcks))
	}
	return lookupOptionFunc(func(c *lookupConfig) { c.window = size })
}

type lookupOptionFunc func(*lookupConfig)

func (f lookupOptionFunc) applyLookup(c *lookupConfig) { f(c) }

// windowAcks is the number of acknowledgements a window keeps open.
const windowAcks = 4

type tellWindow struct {
	node    *Node
	subject string // the ref's "troupe.<ns>.<name>."
	every   uint64
	slots   chan struct{} // one per open acknowledgement

	mu      sync.Mutex // orders admissions; held while waiting for a slot
	sent    uint64
	enc     *json.Encoder // JSON Tells encode into scratch, sparing Marshal's result
	scratch itemBuffer
	err     atomic.Pointer[error] // the first failed acknowledgement or frame not yet returned

	fmu    sync.Mutex // guards the frame being built; taken after mu
	kind   *kind      // the frame's kind; nil while it is empty
	body   []byte     // the frame's items (see hdrFrame)
	count  int
	limit  int  // the frame's size in bytes past which it is published
	queued bool // on the node's flusher queue
}

func newTellWindow(n *Node, subject string, size int) *tellWindow {
	return &tellWindow{node: n, subject: subject, every: uint64(size / windowAcks), slots: make(chan struct{}, windowAcks)}
}

// requester is a ref, through which a window sends its acknowledged frames
// as asks.
type requester interface {
	Name() string
	request(ctx context.Context, m *nats.Msg, complete func(*nats.Msg, error))
}

// tell encodes q, a Tell of kind k, admits it and adds it to the frame;
// the frame goes out at once if the Tell is acknowledged or the frame is
// full, else the node's flusher takes it. An error means this Tell was not
// sent (and, from a failed publish, that the frame before it was lost).
func (w *tellWindow) tell(ctx context.Context, r requester, k *kind, q any) error {
	if w.node.frames.closed.Load() {
		return ErrDisconnected
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	item, err := w.encode(k.codec, q)
	if err != nil {
		return fmt.Errorf("encode: %w", err)
	}
	ack, err := w.admit(ctx)
	if err != nil {
		return err
	}
	w.fmu.Lock()
	defer w.fmu.Unlock()
	switch {
	case w.node.frames.closed.Load(): // Close came while this Tell waited for a slot
		err = ErrDisconnected
	case w.count > 0 && (w.kind != k || len(w.body)+len(item) >= w.limit):
		err = w.publish() // one kind per frame, and a large Tell in a frame of its own
	}
	if err == nil {
		if w.count == 0 {
			w.limit = frameLimit(w.node.nc.MaxPayload())
		}
		w.kind, w.body, w.count = k, appendItem(w.body, item), w.count+1
		switch {
		case ack:
			w.publishAck(ctx, r)
		case w.count >= frameItems || len(w.body) >= w.limit:
			err = w.publish()
		case !w.queued:
			if err = w.node.queueFrame(w); err != nil {
				w.reset() // the frame held only this Tell
			}
			w.queued = err == nil
		}
	}
	if err != nil && ack {
		<-w.slots // no acknowledgement is coming
	}
	return err
}

// encode encodes q in codec c; the result lasts until the next call. mu is
// held.
func (w *tellWindow) encode(c Codec, q any) ([]byte, error) {
	if _, ok := c.(jsonCodec); !ok {
		return c.Marshal(q)
	}
	if w.enc == nil {
		w.enc = json.NewEncoder(&w.scratch) // escapes HTML, as json.Marshal does
	}
	w.scratch = w.scratch[:0]
	if err := w.enc.Encode(q); err != nil {
		return nil, err
	}
	return w.scratch[:len(w.scratch)-1], nil // Encode ends a value with a newline
}

// itemBuffer is a reusable io.Writer for a window's encoder.
type itemBuffer []byte

func (b *itemBuffer) Write(p []byte) (int, error) {
	*b = append(*b, p...)
	return len(p), nil
}

// frameMsg makes the message of the frame; fmu is held.
func (w *tellWindow) frameMsg() *nats.Msg {
	m := newMsg(w.subject+w.kind.name, w.kind.codec, w.body)
	if m.Header == nil {
		m.Header = make(nats.Header, 1)
	}
	m.Header[hdrFrame] = []string{strconv.Itoa(w.count)}
	return m
}

// reset empties the frame, keeping its buffer (NATS copied the bytes).
func (w *tellWindow) reset() {
	w.kind, w.body, w.count = nil, w.body[:0], 0
}

// publish sends the frame unacknowledged and empties it; fmu is held.
func (w *tellWindow) publish() error {
	if w.count == 0 {
		return nil
	}
	n := w.count
	err := w.node.nc.PublishMsg(w.frameMsg())
	w.reset()
	if err != nil {
		if errors.Is(err, nats.ErrConnectionClosed) {
			err = fmt.Errorf("%w: %w", ErrDisconnected, err)
		}
		return fmt.Errorf("a frame of %d Tells: %w", n, err)
	}
	return nil
}

// publishAck sends the frame as an ask, whose reply frees a slot; fmu is
// held. A failure comes back through the reply, and goes to the next Tell.
func (w *tellWindow) publishAck(ctx context.Context, r requester) {
	k := w.kind
	m := w.frameMsg()
	w.reset()
	ackCtx := context.Background()
	if ctx != nil {
		ackCtx = context.WithoutCancel(ctx)
	}
	r.request(ackCtx, m, func(m *nats.Msg, err error) {
		w.acked(ackError(r, k, m, err))
	})
}

// flush publishes what the frame holds: before an ask through the ref,
// and for the node's flusher and Close, which took w off their queue
// (dequeued: the frame's next Tell queues it again). A failure goes to the
// next Tell.
func (w *tellWindow) flush(dequeued bool) {
	w.fmu.Lock()
	defer w.fmu.Unlock()
	if dequeued {
		w.queued = false
	}
	if err := w.publish(); err != nil {
		w.fail(err)
	}
}

// fail keeps the first error for the next Tell.
func (w *tellWindow) fail(err error) {
	w.err.CompareAndSwap(nil, &err)
}

// admit counts one Tell and says whether it asks for an acknowledgement,
// waiting for a slot while ctx lasts (with a nil ctx, not at all); mu is
// held.
func (w *tellWindow) admit(ctx context.Context) (ack bool, err error) {
	if e := w.err.Swap(nil); e != nil {
		return false, *e
	}
	if (w.sent+1)%w.every != 0 {
		w.sent++
		return false, nil
	}
	select {
	case w.slots <- struct{}{}:
	default:
		if ctx == nil {
			return false, fmt.Errorf("%w: tell window full", ErrBusy)
		}
		select {
		case w.slots <- struct{}{}:
		case <-ctx.Done():
			return false, context.Cause(ctx)
		}
	}
	w.sent++
	return true, nil
}

// acked frees a slot, keeping the first error for the next Tell.
func (w *tellWindow) acked(err error) {
	if err != nil {
		w.fail(err)
	}
	<-w.slots
}
