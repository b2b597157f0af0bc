package future_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/troupe-go/troupe/future"
)

var errBoom = errors.New("boom")

// requireValue asserts that f completed with v and no error.
func requireValue[T any](t *testing.T, f *future.Future[T], v T) {
	t.Helper()
	got, err := f.Peek()
	require.NoError(t, err)
	require.Equal(t, v, got)
}

// requirePending asserts that f has not completed.
func requirePending[T any](t *testing.T, f *future.Future[T]) {
	t.Helper()
	_, err := f.Peek()
	require.ErrorIs(t, err, future.ErrPending)
}

// getAsync runs f.Get in a goroutine and hands back its results once it
// returns; inside a synctest bubble, synctest.Wait then proves it blocked.
func getAsync[T any](ctx context.Context, f *future.Future[T]) <-chan result[T] {
	out := make(chan result[T], 1)
	go func() {
		v, err := f.Get(ctx)
		out <- result[T]{v, err}
	}()
	return out
}

type result[T any] struct {
	v   T
	err error
}

func TestPromise(t *testing.T) {
	t.Run("first completion wins among 100 goroutines resolving and rejecting at once", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			const n = 100
			p := future.NewPromise[int]()
			errs := make([]error, n)
			for i := range errs {
				errs[i] = fmt.Errorf("rejected by %d", i)
			}
			var (
				start   = make(chan struct{})
				wins    atomic.Int32
				winner  atomic.Int32
				wg      sync.WaitGroup
				readers []<-chan result[int]
			)
			for range n { // readers already blocked when the race starts
				readers = append(readers, getAsync(t.Context(), p.Future()))
			}
			for i := range n {
				wg.Go(func() {
					<-start
					var won bool
					if i%2 == 0 {
						won = p.Resolve(i)
					} else {
						won = p.Reject(errs[i])
					}
					if won {
						wins.Add(1)
						winner.Store(int32(i))
					}
				})
			}
			synctest.Wait()
			close(start)
			for range n { // readers racing with the completions
				readers = append(readers, getAsync(t.Context(), p.Future()))
			}
			wg.Wait()
			require.Equal(t, int32(1), wins.Load(), "exactly one completion must win")

			w := int(winner.Load())
			for _, r := range readers {
				got := <-r
				if w%2 == 0 {
					require.NoError(t, got.err)
					require.Equal(t, w, got.v)
				} else {
					require.Same(t, errs[w], got.err)
					require.Zero(t, got.v)
				}
			}
		})
	})

	t.Run("a later completion reports false and changes nothing", func(t *testing.T) {
		p := future.NewPromise[string]()
		require.True(t, p.Resolve("first"))
		require.False(t, p.Resolve("second"))
		require.False(t, p.Reject(errBoom))
		require.False(t, p.Complete("third", nil))
		requireValue(t, p.Future(), "first")
	})

	t.Run("Reject with a nil error fails with ErrNilError", func(t *testing.T) {
		p := future.NewPromise[int]()
		require.True(t, p.Reject(nil))
		_, err := p.Future().Get(t.Context())
		require.ErrorIs(t, err, future.ErrNilError)

		_, err = future.Failed[int](nil).Peek()
		require.ErrorIs(t, err, future.ErrNilError)
	})

	t.Run("Complete resolves on a nil error and rejects otherwise", func(t *testing.T) {
		ok := future.NewPromise[int]()
		ok.Complete(4, nil)
		requireValue(t, ok.Future(), 4)

		bad := future.NewPromise[int]()
		bad.Complete(4, errBoom)
		v, err := bad.Future().Peek()
		require.ErrorIs(t, err, errBoom)
		require.Zero(t, v, "a rejected future holds no value")
	})

	t.Run("a zero-value promise embedded in a struct works", func(t *testing.T) {
		type request struct {
			question string
			reply    future.Promise[string]
		}
		var req request
		req.question = "name?"
		f := req.reply.Future()
		require.Same(t, f, req.reply.Future(), "Future returns the same future every time")
		requirePending(t, f)
		require.True(t, req.reply.Resolve("troupe"))
		requireValue(t, f, "troupe")
	})

	t.Run("Resolved and Failed are complete at once", func(t *testing.T) {
		requireValue(t, future.Resolved(42), 42)
		_, err := future.Failed[int](errBoom).Peek()
		require.ErrorIs(t, err, errBoom)
	})
}

func TestGet(t *testing.T) {
	t.Run("a completed future returns its value even on a cancelled ctx", func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		v, err := future.Resolved("ready").Get(ctx)
		require.NoError(t, err)
		require.Equal(t, "ready", v)
	})

	t.Run("a pending future on an already cancelled ctx returns context.Canceled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		v, err := future.NewPromise[int]().Future().Get(ctx)
		require.ErrorIs(t, err, context.Canceled)
		require.Zero(t, v)
	})

	t.Run("cancelling the ctx wakes a blocked Get with context.Canceled and the future still delivers", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			p := future.NewPromise[int]()
			ctx, cancel := context.WithCancel(t.Context())
			waiting := getAsync(ctx, p.Future())
			synctest.Wait()
			require.Empty(t, waiting, "Get must block while the future is pending")

			cancel()
			got := <-waiting
			require.ErrorIs(t, got.err, context.Canceled)

			p.Resolve(7)
			v, err := p.Future().Get(t.Context())
			require.NoError(t, err)
			require.Equal(t, 7, v)
		})
	})

	t.Run("Get returns the ctx's cause", func(t *testing.T) {
		ctx, cancel := context.WithCancelCause(t.Context())
		cancel(errBoom)
		_, err := future.NewPromise[int]().Future().Get(ctx)
		require.ErrorIs(t, err, errBoom)
	})

	t.Run("a blocked Get returns the value once another goroutine resolves", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			p := future.NewPromise[string]()
			waiting := getAsync(t.Context(), p.Future())
			synctest.Wait()
			require.Empty(t, waiting)

			go p.Resolve("late")
			got := <-waiting
			require.NoError(t, got.err)
			require.Equal(t, "late", got.v)
		})
	})
}

func TestGetTimeout(t *testing.T) {
	t.Run("returns ErrTimeout after the duration and the future still delivers afterwards", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			p := future.NewPromise[int]()
			start := time.Now()
			v, err := p.Future().GetTimeout(time.Second)
			require.ErrorIs(t, err, future.ErrTimeout)
			require.Zero(t, v)
			require.Equal(t, time.Second, time.Since(start), "waits exactly the duration on the fake clock")

			p.Resolve(3)
			v, err = p.Future().GetTimeout(time.Second)
			require.NoError(t, err)
			require.Equal(t, 3, v)
		})
	})

	t.Run("returns the value when it arrives before the duration", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			p := future.NewPromise[int]()
			out := make(chan result[int], 1)
			go func() {
				v, err := p.Future().GetTimeout(time.Hour)
				out <- result[int]{v, err}
			}()
			synctest.Wait()
			require.Empty(t, out)

			start := time.Now()
			p.Resolve(9)
			got := <-out
			require.NoError(t, got.err)
			require.Equal(t, 9, got.v)
			require.Zero(t, time.Since(start), "no waiting for the timer once resolved")
		})
	})

	t.Run("a completed future returns at once even with a zero duration", func(t *testing.T) {
		v, err := future.Resolved(1).GetTimeout(0)
		require.NoError(t, err)
		require.Equal(t, 1, v)
	})
}

func TestPeek(t *testing.T) {
	t.Run("a pending future reports ErrPending and the zero value", func(t *testing.T) {
		v, err := future.NewPromise[string]().Future().Peek()
		require.ErrorIs(t, err, future.ErrPending)
		require.Empty(t, v)
	})

	t.Run("a resolved future reports its value", func(t *testing.T) {
		p := future.NewPromise[string]()
		p.Resolve("done")
		requireValue(t, p.Future(), "done")
	})

	t.Run("a rejected future reports its error, not ErrPending", func(t *testing.T) {
		_, err := future.Failed[string](errBoom).Peek()
		require.ErrorIs(t, err, errBoom)
		require.NotErrorIs(t, err, future.ErrPending)
	})
}

func TestDone(t *testing.T) {
	t.Run("is open while pending and closed on completion, in a select", func(t *testing.T) {
		p := future.NewPromise[int]()
		done := p.Future().Done()
		select {
		case <-done:
			t.Fatal("Done closed before completion")
		default:
		}
		require.Equal(t, done, p.Future().Done(), "every caller waits on one channel")

		p.Reject(errBoom)
		select {
		case <-done:
		default:
			t.Fatal("Done still open after completion")
		}
	})

	t.Run("a goroutine blocked selecting on Done wakes on completion", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			p := future.NewPromise[int]()
			woke := make(chan int, 1)
			go func() {
				select {
				case <-p.Future().Done():
					v, _ := p.Future().Peek()
					woke <- v
				case <-t.Context().Done():
				}
			}()
			synctest.Wait()
			require.Empty(t, woke)
			p.Resolve(5)
			require.Equal(t, 5, <-woke)
		})
	})

	t.Run("a completed future's Done is already closed", func(t *testing.T) {
		select {
		case <-future.Resolved(0).Done():
		default:
			t.Fatal("Done of a resolved future is open")
		}
	})
}

func TestOnComplete(t *testing.T) {
	t.Run("callbacks run once each, in registration order, when the future completes", func(t *testing.T) {
		p := future.NewPromise[int]()
		var calls []string
		for _, name := range []string{"a", "b", "c"} {
			p.Future().OnComplete(func(v int, err error) {
				require.NoError(t, err)
				calls = append(calls, fmt.Sprint(name, ":", v))
			})
		}
		require.Empty(t, calls, "no callback runs before completion")

		p.Resolve(7)
		require.Equal(t, []string{"a:7", "b:7", "c:7"}, calls, "callbacks ran on the completing goroutine before Resolve returned")

		p.Resolve(8)
		p.Reject(errBoom)
		require.Len(t, calls, 3, "a second completion runs nothing again")
	})

	t.Run("a callback on a completed future runs at once on the caller", func(t *testing.T) {
		var got error
		ran := 0
		future.Failed[int](errBoom).OnComplete(func(_ int, err error) {
			ran++
			got = err
		})
		require.Equal(t, 1, ran)
		require.ErrorIs(t, got, errBoom)
	})

	t.Run("callbacks registered from many goroutines each run exactly once", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			const n = 100
			p := future.NewPromise[int]()
			var runs [n]atomic.Int32
			var wg sync.WaitGroup
			for i := range n {
				wg.Go(func() {
					p.Future().OnComplete(func(int, error) { runs[i].Add(1) })
				})
			}
			wg.Go(func() { p.Resolve(1) })
			wg.Wait()
			for i := range runs {
				require.Equal(t, int32(1), runs[i].Load(), "callback %d", i)
			}
		})
	})

	t.Run("a nil callback panics", func(t *testing.T) {
		require.PanicsWithValue(t, "future: OnComplete with a nil func", func() {
			future.NewPromise[int]().Future().OnComplete(nil)
		})
	})
}
