package future_test

import (
	"context"
	"math/rand/v2"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/troupe-go/troupe/future"
)

// pending returns n pending promises and their futures.
func pending[T any](n int) ([]*future.Promise[T], []*future.Future[T]) {
	ps := make([]*future.Promise[T], n)
	fs := make([]*future.Future[T], n)
	for i := range ps {
		ps[i] = future.NewPromise[T]()
		fs[i] = ps[i].Future()
	}
	return ps, fs
}

// getAllAsync runs GetAll in a goroutine and hands back its results.
func getAllAsync[T any](ctx context.Context, fs ...*future.Future[T]) <-chan result[[]T] {
	out := make(chan result[[]T], 1)
	go func() {
		vs, err := future.GetAll(ctx, fs...)
		out <- result[[]T]{vs, err}
	}()
	return out
}

// resolveInOrder resolves ps[i] with i*10 from its own goroutine, one
// goroutine after the other in the given order: each goroutine waits for its
// gate, and synctest.Wait lets it finish before the next gate opens, so the
// completions arrive exactly in that order.
func resolveInOrder(t *testing.T, ps []*future.Promise[int], order []int, waiting <-chan result[[]int]) {
	gates := make([]chan struct{}, len(ps))
	for i := range gates {
		gates[i] = make(chan struct{})
		go func() {
			<-gates[i]
			ps[i].Resolve(i * 10)
		}()
	}
	for k, i := range order {
		synctest.Wait()
		require.Empty(t, waiting, "GetAll returned after %d of %d completions", k, len(ps))
		close(gates[i])
	}
}

func TestGetAll(t *testing.T) {
	t.Run("keeps argument order when completions arrive in random order", func(t *testing.T) {
		const n = 32
		want := make([]int, n)
		for i := range want {
			want[i] = i * 10
		}
		seed := rand.Uint64()
		rng := rand.New(rand.NewPCG(seed, seed))
		backwards := make([]int, n)
		for i := range backwards {
			backwards[i] = n - 1 - i
		}
		orders := [][]int{backwards, rng.Perm(n), rng.Perm(n), rng.Perm(n)}

		for _, order := range orders {
			synctest.Test(t, func(t *testing.T) {
				ps, fs := pending[int](n)
				waiting := getAllAsync(t.Context(), fs...)
				resolveInOrder(t, ps, order, waiting)
				got := <-waiting
				require.NoError(t, got.err)
				require.Equal(t, want, got.v, "completion order %v (seed %d)", order, seed)
			})
		}
	})

	t.Run("returns the first error while another future is still pending", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			ps, fs := pending[int](3)
			waiting := getAllAsync(t.Context(), fs...)
			ps[0].Resolve(1)
			synctest.Wait()
			require.Empty(t, waiting)

			ps[1].Reject(errBoom)
			got := <-waiting // ps[2] is never completed: returning proves GetAll did not wait for it
			require.ErrorIs(t, got.err, errBoom)
			require.Nil(t, got.v)
			requirePending(t, fs[2])
		})
	})

	t.Run("the first error to arrive wins, not the first in argument order", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			ps, fs := pending[int](3)
			waiting := getAllAsync(t.Context(), fs...)
			synctest.Wait()
			ps[2].Reject(errBoom)
			ps[0].Reject(context.Canceled)
			got := <-waiting
			require.ErrorIs(t, got.err, errBoom)
		})
	})

	t.Run("a ctx deadline ends the wait with context.DeadlineExceeded", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			ps, fs := pending[int](2)
			ps[0].Resolve(1)
			ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
			defer cancel()
			start := time.Now()
			vs, err := future.GetAll(ctx, fs...)
			require.ErrorIs(t, err, context.DeadlineExceeded)
			require.Nil(t, vs)
			require.Equal(t, time.Minute, time.Since(start))

			ps[1].Resolve(2) // the futures still deliver afterwards
			vs, err = future.GetAll(t.Context(), fs...)
			require.NoError(t, err)
			require.Equal(t, []int{1, 2}, vs)
		})
	})

	t.Run("a cancelled ctx ends the wait with context.Canceled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		_, fs := pending[int](1)
		_, err := future.GetAll(ctx, fs...)
		require.ErrorIs(t, err, context.Canceled)
	})

	t.Run("futures already complete return at once, the first error in argument order", func(t *testing.T) {
		vs, err := future.GetAll(t.Context(), future.Resolved("a"), future.Resolved("b"))
		require.NoError(t, err)
		require.Equal(t, []string{"a", "b"}, vs)

		_, err = future.GetAll(t.Context(), future.Resolved(1), future.Failed[int](errBoom), future.Failed[int](context.Canceled))
		require.ErrorIs(t, err, errBoom)
	})

	t.Run("no futures yield an empty result", func(t *testing.T) {
		vs, err := future.GetAll[int](t.Context())
		require.NoError(t, err)
		require.Empty(t, vs)
	})
}

func TestJoin(t *testing.T) {
	t.Run("completes with every value in argument order once the last arrives", func(t *testing.T) {
		ps, fs := pending[string](3)
		j := future.Join(fs...)
		ps[2].Resolve("c")
		ps[0].Resolve("a")
		requirePending(t, j)
		ps[1].Resolve("b")
		requireValue(t, j, []string{"a", "b", "c"})
	})

	t.Run("fails with the first error at once while others are pending", func(t *testing.T) {
		ps, fs := pending[string](3)
		j := future.Join(fs...)
		ps[1].Reject(errBoom)
		_, err := j.Peek()
		require.ErrorIs(t, err, errBoom)

		ps[2].Reject(context.Canceled) // a later error changes nothing
		_, err = j.Peek()
		require.ErrorIs(t, err, errBoom)
	})

	t.Run("futures already complete give a complete result", func(t *testing.T) {
		requireValue(t, future.Join(future.Resolved(1), future.Resolved(2)), []int{1, 2})
		_, err := future.Join(future.Resolved(1), future.Failed[int](errBoom)).Peek()
		require.ErrorIs(t, err, errBoom)
		requireValue(t, future.Join[int](), []int{})
	})
}
