package future

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/troupe-go/troupe/internal/waitgraph"
)

// Future is the reading side of a [Promise]: a value of type T, or an error,
// that becomes available once. Every method is safe for concurrent use, and
// any number of goroutines may wait on one future.
//
// A future costs one small allocation (shared with its promise), no goroutine
// and no timer. Reading a completed future neither blocks nor allocates.
type Future[T any] struct {
	edge waitgraph.Edge // its State is the future's state word

	val T
	err error

	mu    sync.Mutex       // guards ch, first and rest until Done
	ch    chan struct{}    // made on the first wait, closed on completion
	first func(T, error)   // the common single callback, without a slice
	rest  []func(T, error) // further callbacks, in registration order
}

var closed = func() chan struct{} {
	ch := make(chan struct{})
	close(ch)
	return ch
}()

// Resolved returns a future already completed with v.
func Resolved[T any](v T) *Future[T] {
	p := NewPromise[T]()
	p.Resolve(v)
	return p.Future()
}

// Failed returns a future already completed with err (or [ErrNilError] when
// err is nil).
func Failed[T any](err error) *Future[T] {
	p := NewPromise[T]()
	p.Reject(err)
	return p.Future()
}

func (f *Future[T]) isDone() bool { return f.edge.State.Load() == waitgraph.Done }

// Done returns a channel that is closed when f completes, for use in select.
// The channel is made on first use; a completed future shares one closed
// channel.
func (f *Future[T]) Done() <-chan struct{} {
	if f.isDone() {
		return closed
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.isDone() {
		return closed
	}
	if f.ch == nil {
		f.ch = make(chan struct{})
	}
	return f.ch
}

// Get waits until f completes or ctx ends, and returns f's value and error. If
// ctx ends first it returns context.Cause(ctx), which matches ctx.Err() with
// errors.Is; f still completes later for anyone else.
//
// When ctx is an actor's context (a handler's *actor.Context, or a context
// derived from it) and the wait would close a cycle of actors each waiting on
// the next, Get returns at once with an error matching actor.ErrDeadlock
// instead of blocking forever. The actor package documents which waits are
// checked. When f is the reply of an actor's request (Ask, Call), a wait
// reported as a deadlock withdraws the request if it is still queued: the
// error then also matches actor.ErrNotDelivered, the actor never handles
// it, and f fails with that error; otherwise it matches
// actor.ErrMaybeHandled. A Get whose ctx ends withdraws nothing (f may have
// other readers); actor.Ask and actor.CallWait do.
func (f *Future[T]) Get(ctx context.Context) (T, error) {
	if f.isDone() {
		return f.val, f.err
	}
	if w := waitgraph.WaiterFrom(ctx); w != nil {
		if err := w.Begin(&f.edge); err != nil {
			// The waiter gives up: a request still queued is withdrawn.
			err, withdrew := f.edge.GiveUp(err)
			var zero T
			if withdrew {
				f.complete(zero, err)
			}
			return zero, err
		}
		defer w.End()
	}
	select {
	case <-f.Done():
		return f.val, f.err
	case <-ctx.Done():
		var zero T
		return zero, context.Cause(ctx)
	}
}

// GetTimeout is Get with a deadline d from now. If d passes first it returns
// an error matching [ErrTimeout]; f still completes later.
func (f *Future[T]) GetTimeout(d time.Duration) (T, error) {
	if f.isDone() {
		return f.val, f.err
	}
	ctx, cancel := context.WithTimeoutCause(context.Background(), d, fmt.Errorf("%w after %v", ErrTimeout, d))
	defer cancel()
	return f.Get(ctx)
}

// Peek returns f's value and error if f has completed, without blocking. If
// it has not, Peek returns an error matching [ErrPending].
func (f *Future[T]) Peek() (T, error) {
	if f.isDone() {
		return f.val, f.err
	}
	var zero T
	return zero, ErrPending
}

// OnComplete arranges for fn to run once with f's value and error. If f is
// already complete fn runs at once on the calling goroutine; otherwise it runs
// on the goroutine that completes f, after every earlier-registered callback.
// fn must be short and must not block: it delays whoever completes f.
func (f *Future[T]) OnComplete(fn func(T, error)) {
	if fn == nil {
		panic("future: OnComplete with a nil func")
	}
	if !f.isDone() {
		f.mu.Lock()
		if !f.isDone() {
			if f.first == nil {
				f.first = fn
			} else {
				f.rest = append(f.rest, fn)
			}
			f.mu.Unlock()
			return
		}
		f.mu.Unlock()
	}
	fn(f.val, f.err)
}

// Errors of this package.
var (
	// ErrTimeout is matched by the error of [Future.GetTimeout] when the
	// duration passed first.
	ErrTimeout = errors.New("future: timeout")
	// ErrPending is returned by [Future.Peek] on a future not yet complete.
	ErrPending = errors.New("future: not complete")
	// ErrNilError replaces a nil error given to [Promise.Reject].
	ErrNilError = errors.New("future: rejected with a nil error")
)
