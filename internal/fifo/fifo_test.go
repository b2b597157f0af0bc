package fifo_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/troupe-go/troupe/internal/fifo"
)

func TestQueue(t *testing.T) {
	t.Run("pops in push order across buffer growth and wrap-around", func(t *testing.T) {
		var q fifo.Queue[int]
		next := 0
		for i := range 100 {
			q.Push(i)
			if i%3 == 0 { // pop now and then, so the head moves and indexes wrap
				v, ok := q.Pop()
				require.True(t, ok)
				require.Equal(t, next, v)
				next++
			}
		}
		require.Equal(t, 100-next, q.Len())
		for ; next < 100; next++ {
			v, ok := q.Pop()
			require.True(t, ok)
			require.Equal(t, next, v)
		}
		_, ok := q.Pop()
		require.False(t, ok, "an empty queue pops nothing")
		_, ok = q.Peek()
		require.False(t, ok)
	})

	t.Run("Insert keeps the queue sorted, whatever order elements come in", func(t *testing.T) {
		var q fifo.Queue[int]
		less := func(a, b int) bool { return a < b }
		for _, v := range []int{3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5} {
			q.Insert(v, less)
		}
		head, ok := q.Peek()
		require.True(t, ok)
		require.Equal(t, 1, head)
		require.Equal(t, []int{1, 1, 2, 3, 3, 4, 5, 5, 5, 6, 9}, q.Drain())
		require.Zero(t, q.Len(), "Drain empties the queue")
	})

	t.Run("a queue emptied after a burst is still usable", func(t *testing.T) {
		var q fifo.Queue[int]
		for i := range 5000 {
			q.Push(i)
		}
		for range 5000 {
			_, ok := q.Pop()
			require.True(t, ok)
		}
		q.Push(7)
		v, ok := q.Pop()
		require.True(t, ok)
		require.Equal(t, 7, v)
	})
}
