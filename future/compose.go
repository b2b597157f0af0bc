package future

import "errors"

// Map returns a future of fn applied to f's value. If f fails, fn is not
// called and the result fails with f's error; if fn returns an error or
// panics, the result fails with it (a panic as a [*PanicError]).
//
// fn runs on the goroutine that completes f (or at once, if f is complete), so
// it must be short.
func Map[T, U any](f *Future[T], fn func(T) (U, error)) *Future[U] {
	if fn == nil {
		panic("future: Map with a nil func")
	}
	p := NewPromise[U]()
	f.OnComplete(func(v T, err error) {
		if err != nil {
			p.Reject(err)
			return
		}
		p.Complete(call(fn, v))
	})
	return p.Future()
}

// Then chains a computation that itself returns a future and flattens the
// result: the returned future completes when the inner one does, never as a
// future of a future. If f fails, fn is not called; if fn panics or returns a
// nil future, the result fails.
func Then[T, U any](f *Future[T], fn func(T) *Future[U]) *Future[U] {
	if fn == nil {
		panic("future: Then with a nil func")
	}
	p := NewPromise[U]()
	f.OnComplete(func(v T, err error) {
		if err != nil {
			p.Reject(err)
			return
		}
		inner, err := call(func(v T) (*Future[U], error) { return fn(v), nil }, v)
		switch {
		case err != nil:
			p.Reject(err)
		case inner == nil:
			p.Reject(errNilFuture)
		default:
			inner.OnComplete(func(u U, err error) { p.Complete(u, err) })
		}
	})
	return p.Future()
}

var errNilFuture = errors.New("future: Then callback returned a nil future")

// Reduce folds the elements of a future slice, in order, starting from init:
// Pykka's Future.reduce. The first error from f or fn fails the result.
func Reduce[T, A any](f *Future[[]T], init A, fn func(A, T) (A, error)) *Future[A] {
	if fn == nil {
		panic("future: Reduce with a nil func")
	}
	return Map(f, func(xs []T) (A, error) {
		acc := init
		for _, x := range xs {
			var err error
			if acc, err = fn(acc, x); err != nil {
				return acc, err
			}
		}
		return acc, nil
	})
}

// Filter keeps the elements of a future slice for which keep reports true, in
// order: Pykka's Future.filter.
func Filter[T any](f *Future[[]T], keep func(T) bool) *Future[[]T] {
	if keep == nil {
		panic("future: Filter with a nil func")
	}
	return Map(f, func(xs []T) ([]T, error) {
		var out []T
		for _, x := range xs {
			if keep(x) {
				out = append(out, x)
			}
		}
		return out, nil
	})
}

// call runs fn, turning a panic into a *PanicError.
func call[T, U any](fn func(T) (U, error), v T) (u U, err error) {
	defer Recover(&err)
	return fn(v)
}
