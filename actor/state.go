package actor

import "context"

// The state word (cell.state) is where senders and the actor meet without a
// lock: three flags and, above them, the number of positions given out, one
// per accepted message. One compare-and-swap accepts a message, gives it its
// position and, if the actor was idle, hands its run state to the sender,
// who then wakes the actor (see wake.go). The actor publishes in cell.node.Taken how many
// positions it has taken from the mailbox; the difference is the mailbox's
// length. The run flag is only cleared when the two are equal, so an idle
// actor always has an empty mailbox.
const (
	stRun    uint64 = 1 << iota // a goroutine holds the run state: at most one runs the actor's code
	stClosed                    // stopping: no message is accepted any more
	stWait                      // a sender waits for room in a bounded mailbox
	stShift         = iota
	stOne    uint64 = 1 << stShift // one position
)

// positions returns the number of positions given out in state word s.
func positions(s uint64) uint64 { return s >> stShift }

// queued returns the number of messages accepted but not yet taken. taken is
// read first: positions only grow, so the difference is never negative.
func (c *cell) queued() (n uint64, s uint64) {
	t := c.node.Taken.Load()
	s = c.state.Load()
	return positions(s) - t, s
}

// reserve gives the next position to a message, unless the actor is closed
// (ErrStopped) or limit > 0 messages already wait (ErrMailboxFull). It
// reports whether it claimed the run state, which no goroutine held: the
// caller must then start one.
func (c *cell) reserve(limit int) (p uint64, claimed bool, err error) {
	for {
		var n uint64
		var s uint64
		if limit > 0 {
			n, s = c.queued()
		} else {
			s = c.state.Load() // Taken is the actor's, written at every message: leave it alone
		}
		if s&stClosed != 0 {
			return 0, false, ErrStopped
		}
		if limit > 0 && n >= uint64(limit) {
			return 0, false, ErrMailboxFull
		}
		if c.state.CompareAndSwap(s, (s+stOne)|stRun) {
			return positions(s), s&stRun == 0, nil
		}
	}
}

// claimIdle gives a position to a message that its caller runs itself, and
// the run state with it, if the actor is idle (so the mailbox is empty);
// ok is false, and nothing changed, if the actor is busy or closed.
func (c *cell) claimIdle() (p uint64, ok bool) {
	s := c.state.Load()
	if s&(stRun|stClosed) != 0 || !c.state.CompareAndSwap(s, (s+stOne)|stRun) {
		return 0, false
	}
	return positions(s), true
}

// claimRest takes the run state of an idle actor without giving out a
// position, for a moment's work on its mailbox; ok is false, and nothing
// changed, if the actor is busy or closed. p is the number of positions
// given out, all of them taken.
func (c *cell) claimRest() (p uint64, ok bool) {
	s := c.state.Load()
	if s&(stRun|stClosed) != 0 || !c.state.CompareAndSwap(s, s|stRun) {
		return 0, false
	}
	return positions(s), true
}

// rest gives the run state up if no message came after position p and no
// stop was asked; otherwise it reports false and the caller goes on.
func (c *cell) rest(p uint64) bool {
	for {
		s := c.state.Load()
		if positions(s) != p || s&stClosed != 0 {
			return false
		}
		if c.state.CompareAndSwap(s, s&^stRun) {
			c.wentIdle()
			return true
		}
	}
}

// took publishes that the actor has taken every position before p, and
// wakes the senders waiting for room in a bounded mailbox.
func (c *cell) took(p uint64) {
	c.node.Taken.Store(p)
	if c.bounded && c.state.Load()&stWait != 0 {
		c.mu.Lock()
		c.state.And(^stWait)
		c.wakeSendersLocked()
		c.mu.Unlock()
	}
}

// awaitRoom waits until a full bounded mailbox may have room, the actor
// stops accepting, or ctx ends (then it returns context.Cause(ctx)).
func (c *cell) awaitRoom(ctx context.Context) error {
	c.mu.Lock()
	room := c.roomLocked()
	c.state.Or(stWait)
	n, s := c.queued() // after the flag: a message taken since is seen here, or wakes us
	c.mu.Unlock()
	if s&stClosed != 0 || n < uint64(c.cfg.capacity) {
		return nil
	}
	return await(ctx, room)
}
