package fifo

// Queue is a growable ring buffer. Lengths stay powers of two, so indexes
// wrap with a mask. Its zero value is an empty queue.
type Queue[E any] struct {
	buf  []E
	head int // index of the oldest element
	n    int // number of elements
}

// shrinkAbove is the buffer length above which an emptied queue lets its
// buffer go: a burst is over, and its memory need not stay.
const shrinkAbove = 1024

// Len returns the number of elements.
func (q *Queue[E]) Len() int { return q.n }

func (q *Queue[E]) at(i int) *E { return &q.buf[(q.head+i)&(len(q.buf)-1)] }

// Push adds e at the back.
func (q *Queue[E]) Push(e E) {
	if q.n == len(q.buf) {
		q.grow()
	}
	*q.at(q.n) = e
	q.n++
}

// Insert adds e after every element that is not greater than it by less,
// looking from the back, since elements mostly come in order.
func (q *Queue[E]) Insert(e E, less func(a, b E) bool) {
	q.Push(e)
	for i := q.n - 1; i > 0 && less(e, *q.at(i - 1)); i-- {
		*q.at(i), *q.at(i - 1) = *q.at(i - 1), e
	}
}

// Peek returns the oldest element without removing it; ok is false when
// the queue is empty.
func (q *Queue[E]) Peek() (e E, ok bool) {
	if q.n == 0 {
		return e, false
	}
	return *q.at(0), true
}

// Pop removes and returns the oldest element; ok is false when the queue
// is empty.
func (q *Queue[E]) Pop() (e E, ok bool) {
	if q.n == 0 {
		return e, false
	}
	var zero E
	e, *q.at(0) = *q.at(0), zero // drop the reference for the GC
	q.head = (q.head + 1) & (len(q.buf) - 1)
	q.n--
	if q.n == 0 && len(q.buf) > shrinkAbove {
		q.buf, q.head = nil, 0
	}
	return e, true
}

// Drain removes and returns every element, oldest first.
func (q *Queue[E]) Drain() []E {
	out := make([]E, q.n)
	for i := range out {
		out[i] = *q.at(i)
	}
	*q = Queue[E]{}
	return out
}

// grow doubles the buffer.
func (q *Queue[E]) grow() {
	size := 2 * len(q.buf)
	if size == 0 {
		size = 4
	}
	buf := make([]E, size)
	for i := range q.n {
		buf[i] = *q.at(i)
	}
	q.buf, q.head = buf, 0
}
