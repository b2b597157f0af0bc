package future

import (
	"github.com/troupe-go/troupe/internal/waitgraph"
)

// Promise is the writing side of a [Future]: whoever holds it completes the
// future once, with [Promise.Resolve] or [Promise.Reject]. The first
// completion wins; later ones report false and change nothing.
//
// A Promise and its Future are one allocation. The zero value is a pending
// promise ready to use, so a Promise may be embedded by value in a larger
// struct (that is how the actor package sends a request with one allocation).
type Promise[T any] struct {
	f Future[T]
}

// NewPromise returns a pending promise.
func NewPromise[T any]() *Promise[T] { return new(Promise[T]) }

// Future returns the reading side of p. Every call returns the same future.
func (p *Promise[T]) Future() *Future[T] { return &p.f }

// Resolve completes the future with v. It reports false, and changes nothing,
// if the future was already complete.
func (p *Promise[T]) Resolve(v T) bool { return p.f.complete(v, nil) }

// Reject completes the future with err. It reports false, and changes
// nothing, if the future was already complete. A nil err is replaced by
// [ErrNilError], so a rejected future never reads as a success.
func (p *Promise[T]) Reject(err error) bool {
	if err == nil {
		err = ErrNilError
	}
	var zero T
	return p.f.complete(zero, err)
}

// Complete resolves p with v when err is nil and rejects it with err
// otherwise: the shape of a Go function's results.
func (p *Promise[T]) Complete(v T, err error) bool {
	if err != nil {
		return p.Reject(err)
	}
	return p.Resolve(v)
}

// edge lets the actor package reach the wait-for graph through
// waitgraph.EdgeOf without future exporting its internals.
func (p *Promise[T]) edge() *waitgraph.Edge { return &p.f.edge }

type edged interface{ edge() *waitgraph.Edge }

func init() {
	waitgraph.EdgeOf = func(promise any) *waitgraph.Edge {
		if e, ok := promise.(edged); ok {
			return e.edge()
		}
		return nil
	}
}

// complete is the single place a future changes state: a compare-and-swap
// claims it, the value is written, and only then is Done published, so a
// reader that sees Done sees the value.
func (f *Future[T]) complete(v T, err error) bool {
	if !f.edge.State.CompareAndSwap(waitgraph.Pending, waitgraph.Completing) {
		return false
	}
	f.val, f.err = v, err
	f.mu.Lock()
	f.edge.State.Store(waitgraph.Done)
	if f.ch != nil {
		close(f.ch)
	}
	first, rest := f.first, f.rest
	f.first, f.rest = nil, nil
	f.mu.Unlock()
	if first != nil {
		first(v, err)
		for _, fn := range rest {
			fn(v, err)
		}
	}
	return true
}
