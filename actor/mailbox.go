package actor

// mailbox is a growable ring buffer of typed envelopes: no boxing of M and no
// node per message. It is not safe for concurrent use; the actor's lock
// guards it.
type mailbox[E any] struct {
	buf  []E
	head int // index of the oldest element
	n    int // number of elements
}

func (q *mailbox[E]) len() int { return q.n }

func (q *mailbox[E]) push(e E) {
	if q.n == len(q.buf) {
		q.grow()
	}
	q.buf[(q.head+q.n)&(len(q.buf)-1)] = e
	q.n++
}

func (q *mailbox[E]) pop() (e E, ok bool) {
	if q.n == 0 {
		return e, false
	}
	var zero E
	e, q.buf[q.head] = q.buf[q.head], zero // drop the reference for the GC
	q.head = (q.head + 1) & (len(q.buf) - 1)
	q.n--
	return e, true
}

// grow doubles the buffer (lengths stay powers of two, so indexes wrap with a
// mask).
func (q *mailbox[E]) grow() {
	size := 2 * len(q.buf)
	if size == 0 {
		size = 4
	}
	buf := make([]E, size)
	for i := range q.n {
		buf[i] = q.buf[(q.head+i)&(len(q.buf)-1)]
	}
	q.buf, q.head = buf, 0
}

// drain removes and returns every element, oldest first.
func (q *mailbox[E]) drain() []E {
	out := make([]E, 0, q.n)
	for {
		e, ok := q.pop()
		if !ok {
			return out
		}
		out = append(out, e)
	}
}
