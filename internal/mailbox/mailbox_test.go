package mailbox

import (
	"runtime"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/require"
)

// requireSenderOrder requires got to hold, for each of senders senders,
// messages 0 to perSender-1 in order, each once.
func requireSenderOrder(t *testing.T, got []msg, senders, perSender int) {
	t.Helper()
	next := make([]int, senders)
	for _, m := range got {
		require.Equal(t, next[m.sender], m.n, "sender %d's messages out of order or lost", m.sender)
		next[m.sender]++
	}
	for s, n := range next {
		require.Equal(t, perSender, n, "sender %d", s)
	}
}

func TestQueue(t *testing.T) {
	t.Run("one sender's messages come out in order, through spill, ring growth and release", func(t *testing.T) {
		const n = 20_000
		var o owner
		done := make(chan []msg)
		go func() { done <- o.consume() }()
		for i := range n {
			require.True(t, o.send(msg{n: i}))
		}
		o.close()
		requireSenderOrder(t, <-done, 1, n)
	})

	t.Run("many senders: nothing lost, each sender's order kept", func(t *testing.T) {
		checkFlood(t, 8, 5_000, func(o *owner, m msg) { o.send(m) })
	})

	t.Run("a close during a flood: every accepted message is taken, once, in each sender's order", func(t *testing.T) {
		const senders = 4
		var o owner
		done := make(chan []msg)
		go func() { done <- o.consume() }()
		accepted := make([]int, senders)
		var wg, flooding sync.WaitGroup
		flooding.Add(senders)
		for s := range senders {
			wg.Go(func() {
				for o.send(msg{sender: s, n: accepted[s]}) {
					if accepted[s]++; accepted[s] == 2_000 {
						flooding.Done()
					}
				}
			})
		}
		flooding.Wait()
		o.close()
		wg.Wait()
		got := <-done
		next := make([]int, senders)
		for _, m := range got {
			require.Equal(t, next[m.sender], m.n)
			next[m.sender]++
		}
		require.Equal(t, accepted, next, "taken per sender = accepted per sender")
	})

	t.Run("the hand holds one message for the consumer and lets it go", func(t *testing.T) {
		var q Queue[msg]
		x := 1
		q.Hand(msg{n: 7, p: &x})
		require.Equal(t, msg{n: 7, p: &x}, q.TakeHand())
		require.Equal(t, msg{}, q.hand, "the hand keeps no reference")
	})

	t.Run("release lets the ring go once empty, and a later backlog gets one again", func(t *testing.T) {
		var o owner
		for i := range 100 {
			require.True(t, o.send(msg{n: i}))
		}
		for p := range uint64(100) {
			require.Equal(t, int(p), o.take(p).n)
		}
		require.True(t, o.q.Holds(), "a backlog of 100 made a ring")
		require.True(t, o.q.Release(100, o.given))
		require.False(t, o.q.Holds())
		for i := range 100 {
			require.True(t, o.send(msg{n: 100 + i}))
		}
		for p := range uint64(100) {
			require.Equal(t, 100+int(p), o.take(100+p).n)
		}
	})

	t.Run("release keeps the ring when a position was given out meanwhile", func(t *testing.T) {
		var o owner
		for i := range 100 {
			require.True(t, o.send(msg{n: i}))
		}
		for p := range uint64(100) {
			o.take(p)
		}
		require.True(t, o.send(msg{n: 100}))
		require.False(t, o.q.Release(100, o.given))
		require.True(t, o.q.Holds())
		require.Equal(t, 100, o.take(100).n)
	})
}

func TestPreemptedSender(t *testing.T) {
	// A sender that took its position and was preempted before storing its
	// message: the consumer, which must take that position next, parks
	// (synctest.Wait returns only when every goroutine of the bubble is
	// durably blocked, which a goroutine that yields in a loop never is)
	// and the sender's store wakes it.
	for _, where := range []string{"no ring yet", "ring"} {
		t.Run("the consumer parks until the sender stores, "+where, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				var o owner
				var p uint64
				if where == "ring" {
					for i := range 40 { // a backlog: the consumer grows a ring
						require.True(t, o.send(msg{n: i}))
					}
					for ; p < 40; p++ {
						o.take(p)
					}
					require.True(t, o.q.Holds())
				}
				pos, ok := o.reserve()
				require.True(t, ok)
				require.Equal(t, p, pos)
				got := make(chan msg)
				go func() { got <- o.take(p) }()
				synctest.Wait()
				require.Empty(t, got, "the consumer took a message not yet stored")
				o.q.Put(pos, msg{n: 99}, &o.taken) // the sender runs again
				require.Equal(t, msg{n: 99}, <-got)
			})
		})
	}

	t.Run("under a flood, senders stalled between position and store lose nothing", func(t *testing.T) {
		checkFlood(t, 4, 2_000, func(o *owner, m msg) {
			p, ok := o.reserve()
			require.True(t, ok)
			if m.n%64 == 0 {
				runtime.Gosched() // preempted between taking its position and storing
			}
			o.q.Put(p, m, &o.taken)
		})
	})
}

// checkFlood has senders goroutines send perSender messages each with send,
// while a consumer takes them, and requires that nothing was lost and each
// sender's order kept.
func checkFlood(t *testing.T, senders, perSender int, send func(o *owner, m msg)) {
	t.Helper()
	var o owner
	done := make(chan []msg)
	go func() { done <- o.consume() }()
	var wg sync.WaitGroup
	for s := range senders {
		wg.Go(func() {
			for i := range perSender {
				send(&o, msg{sender: s, n: i})
			}
		})
	}
	wg.Wait()
	o.close()
	requireSenderOrder(t, <-done, senders, perSender)
}

// withRing returns an owner whose consumer took n spilled messages: at its
// first take it made a ring of minRing slots for the positions from n on.
func withRing(t *testing.T, n int) *owner {
	t.Helper()
	o := new(owner)
	for i := range n {
		require.True(t, o.send(msg{n: i}))
	}
	for p := range uint64(n) {
		require.Equal(t, int(p), o.take(p).n)
	}
	rg := o.q.slow.Load().ring.Load()
	require.NotNil(t, rg)
	require.Equal(t, uint64(n), rg.base.Load())
	require.Len(t, rg.slots, minRing)
	return o
}

func TestPacing(t *testing.T) {
	t.Run("a sender that finds the ring full parks until the consumer took half of it", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			o := withRing(t, 40)
			for i := range minRing { // fills the ring: positions 40 to 55
				require.True(t, o.send(msg{n: 40 + i}))
			}
			began := time.Now()
			sent := make(chan bool)
			go func() { sent <- o.send(msg{n: 40 + minRing}) }()
			synctest.Wait() // durably blocked: parked, not yielding
			require.Empty(t, sent, "the sender did not wait for room")
			for p := uint64(40); p < 40+minRing/2; p++ {
				require.Equal(t, int(p), o.take(p).n)
			}
			synctest.Wait()
			require.Empty(t, sent, "woken before half the ring was free beyond its place")
			require.Equal(t, 40+minRing/2, o.take(40+minRing/2).n)
			require.True(t, <-sent)
			require.Zero(t, time.Since(began), "woken by its timer, not by the consumer")
			for p := uint64(40 + minRing/2 + 1); p <= 40+minRing; p++ {
				require.Equal(t, int(p), o.take(p).n)
			}
		})
	})

	t.Run("a consumer that takes nothing for stallAfter makes senders spill instead of waiting", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			o := withRing(t, 40)
			for i := range minRing {
				require.True(t, o.send(msg{n: 40 + i}))
			}
			began := time.Now()
			require.True(t, o.send(msg{n: 40 + minRing})) // waits, then spills
			require.Equal(t, stallAfter, time.Since(began))
			require.True(t, o.send(msg{n: 41 + minRing})) // spills at once: the consumer is stalled
			require.Equal(t, stallAfter, time.Since(began))
			for p := uint64(40); p <= 41+minRing; p++ {
				require.Equal(t, int(p), o.take(p).n)
			}
		})
	})
}
