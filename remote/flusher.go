package remote

import (
	"sync"
	"sync/atomic"
)

// frameQueue holds the Tell windows whose frames wait for the node's
// flusher: a window joins when its frame gets its first Tell, and the
// flusher, kicked, publishes every queued frame with what it holds by then.
// No timer: a lone Tell goes out at once, and frames grow only while the
// flusher is busy, as nats.go's own flusher batches writes.
type frameQueue struct {
	closed atomic.Bool // set by Close: windows take no more Tells
	kick   chan struct{}

	mu      sync.Mutex
	windows []*tellWindow
}

// queueFrame puts w on the flusher's queue and kicks the flusher; w's fmu
// is held. It fails once the node is closing.
func (n *Node) queueFrame(w *tellWindow) error {
	q := &n.frames
	q.mu.Lock()
	if q.closed.Load() {
		q.mu.Unlock()
		return ErrDisconnected
	}
	q.windows = append(q.windows, w)
	q.mu.Unlock()
	select {
	case q.kick <- struct{}{}:
	default: // kicked already: it will see w
	}
	return nil
}

// take empties the queue into batch.
func (q *frameQueue) take(batch []*tellWindow) []*tellWindow {
	q.mu.Lock()
	defer q.mu.Unlock()
	batch = append(batch, q.windows...)
	clear(q.windows)
	q.windows = q.windows[:0]
	return batch
}

// flushFrames is the node's flusher goroutine; it also sends the replies
// of asks served here (see reply).
func (n *Node) flushFrames() {
	defer n.wg.Done()
	var batch []*tellWindow
	for {
		select {
		case <-n.quit:
			n.sendReplies(true)
			return
		case <-n.replies.wake:
			n.sendReplies(false)
			continue
		case <-n.frames.kick:
		}
		batch = n.frames.take(batch)
		for _, w := range batch {
			w.flush(true)
		}
		clear(batch)
		batch = batch[:0]
	}
}

// closeFrames stops the windows' Tells and publishes what their frames
// hold, so that no Tell that returned nil is dropped here.
func (n *Node) closeFrames() {
	n.frames.mu.Lock()
	n.frames.closed.Store(true)
	n.frames.mu.Unlock()
	for _, w := range n.frames.take(nil) {
		w.flush(true)
	}
}
