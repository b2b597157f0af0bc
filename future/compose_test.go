package future_test

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"testing/synctest"

	"github.com/stretchr/testify/require"

	"github.com/troupe-go/troupe/future"
)

func double(v int) (int, error) { return 2 * v, nil }

func TestMap(t *testing.T) {
	t.Run("applies fn once the source resolves", func(t *testing.T) {
		p := future.NewPromise[int]()
		f := future.Map(p.Future(), func(v int) (string, error) { return strconv.Itoa(v), nil })
		g := future.Map(f, func(s string) (string, error) { return s + "!", nil })
		requirePending(t, g)
		p.Resolve(21)
		requireValue(t, g, "21!")
	})

	t.Run("chains on the completing goroutine and a waiter on another goroutine wakes", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			p := future.NewPromise[int]()
			f := future.Map(future.Map(future.Map(p.Future(), double), double), double)
			waiting := getAsync(t.Context(), f)
			synctest.Wait()
			require.Empty(t, waiting)

			go p.Resolve(1)
			got := <-waiting
			require.NoError(t, got.err)
			require.Equal(t, 8, got.v)
		})
	})

	t.Run("a source error skips fn and fails the result with it", func(t *testing.T) {
		called := false
		f := future.Map(future.Failed[int](errBoom), func(v int) (int, error) {
			called = true
			return v, nil
		})
		_, err := f.Peek()
		require.ErrorIs(t, err, errBoom)
		require.False(t, called)
	})

	t.Run("an error from fn fails the result", func(t *testing.T) {
		f := future.Map(future.Resolved("x"), strconv.Atoi)
		_, err := f.Peek()
		var numErr *strconv.NumError
		require.ErrorAs(t, err, &numErr)
		require.Equal(t, "x", numErr.Num)
	})

	t.Run("a nil func panics", func(t *testing.T) {
		require.PanicsWithValue(t, "future: Map with a nil func", func() {
			future.Map[int, int](future.Resolved(1), nil)
		})
	})
}

func TestThen(t *testing.T) {
	t.Run("flattens: the result is a *Future[U] that completes with the inner future", func(t *testing.T) {
		outer := future.NewPromise[int]()
		inner := future.NewPromise[string]()
		var got *future.Future[string] = future.Then(outer.Future(), func(v int) *future.Future[string] {
			require.Equal(t, 2, v)
			return inner.Future()
		})
		requirePending(t, got)

		outer.Resolve(2)
		requirePending(t, got) // the inner future is still pending

		inner.Resolve("two")
		requireValue(t, got, "two")
	})

	t.Run("an outer error skips fn and fails the result with it", func(t *testing.T) {
		called := false
		f := future.Then(future.Failed[int](errBoom), func(int) *future.Future[int] {
			called = true
			return future.Resolved(0)
		})
		_, err := f.Peek()
		require.ErrorIs(t, err, errBoom)
		require.False(t, called)
	})

	t.Run("an inner error fails the result with it", func(t *testing.T) {
		inner := future.NewPromise[int]()
		f := future.Then(future.Resolved(1), func(int) *future.Future[int] { return inner.Future() })
		inner.Reject(errBoom)
		_, err := f.Peek()
		require.ErrorIs(t, err, errBoom)
	})

	t.Run("fn returning a nil future fails the result", func(t *testing.T) {
		f := future.Then(future.Resolved(1), func(int) *future.Future[int] { return nil })
		_, err := f.Peek()
		require.ErrorContains(t, err, "nil future")
	})

	t.Run("a nil func panics", func(t *testing.T) {
		require.PanicsWithValue(t, "future: Then with a nil func", func() {
			future.Then[int, int](future.Resolved(1), nil)
		})
	})
}

func TestReduce(t *testing.T) {
	t.Run("folds the elements in order from init", func(t *testing.T) {
		p := future.NewPromise[[]string]()
		f := future.Reduce(p.Future(), ">", func(acc, s string) (string, error) { return acc + s, nil })
		requirePending(t, f)
		p.Resolve([]string{"a", "b", "c"})
		requireValue(t, f, ">abc")
	})

	t.Run("an empty slice yields init", func(t *testing.T) {
		f := future.Reduce(future.Resolved([]int(nil)), 10, func(acc, x int) (int, error) { return acc + x, nil })
		requireValue(t, f, 10)
	})

	t.Run("the first error from fn stops the fold and fails the result", func(t *testing.T) {
		var seen []int
		f := future.Reduce(future.Resolved([]int{1, 2, 3, 4}), 0, func(acc, x int) (int, error) {
			seen = append(seen, x)
			if x == 2 {
				return acc, errBoom
			}
			return acc + x, nil
		})
		_, err := f.Peek()
		require.ErrorIs(t, err, errBoom)
		require.Equal(t, []int{1, 2}, seen)
	})

	t.Run("a source error fails the result", func(t *testing.T) {
		f := future.Reduce(future.Failed[[]int](errBoom), 0, func(acc, x int) (int, error) { return acc + x, nil })
		_, err := f.Peek()
		require.ErrorIs(t, err, errBoom)
	})
}

func TestFilter(t *testing.T) {
	even := func(x int) bool { return x%2 == 0 }

	t.Run("keeps matching elements in order", func(t *testing.T) {
		p := future.NewPromise[[]int]()
		f := future.Filter(p.Future(), even)
		requirePending(t, f)
		p.Resolve([]int{6, 1, 4, 3, 2})
		requireValue(t, f, []int{6, 4, 2})
	})

	t.Run("keeping nothing yields an empty slice", func(t *testing.T) {
		v, err := future.Filter(future.Resolved([]int{1, 3}), even).Peek()
		require.NoError(t, err)
		require.Empty(t, v)
	})

	t.Run("a source error fails the result", func(t *testing.T) {
		_, err := future.Filter(future.Failed[[]int](errBoom), even).Peek()
		require.ErrorIs(t, err, errBoom)
	})
}

func TestPanics(t *testing.T) {
	// Each case composes on a pending source, so the callback panics on the
	// goroutine that resolves it: that goroutine must survive and every
	// waiter must see the panic as an error.
	cases := []struct {
		name  string
		start func(src *future.Future[[]int], v any) *future.Future[int]
	}{
		{"Map", func(src *future.Future[[]int], v any) *future.Future[int] {
			return future.Map(src, func([]int) (int, error) { panic(v) })
		}},
		{"Then", func(src *future.Future[[]int], v any) *future.Future[int] {
			return future.Then(src, func([]int) *future.Future[int] { panic(v) })
		}},
		{"Reduce", func(src *future.Future[[]int], v any) *future.Future[int] {
			return future.Reduce(src, 0, func(int, int) (int, error) { panic(v) })
		}},
		{"Filter", func(src *future.Future[[]int], v any) *future.Future[int] {
			kept := future.Filter(src, func(int) bool { panic(v) })
			return future.Map(kept, func(xs []int) (int, error) { return len(xs), nil })
		}},
	}
	for _, c := range cases {
		t.Run("a panic in a "+c.name+" callback becomes a *PanicError with value and stack", func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				p := future.NewPromise[[]int]()
				f := c.start(p.Future(), "kaboom")
				waiting := getAsync(t.Context(), f)
				synctest.Wait()

				require.True(t, p.Resolve([]int{1}), "the resolving goroutine survives the panic")
				got := <-waiting
				var pe *future.PanicError
				require.ErrorAs(t, got.err, &pe)
				require.Equal(t, "kaboom", pe.Value)
				require.Equal(t, "panic: kaboom", pe.Error())
				require.Contains(t, string(pe.Stack), "future_test.TestPanics", "the stack names the panicking callback")
			})
		})

		t.Run("a panic(err) in a "+c.name+" callback unwraps to err", func(t *testing.T) {
			p := future.NewPromise[[]int]()
			f := c.start(p.Future(), errBoom)
			p.Resolve([]int{1})
			_, err := f.Peek()
			require.ErrorIs(t, err, errBoom)
			var pe *future.PanicError
			require.ErrorAs(t, err, &pe)
			require.Same(t, errBoom, pe.Value)
		})
	}

	t.Run("Recover keeps a panic as a *PanicError and leaves a nil error alone", func(t *testing.T) {
		run := func(fn func()) (err error) {
			defer future.Recover(&err)
			fn()
			return nil
		}
		require.NoError(t, run(func() {}))

		err := run(func() { panic(errBoom) })
		require.ErrorIs(t, err, errBoom)
		require.True(t, strings.HasPrefix(err.Error(), "panic: boom"), err.Error())
		require.NotErrorIs(t, run(func() { panic("text") }), errBoom)
	})

	t.Run("a panic with a non-error value does not unwrap", func(t *testing.T) {
		pe := &future.PanicError{Value: 42}
		require.NoError(t, errors.Unwrap(pe))
	})
}
