package actor

// fifo is a growable ring buffer: no node per element, and lengths stay
// powers of two so indexes wrap with a mask. It is not safe for concurrent
// use.
type fifo[E any] struct {
	buf  []E
	head int // index of the oldest element
	n    int // number of elements
}

func (q *fifo[E]) len() int { return q.n }

func (q *fifo[E]) at(i int) *E { return &q.buf[(q.head+i)&(len(q.buf)-1)] }

func (q *fifo[E]) push(e E) {
	if q.n == len(q.buf) {
		q.grow()
	}
	*q.at(q.n) = e
	q.n++
}

// insert adds e after every element not greater than it by less: from the
// back, since elements mostly come in order.
func (q *fifo[E]) insert(e E, less func(a, b E) bool) {
	q.push(e)
	for i := q.n - 1; i > 0 && less(e, *q.at(i - 1)); i-- {
		*q.at(i), *q.at(i - 1) = *q.at(i - 1), e
	}
}

func (q *fifo[E]) peek() (e E, ok bool) {
	if q.n == 0 {
		return e, false
	}
	return *q.at(0), true
}

// pop removes the oldest element; the fifo must not be empty.
func (q *fifo[E]) pop() E {
	var zero E
	e := *q.at(0)
	*q.at(0) = zero // drop the reference for the GC
	q.head = (q.head + 1) & (len(q.buf) - 1)
	q.n--
	if q.n == 0 && len(q.buf) > 1024 {
		q.buf, q.head = nil, 0 // a burst is over: do not keep its buffer
	}
	return e
}

// grow doubles the buffer.
func (q *fifo[E]) grow() {
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
