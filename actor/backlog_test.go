package actor_test

import (
	"context"
	"runtime"
	"sync"
	"testing"
	"weak"

	"github.com/stretchr/testify/require"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/future"
)

// The mailbox keeps a message in one of three places (handed to the
// goroutine it wakes, a ring that grows from 16 to 1024 slots, or a spill
// list when the ring is full and the actor does not move); these tests push
// backlogs through all of them and check what a user sees: nothing lost,
// per-sender order, Len.

// backlogSize is more messages than the largest ring holds.
const backlogSize = 3000

// orderMsg is message n of sender from. A hold, if set, holds the actor
// until it is closed; a reply, if set, is resolved with the number of
// messages handled so far.
type orderMsg struct {
	from, n int
	hold    chan struct{}
	reply   *future.Promise[int]
}

// sequencer records, per sender, every message out of order.
type sequencer struct {
	next     map[int]int
	handled  int
	disorder []orderMsg
	self     bool // on a message from sender -1, tell itself backlogSize messages first
}

func newSequencer() *sequencer { return &sequencer{next: map[int]int{}} }

// hold tells ref a message that holds it until the returned func is called.
func hold(t *testing.T, ref *actor.Ref[*sequencer, orderMsg]) (release func()) {
	t.Helper()
	gate := make(chan struct{})
	require.NoError(t, ref.Tell(orderMsg{from: -3, hold: gate}))
	return func() { close(gate) }
}

// warm gives ref's mailbox its ring: a backlog made while it is held.
func warm(t *testing.T, ref *actor.Ref[*sequencer, orderMsg]) {
	t.Helper()
	release := hold(t, ref)
	for range 100 {
		require.NoError(t, ref.Tell(orderMsg{from: -3}))
	}
	release()
}

func (s *sequencer) Receive(ctx *actor.Context, m orderMsg) error {
	if m.hold != nil {
		<-m.hold
	}
	if m.from == -1 && s.self {
		me := actor.Self[*sequencer, orderMsg](ctx)
		for n := range backlogSize {
			if err := me.Tell(orderMsg{from: -2, n: n}); err != nil {
				return err
			}
		}
	}
	if m.from >= -2 {
		if m.n != s.next[m.from] {
			s.disorder = append(s.disorder, m)
		}
		s.next[m.from] = m.n + 1
	}
	s.handled++
	if m.reply != nil {
		m.reply.Resolve(s.handled)
	}
	return nil
}

// handledAll asks the actor, behind everything queued, how many messages it
// has handled, not counting the ask.
func handledAll(t *testing.T, ref *actor.Ref[*sequencer, orderMsg]) int {
	t.Helper()
	n, err := actor.Ask(context.Background(), ref, func(p *future.Promise[int]) orderMsg { return orderMsg{from: -3, reply: p} })
	require.NoError(t, err)
	return n - 1
}

func TestBacklog(t *testing.T) {
	t.Run("8 senders' messages queued behind a held handler are all handled, each sender's in order", func(t *testing.T) {
		s := newSequencer()
		ref := start(s)
		defer stop(t, ref)
		release := hold(t, ref)
		var wg sync.WaitGroup
		for from := range 8 {
			wg.Go(func() {
				for n := range backlogSize / 8 {
					require.NoError(t, ref.Tell(orderMsg{from: from, n: n}))
				}
			})
		}
		wg.Wait()
		require.Equal(t, backlogSize/8*8, ref.Len(), "Len counts the queued messages wherever they wait")
		release()
		require.Equal(t, 1+backlogSize/8*8, handledAll(t, ref))
		require.Empty(t, s.disorder)
		require.Zero(t, ref.Len())
	})

	t.Run("senders that keep sending while the actor works through a backlog lose nothing and keep their order", func(t *testing.T) {
		s := newSequencer()
		ref := start(s)
		defer stop(t, ref)
		warm(t, ref) // a ring that fills, so messages spill between ring slots
		release := hold(t, ref)
		const senders, each = 4, 20 * backlogSize
		var wg sync.WaitGroup
		halfway := make(chan struct{}, senders)
		for from := range senders {
			wg.Go(func() {
				for n := range each {
					if n == backlogSize/senders {
						halfway <- struct{}{}
					}
					require.NoError(t, ref.Tell(orderMsg{from: from, n: n}))
				}
			})
		}
		for range senders {
			<-halfway
		}
		release() // the rest arrives while the actor takes the backlog
		wg.Wait()
		require.Equal(t, 102+senders*each, handledAll(t, ref))
		require.Empty(t, s.disorder)
	})

	t.Run("an actor can tell itself more messages than its largest ring holds", func(t *testing.T) {
		s := newSequencer()
		s.self = true
		ref := start(s)
		defer stop(t, ref)
		// Asked, so that the check below queues behind what it told itself.
		_, err := actor.Ask(context.Background(), ref, func(p *future.Promise[int]) orderMsg { return orderMsg{from: -1, reply: p} })
		require.NoError(t, err)
		require.Equal(t, 1+backlogSize, handledAll(t, ref))
		require.Empty(t, s.disorder)
	})

	t.Run("Stop during a flood: every accepted Tell is handled or a dead letter, none twice", func(t *testing.T) {
		var mu sync.Mutex
		sent, dead := 0, 0
		s := newSequencer()
		ref := start(s, actor.WithDeadLetters(func(actor.DeadLetter) { mu.Lock(); dead++; mu.Unlock() }))
		flooding := make(chan struct{}, 4)
		var wg sync.WaitGroup
		for from := range 4 {
			wg.Go(func() {
				for n := 0; ; n++ {
					if n == backlogSize {
						flooding <- struct{}{}
					}
					if ref.Tell(orderMsg{from: from, n: n}) != nil {
						return
					}
					mu.Lock()
					sent++
					mu.Unlock()
				}
			})
		}
		<-flooding
		require.NoError(t, ref.Stop(context.Background()))
		wg.Wait()
		require.GreaterOrEqual(t, sent, backlogSize)
		require.Equal(t, sent, s.handled+dead)
		require.Empty(t, s.disorder)
	})
}

// keeper drops every message it gets.
type keeper struct{ got chan struct{} }

func (k *keeper) Receive(_ *actor.Context, _ *[4096]byte) error {
	k.got <- struct{}{}
	return nil
}

func TestMailboxKeepsNothing(t *testing.T) {
	t.Run("a handled message is left to the garbage collector, whatever place of the mailbox it passed through", func(t *testing.T) {
		k := &keeper{got: make(chan struct{}, backlogSize)}
		ref := start(k)
		defer stop(t, ref)
		var last weak.Pointer[[4096]byte]
		// Enough at once that the mailbox makes a ring; every message is
		// then taken from one place or another.
		for range 100 {
			m := new([4096]byte)
			last = weak.Make(m)
			require.NoError(t, ref.Tell(m))
		}
		for range 100 {
			<-k.got
		}
		runtime.GC()
		require.True(t, last.Value() == nil, "the last message is still reachable after it was handled")
	})
}
