package topic_test

import (
	"context"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/actortest"
	"github.com/troupe-go/troupe/registry"
	"github.com/troupe-go/troupe/topic"
)

// Event is the interface of the events these tests publish.
type Event interface{ event() }

type Deposit struct{ Amount int }
type Withdrawal struct{ Amount int }

func (Deposit) event()    {}
func (Withdrawal) event() {}

// probe starts a probe of M in the test's registry.
func probe[M any](t *testing.T, reg *registry.Registry, opts ...actor.Option) *actortest.Probe[M] {
	return actortest.NewProbe[M](t, append([]actor.Option{actor.WithRegistry(reg)}, opts...)...)
}

const soon = time.Second

func TestSubscribe(t *testing.T) {
	actortest.Run(t, "an interface-typed subscriber gets the concrete values; a concrete one only its type", func(t *testing.T) {
		reg := actortest.NewRegistry(t)
		var events topic.Topic[Event]
		all := probe[Event](t, reg)
		deposits := probe[Deposit](t, reg)
		topic.Subscribe(&events, all.Ref())
		topic.Subscribe(&events, deposits.Ref())
		d, s := events.Publish(Deposit{10})
		require.Equal(t, [2]int{2, 0}, [2]int{d, s})
		d, s = events.Publish(Withdrawal{3})
		require.Equal(t, [2]int{1, 0}, [2]int{d, s}, "the Deposit subscriber cannot take a Withdrawal")
		all.ExpectNext(soon, Deposit{10}, Withdrawal{3})
		deposits.ExpectNext(soon, Deposit{10})
		deposits.ExpectNone(time.Hour)
	})

	actortest.Run(t, "a topic of a concrete type reaches subscribers of an interface it implements", func(t *testing.T) {
		reg := actortest.NewRegistry(t)
		var deposits topic.Topic[Deposit]
		anyEvent, anything := probe[Event](t, reg), probe[any](t, reg)
		topic.Subscribe(&deposits, anyEvent.Ref())
		topic.Subscribe(&deposits, anything.Ref())
		deposits.Publish(Deposit{5})
		got := anyEvent.Next(soon, 1)
		require.IsType(t, Deposit{}, got[0])
		require.Equal(t, Deposit{5}, got[0])
		anything.ExpectNext(soon, any(Deposit{5}))
	})

	actortest.Run(t, "a subscriber leaves when it stops and receives nothing after", func(t *testing.T) {
		reg := actortest.NewRegistry(t)
		var events topic.Topic[Event]
		p := probe[Event](t, reg)
		topic.Subscribe(&events, p.Ref())
		require.Equal(t, 1, events.Len())
		events.Publish(Deposit{1})
		require.NoError(t, p.Ref().Stop(context.Background()))
		synctest.Wait() // the death watch has run
		require.Equal(t, 0, events.Len())
		d, s := events.Publish(Deposit{2})
		require.Equal(t, [2]int{0, 0}, [2]int{d, s})
		require.Equal(t, []Event{Deposit{1}}, p.Drain(), "what was accepted before Stop was handled, nothing after")
	})

	actortest.Run(t, "cancel ends the subscription, once or many times", func(t *testing.T) {
		reg := actortest.NewRegistry(t)
		var events topic.Topic[Event]
		p := probe[Event](t, reg)
		cancel := topic.Subscribe(&events, p.Ref())
		cancel()
		cancel()
		synctest.Wait()
		require.Equal(t, 0, events.Len())
		events.Publish(Deposit{1})
		p.ExpectNone(time.Hour)
	})

	actortest.Run(t, "Close ends every subscription and its goroutine", func(t *testing.T) {
		reg := actortest.NewRegistry(t)
		var events topic.Topic[Event]
		topic.Subscribe(&events, probe[Event](t, reg).Ref())
		topic.Subscribe(&events, probe[Deposit](t, reg).Ref())
		events.Close()
		require.Equal(t, 0, events.Len())
		require.PanicsWithValue(t, "topic: Subscribe on a closed topic", func() {
			topic.Subscribe(&events, probe[Event](t, reg).Ref())
		})
		// The bubble fails if a subscription's goroutine is left.
	})

	actortest.Run(t, "misuse panics precisely", func(t *testing.T) {
		reg := actortest.NewRegistry(t)
		var deposits topic.Topic[Deposit]
		require.PanicsWithValue(t, "topic: Subscribe with a nil ref", func() {
			topic.Subscribe(&deposits, (*actor.Ref[*actortest.Probe[Deposit], Deposit])(nil))
		})
		require.PanicsWithValue(t, "topic: Subscribe on a nil *Topic", func() {
			topic.Subscribe[Deposit]((*topic.Topic[Deposit])(nil), probe[Deposit](t, reg).Ref())
		})
		w := probe[Withdrawal](t, reg, actor.WithName("ledger"))
		require.PanicsWithValue(t, "topic: Subscribe: ledger takes topic_test.Withdrawal, which no value of a Topic[topic_test.Deposit] can be", func() {
			topic.Subscribe(&deposits, w.Ref())
		})
		var events topic.Topic[Event]
		n := probe[int](t, reg, actor.WithName("counter"))
		require.PanicsWithValue(t, "topic: Subscribe: counter takes int, which no value of a Topic[topic_test.Event] can be", func() {
			topic.Subscribe(&events, n.Ref())
		})
	})
}

// gate is a subscriber whose handler waits for open on the first value.
type gate struct {
	open chan struct{}
	got  []int
}

func (g *gate) Receive(_ *actor.Context, n int) error {
	if g.open != nil {
		<-g.open
		g.open = nil
	}
	g.got = append(g.got, n)
	return nil
}

func TestSlowSubscriber(t *testing.T) {
	// flood starts a subscriber whose mailbox holds 2, busy with value 0
	// until open is closed, and a fast probe beside it.
	flood := func(t *testing.T, overflow actor.Overflow) (*topic.Topic[int], *gate, *actor.Ref[*gate, int], *actortest.Probe[int]) {
		reg := actortest.NewRegistry(t)
		nums := new(topic.Topic[int])
		g := &gate{open: make(chan struct{})}
		slow := actor.Start(g, actor.WithRegistry(reg), actor.WithMailbox(2, overflow))
		fast := probe[int](t, reg)
		topic.Subscribe(nums, slow)
		topic.Subscribe(nums, fast.Ref())
		nums.Publish(0)
		synctest.Wait() // the slow one holds 0 in its handler; its mailbox is empty
		return nums, g, slow, fast
	}

	for _, overflow := range []actor.Overflow{actor.OverflowBlock, actor.OverflowFail} {
		actortest.Run(t, "Publish skips a full subscriber without waiting, and counts it: "+overflow.String(), func(t *testing.T) {
			nums, g, slow, fast := flood(t, overflow)
			start := time.Now()
			var skipped int
			for i := 1; i <= 10; i++ {
				_, s := nums.Publish(i)
				skipped += s
			}
			require.Zero(t, time.Since(start), "the publisher waited")
			require.Equal(t, 8, skipped, "2 fit in the mailbox")
			require.EqualValues(t, 8, nums.Skipped())
			fast.ExpectNext(soon, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10)
			close(g.open)
			require.NoError(t, slow.Stop(context.Background()))
			require.Equal(t, []int{0, 1, 2}, g.got)
		})
	}

	actortest.Run(t, "PublishContext waits for room when asked, and delivers everything", func(t *testing.T) {
		nums, g, slow, fast := flood(t, actor.OverflowBlock)
		time.AfterFunc(time.Minute, func() { close(g.open) })
		start := time.Now()
		for i := 1; i <= 10; i++ {
			d, s, err := nums.PublishContext(context.Background(), i)
			require.NoError(t, err)
			require.Equal(t, [2]int{2, 0}, [2]int{d, s})
		}
		require.Equal(t, time.Minute, time.Since(start), "the publisher waited for the slow one")
		require.Zero(t, nums.Skipped())
		fast.ExpectNext(soon, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10)
		require.NoError(t, slow.Stop(context.Background()))
		require.Equal(t, []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, g.got)
	})

	actortest.Run(t, "PublishContext gives up when its ctx ends, skipping the rest, counted", func(t *testing.T) {
		nums, g, slow, fast := flood(t, actor.OverflowBlock)
		nums.Publish(1)
		nums.Publish(2) // the mailbox is full
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		d, s, err := nums.PublishContext(ctx, 3)
		require.ErrorIs(t, err, context.DeadlineExceeded)
		require.Equal(t, [2]int{1, 1}, [2]int{d, s}, "the fast one after the slow one still got it")
		require.EqualValues(t, 1, nums.Skipped())
		fast.ExpectNext(soon, 0, 1, 2, 3)
		close(g.open)
		require.NoError(t, slow.Stop(context.Background()))
		require.Equal(t, []int{0, 1, 2}, g.got)
	})

	actortest.Run(t, "PublishContext skips a full OverflowFail subscriber at once", func(t *testing.T) {
		nums, g, slow, _ := flood(t, actor.OverflowFail)
		nums.Publish(1)
		nums.Publish(2)
		d, s, err := nums.PublishContext(context.Background(), 3)
		require.NoError(t, err)
		require.Equal(t, [2]int{1, 1}, [2]int{d, s})
		close(g.open)
		require.NoError(t, slow.Stop(context.Background()))
	})
}

// TestStopWhilePublishing has publishers race a subscriber's Stop: every
// value the subscriber accepted is handled, and none after its Stop.
func TestStopWhilePublishing(t *testing.T) {
	reg := actortest.NewRegistry(t)
	var nums topic.Topic[int]
	g := &tally{first: make(chan struct{})}
	sub := actor.Start(g, actor.WithRegistry(reg))
	topic.Subscribe(&nums, sub)
	var mu sync.Mutex
	delivered := 0
	var wg sync.WaitGroup
	stopped := make(chan struct{})
	for range 4 {
		wg.Go(func() {
			for i := 0; ; i++ {
				d, _ := nums.Publish(i)
				mu.Lock()
				delivered += d
				mu.Unlock()
				select {
				case <-stopped:
					return
				default:
				}
			}
		})
	}
	<-g.first // stop mid-flood, not before it
	require.NoError(t, sub.Stop(context.Background()))
	close(stopped)
	wg.Wait()
	mu.Lock()
	defer mu.Unlock()
	require.Len(t, g.got, delivered, "every value accepted was handled, and no other")
}

// tally counts what it handles, and closes first on the first value.
type tally struct {
	first chan struct{}
	got   []int
}

func (c *tally) Receive(_ *actor.Context, n int) error {
	if len(c.got) == 0 {
		close(c.first)
	}
	c.got = append(c.got, n)
	return nil
}
