package mailbox

import "sync/atomic"

// owner plays the part the actor plays for a queue: it gives out positions
// with one compare-and-swap on a state word (positions above a closed bit),
// and counts what the consumer took.
type owner struct {
	q     Queue[msg]
	state atomic.Uint64 // positions << 1 | closed
	taken atomic.Uint64
}

// msg is a test message: its sender and its number in that sender's order.
// The pointer makes the queue clear taken slots, as it does for an actor's
// envelopes.
type msg struct {
	sender, n int
	p         *int
}

// send gives m a position and puts it, unless the owner closed; it reports
// whether m was accepted.
func (o *owner) send(m msg) bool {
	p, ok := o.reserve()
	if ok {
		o.q.Put(p, m, &o.taken)
	}
	return ok
}

// reserve gives out the next position unless the owner closed.
func (o *owner) reserve() (p uint64, ok bool) {
	for {
		s := o.state.Load()
		if s&1 != 0 {
			return 0, false
		}
		if o.state.CompareAndSwap(s, s+2) {
			return s >> 1, true
		}
	}
}

func (o *owner) given() uint64 { return o.state.Load() >> 1 }

// close stops the owner from giving out positions, and puts last, the
// message that tells the consumer it has everything, at the final one.
func (o *owner) close() {
	for {
		s := o.state.Load()
		if o.state.CompareAndSwap(s, (s+2)|1) {
			o.q.Put(s>>1, msg{sender: last}, &o.taken)
			return
		}
	}
}

// last is the sender of the message close puts.
const last = -1

// take takes position p as the actor's loop does: from the ring when it is
// there, else growing the ring and taking it wherever it is, parked until
// its sender stores it if needed. Caught up with the senders, it first lets
// the queue's buffers go, as an actor going idle does.
func (o *owner) take(p uint64) msg {
	m, ok := o.q.TakeReady(p)
	if !ok {
		if p == o.given() {
			o.q.Release(p, o.given)
		}
		o.q.Grow(p, o.given)
		m = o.q.Take(p)
	}
	o.taken.Store(p + 1)
	o.q.Took(p + 1)
	return m
}

// consume takes messages until the one close put, and returns the others in
// the order taken.
func (o *owner) consume() []msg {
	var got []msg
	for p := uint64(0); ; p++ {
		m := o.take(p)
		if m.sender == last {
			return got
		}
		got = append(got, m)
	}
}
