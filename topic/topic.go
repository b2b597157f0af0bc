package topic

import (
	"context"
	"errors"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/troupe-go/troupe/actor"
)

// Topic publishes values of T to the actors subscribed to it. The zero value
// is an empty topic, ready to use; a Topic must not be copied after first
// use. It is safe for concurrent use.
//
// Values from one publisher reach each subscriber in the order published.
// A publish costs one Tell per subscriber that takes the value and one
// type assertion per subscriber; it reads the subscriber list without a
// lock. Each subscription holds one goroutine, which waits for the
// subscriber to stop and ends when it leaves.
type Topic[T any] struct {
	mu      sync.Mutex // serialises changes to subs
	subs    atomic.Pointer[[]*subscriber[T]]
	skipped atomic.Int64
	closed  bool // guarded by mu
}

// subscriber is one subscription: how to hand a value to the actor, and
// what ends it.
type subscriber[T any] struct {
	// tell hands v to the actor, waiting for room until ctx ends, and
	// reports whether the actor's message type takes v at all.
	tell  func(ctx context.Context, v T) (takes bool, err error)
	done  <-chan struct{} // the actor's Done
	leave chan struct{}   // closed when the subscription is cancelled
	once  sync.Once
}

// errFull is the cause of the ctx that Publish sends with: ended before the
// send, it makes a full OverflowBlock mailbox refuse at once.
var errFull = errors.New("topic: mailbox full")

var noWait = func() context.Context {
	ctx, cancel := context.WithCancelCause(context.Background())
	cancel(errFull)
	return ctx
}()

// Publish hands v to every subscriber that can take it, without waiting: a
// subscriber whose bounded mailbox is full misses v, and is counted in
// Skipped. It returns how many subscribers accepted v and how many were
// skipped; a subscriber that is stopping is neither.
func (t *Topic[T]) Publish(v T) (delivered, skipped int) {
	delivered, skipped, _ = t.publish(noWait, v)
	return delivered, skipped
}

// PublishContext is Publish that waits, subscriber after subscriber, for
// room in a full OverflowBlock mailbox, until ctx ends. If it does, v is
// skipped for the subscriber waited on and those after it, and the error is
// context.Cause(ctx). A full OverflowFail mailbox is skipped at once.
func (t *Topic[T]) PublishContext(ctx context.Context, v T) (delivered, skipped int, err error) {
	return t.publish(ctx, v)
}

func (t *Topic[T]) publish(ctx context.Context, v T) (delivered, skipped int, err error) {
	subs := t.subs.Load()
	if subs == nil {
		return 0, 0, nil
	}
	for _, s := range *subs {
		send := ctx
		if err != nil { // ctx ended: the rest get v only if there is room now
			send = noWait
		}
		takes, serr := s.tell(send, v)
		switch {
		case !takes, errors.Is(serr, actor.ErrStopped): // not its type, or leaving
		case serr == nil:
			delivered++
		default:
			skipped++
			if err == nil && !errors.Is(serr, errFull) && !errors.Is(serr, actor.ErrMailboxFull) {
				err = context.Cause(ctx) // ctx ended while waiting for room
			}
		}
	}
	t.skipped.Add(int64(skipped))
	return delivered, skipped, err
}

// Skipped returns how many times, since the topic was made, a subscriber
// missed a value because its mailbox was full.
func (t *Topic[T]) Skipped() int64 { return t.skipped.Load() }

// Len returns the number of subscribers.
func (t *Topic[T]) Len() int {
	if subs := t.subs.Load(); subs != nil {
		return len(*subs)
	}
	return 0
}

// Close cancels every subscription, so that their goroutines end; Publish
// then reaches nobody, and Subscribe panics.
func (t *Topic[T]) Close() {
	t.mu.Lock()
	t.closed = true
	subs := t.subs.Swap(nil)
	t.mu.Unlock()
	if subs != nil {
		for _, s := range *subs {
			s.cancel()
		}
	}
}

// add subscribes s and starts its death watch.
func (t *Topic[T]) add(s *subscriber[T]) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		panic("topic: Subscribe on a closed topic")
	}
	var subs []*subscriber[T]
	if old := t.subs.Load(); old != nil {
		subs = slices.Clone(*old)
	}
	subs = append(subs, s)
	t.subs.Store(&subs)
	go func() {
		select {
		case <-s.done:
		case <-s.leave:
		}
		t.remove(s)
	}()
}

// remove takes s out of the list; publishes already under way may still
// hand it a value, which its actor refuses once stopped.
func (t *Topic[T]) remove(s *subscriber[T]) {
	t.mu.Lock()
	defer t.mu.Unlock()
	old := t.subs.Load()
	if old == nil || !slices.Contains(*old, s) {
		return
	}
	subs := slices.DeleteFunc(slices.Clone(*old), func(x *subscriber[T]) bool { return x == s })
	t.subs.Store(&subs)
}

func (s *subscriber[T]) cancel() { s.once.Do(func() { close(s.leave) }) }
