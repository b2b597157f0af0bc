package benchmarks

import (
	"context"
	"sync"
)

// The baseline is what one writes by hand without an actor library: a
// goroutine that ranges over a buffered channel of capacity 1024 (its
// mailbox); a request carries its own reply channel. The workloads that
// measure the cost of one actor (spawnAskStop, idle) give it a mailbox of
// capacity 1 instead: allocating and zeroing 1024 slots would cost more than
// the goroutine (about 15 µs of a 17 µs spawn+ask+stop, 8 KiB per idle actor)
// and the baseline would no longer be the cheapest hand-written equivalent.

const (
	baselineMailbox      = 1024
	baselineSmallMailbox = 1
)

var baselineLib = lib{name: "baseline", open: func() system { return baselineSystem{} }}

// baselineSystem needs no set-up: the runtime is the system.
type baselineSystem struct{}

func (baselineSystem) close() {}

type chanCounter[T any] struct {
	ch       chan T
	msg      T
	doneCh   chan struct{}
	finished chan struct{}
}

func (baselineSystem) counter(target int, k kind) sink {
	switch k {
	case kindString:
		return startChanCounter(target, "hello")
	case kindStruct:
		return startChanCounter(target, structMsg{structTarget, structValue})
	}
	return startChanCounter(target, 1)
}

func startChanCounter[T any](target int, msg T) *chanCounter[T] {
	c := &chanCounter[T]{
		ch:       make(chan T, baselineMailbox),
		msg:      msg,
		doneCh:   newDone(target),
		finished: make(chan struct{}),
	}
	go func() {
		defer close(c.finished)
		n := 0
		for range c.ch {
			n++
			if n == target {
				close(c.doneCh)
			}
		}
	}()
	return c
}

func (c *chanCounter[T]) send(n int) error {
	for range n {
		c.ch <- c.msg
	}
	return nil
}

func (c *chanCounter[T]) done() <-chan struct{} { return c.doneCh }

func (c *chanCounter[T]) stop() {
	close(c.ch)
	<-c.finished
}

// chanRequest is a request with its reply channel.
type chanRequest struct{ reply chan int }

type chanEcho struct {
	ch       chan chanRequest
	n        int // written by the actor goroutine, read after a reply
	finished chan struct{}
}

func startChanEcho(mailbox int) *chanEcho {
	e := &chanEcho{ch: make(chan chanRequest, mailbox), finished: make(chan struct{})}
	go func() {
		defer close(e.finished)
		for req := range e.ch {
			e.n++
			req.reply <- 1
		}
	}()
	return e
}

func (baselineSystem) echo() asker { return startChanEcho(baselineMailbox) }

func (e *chanEcho) ask(n int) error {
	for range n {
		// A fresh reply channel per request, as a caller that may share the
		// actor with other askers must do.
		reply := make(chan int, 1)
		e.ch <- chanRequest{reply}
		<-reply
	}
	return nil
}

// askCtx gives up when ctx ends, as a server's handler does: a select on
// the send and on the reply, each with ctx.Done().
func (e *chanEcho) askCtx(ctx context.Context, n int) error {
	for range n {
		reply := make(chan int, 1)
		select {
		case e.ch <- chanRequest{reply}:
		case <-ctx.Done():
			return ctx.Err()
		}
		select {
		case <-reply:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

func (e *chanEcho) handled() int { return e.n }

func (e *chanEcho) stop() {
	close(e.ch)
	<-e.finished
}

func (baselineSystem) spawnAskStop() error {
	e := startChanEcho(baselineSmallMailbox)
	err := e.ask(1)
	e.stop()
	return err
}

// idle starts n goroutines, each blocked on a channel of capacity 1 (the
// smallest mailbox that a Tell need not wait on), kept in a slice as their
// registry.
func (b baselineSystem) idle(n int) (stop func(), err error) { return b.burst(n, 1) }

// burst starts n goroutines like idle and sends each size messages: its
// channel has a fixed size, so the sends wait for the goroutine instead of
// queueing.
func (baselineSystem) burst(n, size int) (stop func(), err error) {
	var handled, finished sync.WaitGroup
	handled.Add(n * size)
	chans := make([]chan int, n)
	for i := range chans {
		ch := make(chan int, baselineSmallMailbox)
		chans[i] = ch
		finished.Go(func() {
			for range ch {
				handled.Done()
			}
		})
		for range size {
			ch <- 1
		}
	}
	handled.Wait()
	return func() {
		for _, ch := range chans {
			close(ch)
		}
		finished.Wait()
	}, nil
}

// chanRing is a ring of goroutines, each ranging over its channel.
type chanRing struct {
	chans    []chan int
	hops     *hopCounter
	absorbed sync.WaitGroup // the tokens that made their last hop
	finished sync.WaitGroup
}

func (baselineSystem) ring(size, hops int) ring {
	r := &chanRing{chans: make([]chan int, size), hops: newHopCounter(hops)}
	for i := range r.chans {
		r.chans[i] = make(chan int, baselineMailbox)
	}
	for i, ch := range r.chans {
		next := r.chans[(i+1)%size]
		r.finished.Go(func() {
			for tok := range ch {
				if r.hops.hop() {
					next <- tok
				} else {
					r.absorbed.Done()
				}
			}
		})
	}
	return r
}

func (r *chanRing) inject(tokens int) error {
	r.absorbed.Add(tokens)
	for i := range tokens {
		r.chans[0] <- i
	}
	return nil
}

func (r *chanRing) done() <-chan struct{} { return r.hops.doneCh }

func (r *chanRing) stop() {
	r.absorbed.Wait()
	for _, ch := range r.chans {
		close(ch)
	}
	r.finished.Wait()
}
