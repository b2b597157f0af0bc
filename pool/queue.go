package pool

// fifo is an unbounded first-in first-out queue. Popping slides the slice
// forward; append reallocates once the room behind it is used up, so each
// element is copied O(1) times on average.
type fifo[E any] struct {
	items []E
}

func (q *fifo[E]) push(e E) { q.items = append(q.items, e) }

func (q *fifo[E]) pop() (e E, ok bool) {
	if len(q.items) == 0 {
		return e, false
	}
	var zero E
	e, q.items[0] = q.items[0], zero // drop the reference for the GC
	q.items = q.items[1:]
	return e, true
}

// drain removes and returns every element, oldest first.
func (q *fifo[E]) drain() []E {
	items := q.items
	q.items = nil
	return items
}
