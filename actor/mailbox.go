package actor

import (
	"math"
	"reflect"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/troupe-go/troupe/internal/fifo"
)

// The mailbox is lock-free for senders. Each accepted message gets a
// position: one compare-and-swap on the cell's state word (see state.go)
// checks that the actor accepts messages, counts the message and claims the
// run state when no goroutine holds it. The message then goes to one of
// three places, and the actor takes positions strictly in order from
// whichever holds the next one:
//
//   - the hand: a sender whose message wakes an idle actor passes it to the
//     goroutine it starts, as its argument (the mailbox is empty then), so an
//     actor that never had a backlog owns no buffer;
//   - a ring of typed slots, made by the actor once it has had a backlog and
//     made anew, four times larger, each time senders found it full (from
//     minRing up to maxRing slots). A slot holds position p's message when its
//     sequence number says p+1; it is free for p once the actor has taken
//     p minus the ring's size, which senders learn from cell.node.Taken, read
//     rarely through the ring's limit;
//   - the spill: a list sorted by position, under the cell's lock, for the
//     messages that find no ring yet, that were given their position before
//     the current ring began, or whose slot stays taken while the actor does
//     not move. It keeps the mailbox unbounded.
//
// Order follows positions, so per-sender order holds; no message is boxed.
// Per message the actor does one atomic store (cell.node.Taken) and a sender one
// compare-and-swap and one atomic store.

// Ring sizes: powers of two, so a position finds its slot with a mask.
const (
	minRing = 16
	maxRing = 1024
)

// slot is one place in a ring.
type slot[E any] struct {
	seq atomic.Uint64 // p+1 once it holds position p's message
	e   E
}

// basePending is a ring's base while the actor is fixing it.
const basePending = math.MaxUint64

// ring is a fixed ring of slots for the positions from base on.
type ring[E any] struct {
	base  atomic.Uint64 // the first position it holds; basePending for a moment when made
	limit atomic.Uint64 // every position from base up to limit has a free slot
	full  atomic.Bool   // a sender found it full: the actor makes a bigger one
	mask  uint64
	slots []slot[E]
	// prev is the actor's: the ring before, which holds positions before
	// base until the actor has taken them.
	prev *ring[E]
	// plain says the messages hold no pointers: a taken Tell's slot needs no
	// clearing, and the actor does not write to a cache line a sender is
	// writing the next message to.
	plain bool
}

// placed is a spilled message and its position.
type placed[E any] struct {
	pos uint64
	e   E
}

// mailbox holds the messages of one actor. Senders call put; only the
// holder of the run state calls take and grow. The cell's lock guards the
// spill.
type mailbox[S, M any] struct {
	ring  atomic.Pointer[ring[envelope[S, M]]] // the ring senders use; nil until the actor first had a backlog
	spill atomic.Pointer[spill[envelope[S, M]]]
}

// spillBatch bounds how many spilled messages the actor moves out at once.
const spillBatch = 256

// spill is the overflow list, sorted by position. The actor moves runs of
// consecutive positions from it into batch under one lock, so a backlog
// that spilled costs one lock per batch, not per message.
type spill[E any] struct {
	n     atomic.Int64          // len(q), readable without the lock
	q     fifo.Queue[placed[E]] // guarded by the cell's lock
	_     [64]byte              // senders write the above, the actor the below: keep them off one cache line
	batch []placed[E]           // the actor's: the next positions, consecutive
	next  int                   // batch[next] is the next to take
}

// put stores the message at position p; c is the actor's cell.
func (q *mailbox[S, M]) put(p uint64, e envelope[S, M], c *cell) {
	if rg := q.ring.Load(); rg != nil && rg.awaitSlot(p, c) {
		s := &rg.slots[p&rg.mask]
		s.e = e
		s.seq.Store(p + 1)
		return
	}
	c.mu.Lock()
	sp := q.spill.Load()
	if sp == nil {
		sp = new(spill[envelope[S, M]])
		q.spill.Store(sp)
	}
	sp.q.Insert(placed[envelope[S, M]]{p, e}, func(a, b placed[envelope[S, M]]) bool { return a.pos < b.pos })
	sp.n.Add(1)
	c.mu.Unlock()
}

// take removes and returns the message at position p, the oldest not yet
// taken, waiting for its sender to finish storing it (a sender stores right
// after it took its position, so the wait is short).
func (q *mailbox[S, M]) take(p uint64, c *cell) envelope[S, M] {
	rg := q.ring.Load()
	if rg != nil && p < rg.base.Load() {
		rg = rg.prev
	}
	for try := 0; ; try++ {
		sp := q.spill.Load()
		if sp != nil && sp.next < len(sp.batch) {
			return q.takeBatched(p, sp)
		}
		if e, ok := q.fromRing(rg, p); ok {
			return e
		}
		if sp != nil && sp.n.Load() > 0 && q.fetch(p, sp, &c.mu) {
			return q.takeBatched(p, sp)
		}
		if try > 16 {
			runtime.Gosched() // the sender was preempted between position and store
		}
	}
}

// takeReady takes position p's message if it waits in the current ring, as
// it does while messages flow; take handles every other case.
func (q *mailbox[S, M]) takeReady(p uint64) (e envelope[S, M], ok bool) {
	rg := q.ring.Load()
	if rg == nil || p < rg.base.Load() {
		return e, false
	}
	return q.fromRing(rg, p)
}

// fromRing takes position p's message from rg if it is there.
func (q *mailbox[S, M]) fromRing(rg *ring[envelope[S, M]], p uint64) (e envelope[S, M], ok bool) {
	if rg == nil {
		return e, false
	}
	s := &rg.slots[p&rg.mask]
	if s.seq.Load() != p+1 {
		return e, false
	}
	e = s.e
	if e.req != nil || !rg.plain {
		s.e = envelope[S, M]{} // drop the references for the GC; taken then frees the slot
	}
	return e, true
}

// ready reports whether position p's message waits in the ring.
func (q *mailbox[S, M]) ready(p uint64) bool {
	rg := q.ring.Load()
	return rg != nil && p >= rg.base.Load() && rg.slots[p&rg.mask].seq.Load() == p+1
}

// fetch moves the spilled run of positions from p on into the batch and
// reports whether p was there.
func (q *mailbox[S, M]) fetch(p uint64, sp *spill[envelope[S, M]], mu *sync.Mutex) bool {
	sp.batch, sp.next = sp.batch[:0], 0
	mu.Lock()
	for len(sp.batch) < spillBatch {
		f, ok := sp.q.Peek()
		if !ok || f.pos != p+uint64(len(sp.batch)) {
			break
		}
		sp.q.Pop()
		sp.batch = append(sp.batch, f)
	}
	sp.n.Add(-int64(len(sp.batch)))
	mu.Unlock()
	return len(sp.batch) > 0
}

// takeBatched takes position p, the head of the batch.
func (q *mailbox[S, M]) takeBatched(p uint64, sp *spill[envelope[S, M]]) envelope[S, M] {
	f := &sp.batch[sp.next]
	if f.pos != p {
		panic("actor: mailbox out of order") // cannot happen: the batch holds the next positions
	}
	e := f.e
	*f = placed[envelope[S, M]]{} // drop the reference for the GC
	sp.next++
	return e
}

// grow gives senders a new ring when messages spilled for want of one, or
// when a sender found the ring full and it can grow; the actor calls it
// between messages, having taken every position before p. Positions given
// out before the new ring's base stay where their senders put them: in the
// old ring, which the new one keeps as prev until the actor has taken them,
// or in the spill.
func (q *mailbox[S, M]) grow(p uint64, c *cell) {
	cur := q.ring.Load()
	if cur != nil && cur.prev != nil && p >= cur.base.Load() {
		cur.prev = nil // every position before its base is taken: let the old ring go
	}
	n := minRing
	if cur == nil {
		if sp := q.spill.Load(); sp == nil || sp.n.Load() == 0 {
			return
		}
	} else {
		if !cur.full.Load() || len(cur.slots) == maxRing || p < cur.base.Load() {
			return // not needed, no larger ring, or prev is still in use
		}
		n = 4 * len(cur.slots)
	}
	rg := &ring[envelope[S, M]]{mask: uint64(n - 1), slots: make([]slot[envelope[S, M]], n), prev: cur,
		plain: !hasPointers(reflect.TypeFor[M]())}
	rg.base.Store(basePending)
	q.ring.Store(rg)
	// Every position given out from here on is put by a sender that loads
	// the ring after this one was published: base is where they begin.
	b := positions(c.state.Load())
	rg.limit.Store(b + uint64(n))
	rg.base.Store(b)
}

// awaitSlot reports whether position p's slot in rg is free, waiting for it
// while the ring is full and the actor keeps taking messages, as a sender
// waits on a full channel: a sender faster than its actor would otherwise
// pile up a backlog that costs memory and time and gains nothing. Once it
// has to wait, it waits until half the ring is free, so that the sends after
// it find room without reading the actor's count again. It reports false,
// and the message spills, if p was given out before rg began, or once the
// actor has taken nothing for stallTurns looks: a long handler, a restart's
// backoff, or the actor sending to itself must not make a Tell wait.
func (rg *ring[E]) awaitSlot(p uint64, c *cell) bool {
	b := rg.base.Load()
	for b == basePending { // the actor is between two stores
		runtime.Gosched()
		b = rg.base.Load()
	}
	if p < b {
		return false
	}
	if p < rg.limit.Load() || p < rg.raise(c.node.Taken.Load()) {
		return true
	}
	if !rg.full.Load() {
		rg.full.Store(true)
	}
	n := uint64(len(rg.slots))
	var last uint64
	for still := 0; ; {
		t := c.node.Taken.Load()
		if p+n/2 < t+n {
			rg.raise(t)
			return true
		}
		if t != last {
			last, still = t, 0
		} else if still++; still > stallTurns {
			return p < rg.raise(c.node.Taken.Load())
		}
		runtime.Gosched()
	}
}

// raise moves limit up to a lap after t taken positions and returns it.
// Senders read the actor's count of taken positions only when limit no
// longer answers, so that the count, written at every message, is not read
// at every send.
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

// stallTurns is how many times a sender looks at a full ring whose actor
// takes no message before its message spills instead.
const stallTurns = 64

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
