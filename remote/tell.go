package remote

import (
	"context"
	"fmt"
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
// the window is full ([TellContext] waits), and returns the error of a
// failed acknowledgement once.
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
	body, err := k.codec.Marshal(q)
	if err != nil {
		return fmt.Errorf("remote: %s/%s: encode: %w", r.name, k.name, err)
	}
	m := newMsg(r.subject+k.name, k.codec, body)
	if w := r.window; w != nil {
		ack, err := w.admit(ctx)
		if err != nil {
			return fmt.Errorf("remote: %s/%s: %w", r.name, k.name, err)
		}
		if ack {
			ackCtx := context.Background()
			if ctx != nil {
				ackCtx = context.WithoutCancel(ctx)
			}
			r.send(ackCtx, m, func(m *nats.Msg, err error) {
				w.acked(ackError(r, &k.kind, m, err))
			})
			return nil
		}
	}
	if err := r.node.nc.PublishMsg(m); err != nil {
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
func TellWindow(size int) LookupOption {
	if size < windowAcks {
		panic(fmt.Sprintf("remote: TellWindow(%d): smaller than %d", size, windowAcks))
	}
	return lookupOptionFunc(func(c *lookupConfig) {
		c.window = &tellWindow{every: uint64(size / windowAcks), slots: make(chan struct{}, windowAcks)}
	})
}

type lookupOptionFunc func(*lookupConfig)

func (f lookupOptionFunc) applyLookup(c *lookupConfig) { f(c) }

// windowAcks is the number of acknowledgements a window keeps open.
const windowAcks = 4

type tellWindow struct {
	every uint64
	slots chan struct{} // one per open acknowledgement

	mu   sync.Mutex // orders admissions; held while waiting for a slot
	sent uint64
	err  atomic.Pointer[error] // the first failed acknowledgement not yet returned
}

// admit counts one Tell and says whether it asks for an acknowledgement,
// waiting for a slot while ctx lasts (with a nil ctx, not at all).
func (w *tellWindow) admit(ctx context.Context) (ack bool, err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
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
		w.err.CompareAndSwap(nil, &err)
	}
	<-w.slots
}
