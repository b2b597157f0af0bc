package actor

// The mailbox is internal/mailbox's Queue of envelopes: lock-free for
// senders while its ring has room, unbounded, with the actor as its one
// consumer. Each accepted message gets a position: one compare-and-swap on
// the cell's state word (see state.go) checks that the actor accepts
// messages, counts the message and claims the run state when no goroutine
// holds it. A send that claims it hands its message to the goroutine it
// wakes (see wake.go); every other send puts its message at its position.
// The actor takes positions strictly in order and publishes how many it took
// in cell.node.Taken, which senders read rarely to find free slots.
//
// Nobody waits by yielding: a sender never waits for the actor (a bounded
// mailbox's full OverflowBlock send parks on a channel, see awaitRoom), and
// the actor waits for a sender preempted between its position and its
// store by parking until that sender wakes it (mailbox.Queue.Take).

// givenOut returns the number of positions given out, for the mailbox's
// Grow and Release, which must read it at a precise moment.
func (c *cell) givenOut() uint64 { return positions(c.state.Load()) }
