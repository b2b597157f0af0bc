package mailbox

import (
	"reflect"
	"sync"
	"sync/atomic"
	"time"
	"weak"

	"github.com/troupe-go/troupe/internal/fifo"
)

// A position's message is in one of three places, and the consumer looks in
// each for the next position:
//
//   - the hand: a message given straight to the consumer that the owner
//     starts for it (see Queue.Hand), so a queue that never had a backlog
//     owns no buffer;
//   - a ring of typed slots, made by the consumer once there was a backlog
//     and made anew, four times larger, each time senders found it full
//     (from minRing up to maxRing slots). A slot holds position p's message
//     when its sequence number says p+1; it is free for p once the consumer
//     has taken p minus the ring's size, which senders learn from the owner's
//     count of taken positions, read rarely through the ring's limit;
//   - the spill: a list sorted by position, under a lock, for the messages
//     that find no ring, that were given their position before the current
//     ring began, or whose slot is still taken. It keeps the queue unbounded
//     without making a sender wait.
//
// Per message the consumer does one load of its slot and a sender one
// atomic swap, besides the owner's counting.

// Ring sizes: powers of two, so a position finds its slot with a mask.
const (
	minRing = 16
	maxRing = 1024
)

// slot is one place in a ring.
type slot[E any] struct {
	seq atomic.Uint64 // p+1 once it holds position p's message; waitMark while the consumer waits for it
	e   E
}

// waitMark in a slot's seq says the consumer waits, parked, for the slot's
// message: the sender that stores it wakes the consumer.
const waitMark = ^uint64(0)

// basePending is a ring's base while the consumer is fixing it: a sender
// that finds it spills its message.
const basePending = ^uint64(0)

// ring is a fixed ring of slots for the positions from base on.
type ring[E any] struct {
	base  atomic.Uint64 // the first position it holds; basePending for a moment when made
	limit atomic.Uint64 // every position from base up to limit has a free slot
	full  atomic.Bool   // a sender found it full: the consumer makes a bigger one
	mask  uint64
	slots []slot[E]
	// prev is the consumer's: the ring before, which holds positions before
	// base until the consumer has taken them.
	prev *ring[E]
	// plain says the messages hold no pointers: a taken slot needs no
	// clearing for the garbage collector.
	plain bool
}

// placed is a spilled message and its position.
type placed[E any] struct {
	pos uint64
	e   E
}

// spillBatch bounds how many spilled messages the consumer moves out at once.
const spillBatch = 256

// slow is what a queue needs once it had a backlog or its consumer had to
// wait: the ring, the spill and the consumer's wake-up. A queue that never
// had either holds none of it.
type slow[E any] struct {
	ring atomic.Pointer[ring[E]] // the ring senders use; nil while there is none
	// spare is the consumer's: the last ring it let go, held weakly, so that
	// a backlog that comes back before the garbage collector ran revives it.
	spare weak.Pointer[ring[E]]

	mu      sync.Mutex
	n       atomic.Int64          // len(q), readable without the lock
	q       fifo.Queue[placed[E]] // the spill, sorted by position; guarded by mu
	waiting bool                  // guarded by mu: the consumer waits for a spilled message
	wake    chan struct{}         // made by the consumer, before it first waits; capacity 1

	// Pacing: senders that found the ring full wait on room
	// (guarded by mu) until the consumer has taken up to wakeAt, when it
	// closes room; see pace. pacing says which, so that the consumer looks
	// with one load per message.
	pacing atomic.Uint32
	wakeAt atomic.Uint64
	room   chan struct{}

	batch []placed[E] // the consumer's: spilled positions moved out, consecutive
	next  int         // batch[next] is the next to take
	// restAt is the consumer's: the position at which it last went idle, see
	// Rest.
	restAt uint64
}

// Queue holds the messages of one consumer. Senders call Put with the
// position the owner gave them; only the consumer calls the other methods,
// and Hand is called by the sender that the owner made the consumer's
// starter. The zero value is an empty queue.
type Queue[E any] struct {
	slow atomic.Pointer[slow[E]]
	// hand holds the message given with Hand until the consumer takes it.
	hand E
}

// Hand stores e, the queue's next and only message, for the consumer that
// the caller is about to start: the owner made the caller the one who starts
// it, and nothing else is queued. The start must publish the store (a
// channel send or a go statement does).
func (q *Queue[E]) Hand(e E) { q.hand = e }

// TakeHand returns the message given with Hand and clears the hand.
func (q *Queue[E]) TakeHand() E {
	e := q.hand
	var zero E
	q.hand = zero // drop the references for the garbage collector
	return e
}

// slowMake returns the queue's slow part, making it if needed. Senders and
// the consumer may race to make it: one wins.
func (q *Queue[E]) slowMake() *slow[E] {
	if sl := q.slow.Load(); sl != nil {
		return sl
	}
	q.slow.CompareAndSwap(nil, new(slow[E]))
	return q.slow.Load()
}

// Put stores e at position p. taken is the owner's count of the positions
// the consumer has taken. Put waits only while the ring is full and
// the consumer keeps taking messages (see pace).
func (q *Queue[E]) Put(p uint64, e E, taken *atomic.Uint64) {
	sl := q.slow.Load()
	if sl != nil {
		if rg := sl.ring.Load(); rg != nil && (rg.free(p, taken) || sl.pace(p, rg, taken)) {
			s := &rg.slots[p&rg.mask]
			s.e = e
			if s.seq.Swap(p+1) == waitMark {
				sl.wakeConsumer()
			}
			return
		}
	} else {
		sl = q.slowMake()
	}
	sl.mu.Lock()
	sl.q.Insert(placed[E]{p, e}, func(a, b placed[E]) bool { return a.pos < b.pos })
	sl.n.Add(1)
	if sl.waiting {
		sl.wakeConsumer()
	}
	sl.mu.Unlock()
}

// wakeConsumer lets a parked consumer look again.
func (sl *slow[E]) wakeConsumer() {
	select {
	case sl.wake <- struct{}{}:
	default: // a wake-up is pending already
	}
}

// free reports whether position p's slot in rg is free. It is not if p was
// given out before rg began (or while the consumer is fixing rg's base), or
// if the slot still holds a message from a lap before: then the message
// spills, and the sender finds it full so that the consumer makes a larger
// one.
func (rg *ring[E]) free(p uint64, taken *atomic.Uint64) bool {
	if b := rg.base.Load(); b == basePending || p < b {
		return false
	}
	if p < rg.limit.Load() || p < rg.raise(taken.Load()) {
		return true
	}
	if !rg.full.Load() {
		rg.full.Store(true)
	}
	return false
}

// Pacing states.
const (
	paceNone    uint32 = iota
	paceWaiting        // senders wait on room
	paceStalled        // the consumer took nothing while a sender waited: senders spill
)

// stallAfter is how long a sender waits for room in a full ring, with the
// consumer taking nothing meanwhile, before it takes the consumer for
// stalled and spills: five of the Go scheduler's 10 ms time slices, so that
// a consumer merely waiting for a processor on a busy machine is not taken
// for stalled (with 10 ms, TellUnderLoad1to1 measured about twice as slow:
// senders spilled whenever the actor had waited one slice).
const stallAfter = 50 * time.Millisecond

// pace waits, parked, until position p's slot in rg, which is full, is
// free (and the consumer makes a larger ring for the sends after it), as a
// send on a full channel waits: a sender faster than its consumer would
// otherwise pile up a backlog that costs memory and time and gains nothing.
// Once it has to wait, it waits until half the ring is free beyond p, so
// that the sends after it find room without waiting again. It reports
// false, and the message spills, if p was given out before rg began, or if
// the consumer took nothing for stallAfter: a long handler, a restart's
// backoff, or the consumer sending to itself must not make a send wait
// longer. Senders then spill at once until the consumer has caught up.
func (sl *slow[E]) pace(p uint64, rg *ring[E], taken *atomic.Uint64) bool {
	n := uint64(len(rg.slots))
	if b := rg.base.Load(); b == basePending || p < b {
		return false
	}
	var timer *time.Timer
	defer func() {
		if timer != nil {
			timer.Stop()
		}
	}()
	for last := taken.Load(); ; {
		sl.mu.Lock()
		if sl.pacing.Load() == paceStalled {
			sl.mu.Unlock()
			return false
		}
		if sl.room == nil {
			sl.room = make(chan struct{})
		}
		room := sl.room
		w := p + 1 + n/2 - n // taken from here on, half the ring is free beyond p
		if sl.pacing.Load() != paceWaiting || w < sl.wakeAt.Load() {
			sl.wakeAt.Store(w)
		}
		sl.pacing.Store(paceWaiting)
		// The consumer may have taken up to w since this sender looked:
		// after the flag, a take is seen here or sees the flag.
		if p < rg.raise(taken.Load()) {
			sl.mu.Unlock()
			return true
		}
		sl.mu.Unlock()
		if timer == nil {
			timer = time.NewTimer(stallAfter)
		}
		select {
		case <-room:
			if p < rg.raise(taken.Load()) {
				return true
			}
		case <-timer.C:
			if t := taken.Load(); t != last { // slow, not stalled: wait on
				last = t
				timer.Reset(stallAfter)
				continue
			}
			sl.mu.Lock()
			if sl.room == room { // nobody woke the senders meanwhile
				sl.pacing.Store(paceStalled)
			}
			sl.mu.Unlock()
			return p < rg.raise(taken.Load())
		}
	}
}

// Took tells the queue that the consumer has taken every position before t:
// it wakes the senders that wait for room once there is enough, and ends a
// stall.
func (q *Queue[E]) Took(t uint64) {
	if sl := q.slow.Load(); sl != nil && sl.pacing.Load() != paceNone && t >= sl.wakeAt.Load() {
		sl.wakeSenders()
	}
}

// wakeSenders wakes every sender waiting for room and ends a stall.
func (sl *slow[E]) wakeSenders() {
	sl.mu.Lock()
	if sl.room != nil {
		close(sl.room)
		sl.room = nil
	}
	sl.pacing.Store(paceNone)
	sl.mu.Unlock()
}

// raise moves limit up to a lap after t taken positions and returns it.
// Senders read the count of taken positions only when limit no longer
// answers, so that the count, written at every message, is not read at
// every send.
func (rg *ring[E]) raise(t uint64) uint64 {
	l := t + uint64(len(rg.slots))
	for {
		old := rg.limit.Load()
		if old >= l {
			return old
		}
		if rg.limit.CompareAndSwap(old, l) {
			return l
		}
	}
}

// TakeReady takes position p's message if it waits in the current ring, as
// it does while messages flow; Take handles every other case.
func (q *Queue[E]) TakeReady(p uint64) (e E, ok bool) {
	sl := q.slow.Load()
	if sl == nil {
		return e, false
	}
	rg := sl.ring.Load()
	if rg == nil || p < rg.base.Load() {
		return e, false
	}
	return rg.take(p)
}

// Ready reports whether position p's message waits in the current ring.
func (q *Queue[E]) Ready(p uint64) bool {
	sl := q.slow.Load()
	if sl == nil {
		return false
	}
	rg := sl.ring.Load()
	return rg != nil && p >= rg.base.Load() && rg.slots[p&rg.mask].seq.Load() == p+1
}

// take takes position p's message from rg if it is there.
func (rg *ring[E]) take(p uint64) (e E, ok bool) {
	s := &rg.slots[p&rg.mask]
	if s.seq.Load() != p+1 {
		return e, false
	}
	e = s.e
	if !rg.plain {
		var zero E
		s.e = zero // drop the references for the garbage collector
	}
	return e, true
}

// Take removes and returns the message at position p, which the owner gave
// out and which is the oldest not yet taken. If its sender has not stored it
// yet (it was preempted between getting its position and storing), the
// consumer parks until that sender wakes it.
func (q *Queue[E]) Take(p uint64) E {
	for {
		if e, ok := q.look(p); ok {
			return e
		}
		q.await(p)
	}
}

// look takes position p's message wherever it is, if it is there.
func (q *Queue[E]) look(p uint64) (e E, ok bool) {
	sl := q.slow.Load()
	if sl == nil {
		return e, false
	}
	if sl.next < len(sl.batch) {
		return sl.takeBatched(p), true
	}
	if rg := sl.ringOf(p); rg != nil {
		if e, ok := rg.take(p); ok {
			return e, true
		}
	}
	if sl.n.Load() > 0 && sl.fetch(p) {
		return sl.takeBatched(p), true
	}
	return e, false
}

// ringOf returns the ring in which p's sender may have stored it: a sender
// stores p only in a ring that was current when it looked, and whose base is
// at most p.
func (sl *slow[E]) ringOf(p uint64) *ring[E] {
	rg := sl.ring.Load()
	if rg != nil && p < rg.base.Load() {
		rg = rg.prev
	}
	return rg
}

// await parks the consumer until position p's sender may have stored it.
// It marks p's slot, so that a sender storing there wakes it, and says it
// waits, so that a sender spilling wakes it; then it looks once more, since
// the message may have come before either.
func (q *Queue[E]) await(p uint64) {
	sl := q.slowMake()
	sl.mu.Lock()
	if sl.wake == nil {
		sl.wake = make(chan struct{}, 1)
	}
	sl.waiting = true
	spilled := sl.n.Load() > 0
	if spilled {
		f, _ := sl.q.Peek()
		spilled = f.pos == p
	}
	sl.mu.Unlock()
	if !spilled && sl.mark(p) {
		<-sl.wake
	}
	sl.mu.Lock()
	sl.waiting = false
	sl.mu.Unlock()
}

// mark puts waitMark in p's slot unless p's message is there; it reports
// whether it did. Without a ring there is no slot to mark, and a sender
// spills.
func (sl *slow[E]) mark(p uint64) bool {
	rg := sl.ringOf(p)
	if rg == nil {
		return true
	}
	s := &rg.slots[p&rg.mask]
	old := s.seq.Load()
	return old != p+1 && s.seq.CompareAndSwap(old, waitMark)
}

// fetch moves the spilled run of positions from p on into the batch and
// reports whether p was there.
func (sl *slow[E]) fetch(p uint64) bool {
	sl.batch, sl.next = sl.batch[:0], 0
	sl.mu.Lock()
	for len(sl.batch) < spillBatch {
		f, ok := sl.q.Peek()
		if !ok || f.pos != p+uint64(len(sl.batch)) {
			break
		}
		sl.q.Pop()
		sl.batch = append(sl.batch, f)
	}
	sl.n.Add(-int64(len(sl.batch)))
	sl.mu.Unlock()
	return len(sl.batch) > 0
}

// takeBatched takes position p, the head of the batch.
func (sl *slow[E]) takeBatched(p uint64) E {
	f := &sl.batch[sl.next]
	if f.pos != p {
		panic("mailbox: out of order") // cannot happen: the batch holds the next positions
	}
	e := f.e
	*f = placed[E]{} // drop the reference for the garbage collector
	sl.next++
	return e
}

// Grow gives senders a new ring when messages spilled for want of one, or
// when a sender found the ring full and it can grow; the consumer calls it
// between messages, having taken every position before p. given reports
// how many positions the owner has given out; Grow calls it once the new
// ring is published. Positions given out before the new ring's base stay
// where their senders put them: in the old ring, which the new one keeps as
// prev until the consumer has taken them, or in the spill.
func (q *Queue[E]) Grow(p uint64, given func() uint64) {
	sl := q.slow.Load()
	if sl == nil {
		return
	}
	cur := sl.ring.Load()
	if cur != nil && cur.prev != nil && p >= cur.base.Load() {
		cur.prev = nil // every position before its base is taken: let the old ring go
	}
	var rg *ring[E]
	if cur == nil {
		if sl.n.Load() == 0 {
			return
		}
		rg = sl.spare.Value() // a ring let go at rest that the collector left
	} else if !cur.full.Load() || len(cur.slots) == maxRing || p < cur.base.Load() {
		return // not needed, no larger ring, or prev is still in use
	}
	if rg == nil {
		n := minRing
		if cur != nil {
			n = 4 * len(cur.slots)
		}
		rg = &ring[E]{mask: uint64(n - 1), slots: make([]slot[E], n), plain: !hasPointers(reflect.TypeFor[E]())}
		sl.spare = weak.Make(rg)
	}
	rg.prev = cur
	rg.full.Store(false)
	rg.base.Store(basePending)
	sl.ring.Store(rg)
	// Every position given out from here on is put by a sender that loads
	// the ring after this one was published: base is where they begin.
	b := given()
	rg.limit.Store(b + uint64(len(rg.slots)))
	rg.base.Store(b)
}

// Release lets the queue's buffers go once it is empty: the consumer has
// taken every position before p. The ring is dropped, and held only weakly
// so that the garbage collector frees it unless a backlog comes back first.
// given reports how many positions the owner has given out: if it is more
// than p, a sender came meanwhile, Release keeps the ring and reports false.
func (q *Queue[E]) Release(p uint64, given func() uint64) bool {
	sl := q.slow.Load()
	if sl == nil {
		return true
	}
	if rg := sl.ring.Load(); rg != nil {
		sl.ring.Store(nil)
		// A sender that got its position before this look may have loaded
		// the ring before it was dropped and store in it: keep it then.
		if given() != p {
			sl.ring.Store(rg)
			return false
		}
		rg.prev = nil
	}
	if sl.batch != nil {
		sl.batch, sl.next = nil, 0
		sl.mu.Lock()
		if sl.q.Len() == 0 {
			sl.q = fifo.Queue[placed[E]]{} // let the list's buffer go
		}
		sl.mu.Unlock()
	}
	return true
}

// Rest records that the consumer goes idle having taken every position
// before p; RestedSince then tells whether it took anything since.
func (q *Queue[E]) Rest(p uint64) {
	if sl := q.slow.Load(); sl != nil {
		sl.restAt = p
	}
}

// RestedSince reports whether the consumer, now having taken every position
// before p, went idle at p with Rest and so took nothing since.
func (q *Queue[E]) RestedSince(p uint64) bool {
	sl := q.slow.Load()
	return sl == nil || sl.restAt == p
}

// Holds reports whether the queue holds buffers that Release would let go.
func (q *Queue[E]) Holds() bool {
	sl := q.slow.Load()
	return sl != nil && (sl.ring.Load() != nil || sl.batch != nil)
}

// hasPointers reports whether values of type t hold pointers the garbage
// collector follows.
func hasPointers(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Array:
		return t.Len() > 0 && hasPointers(t.Elem())
	case reflect.Struct:
		for i := range t.NumField() {
			if hasPointers(t.Field(i).Type) {
				return true
			}
		}
		return false
	case reflect.Pointer, reflect.UnsafePointer, reflect.Map, reflect.Slice, reflect.String,
		reflect.Interface, reflect.Chan, reflect.Func:
		return true
	}
	return false
}
