package future

import (
	"context"
	"sync/atomic"
)

// GetAll waits for every future and returns their values in argument order,
// whatever order they complete in. It returns at the first error, without
// waiting for the rest (errgroup-style), and returns context.Cause(ctx) if
// ctx ends first. It starts no goroutine: each future reports through
// [Future.OnComplete].
func GetAll[T any](ctx context.Context, fs ...*Future[T]) ([]T, error) {
	if allDone(fs) {
		return collect(fs)
	}
	j := join(fs)
	return j.Get(ctx)
}

// Join returns one future of every future's value, in argument order. It
// fails with the first error among them, as soon as that error arrives.
func Join[T any](fs ...*Future[T]) *Future[[]T] {
	if allDone(fs) {
		vs, err := collect(fs)
		if err != nil {
			return Failed[[]T](err)
		}
		return Resolved(vs)
	}
	return join(fs)
}

func allDone[T any](fs []*Future[T]) bool {
	for _, f := range fs {
		if !f.isDone() {
			return false
		}
	}
	return true
}

// collect reads completed futures: the first error in argument order wins.
func collect[T any](fs []*Future[T]) ([]T, error) {
	vs := make([]T, len(fs))
	for i, f := range fs {
		if f.err != nil {
			return nil, f.err
		}
		vs[i] = f.val
	}
	return vs, nil
}

// join reserves a slot per future, so order never depends on timing; the last
// success or the first error completes the result.
func join[T any](fs []*Future[T]) *Future[[]T] {
	p := NewPromise[[]T]()
	vs := make([]T, len(fs))
	left := atomic.Int64{}
	left.Store(int64(len(fs)))
	for i, f := range fs {
		f.OnComplete(func(v T, err error) {
			if err != nil {
				p.Reject(err)
				return
			}
			vs[i] = v
			// The atomic orders every slot write before the last decrement.
			if left.Add(-1) == 0 {
				p.Resolve(vs)
			}
		})
	}
	return p.Future()
}
