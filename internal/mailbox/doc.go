// Package mailbox is the queue an actor's messages wait in: typed (a ring
// of E, no boxing, no node per message), lock-free for senders while the
// ring has room, unbounded, and with exactly one consumer.
//
// The queue does not count: its owner gives every message a position (0, 1,
// 2, … in the order the owner accepted them, e.g. by a compare-and-swap on a
// state word) and publishes how many positions the consumer has taken. The
// consumer takes positions strictly in order, so messages leave in the order
// their positions were given out and per-sender order holds.
//
// Nobody waits by spinning or yielding: whoever waits parks on a channel and
// the other side wakes it. A sender waits only when the ring is full
// and the consumer keeps taking messages, as a send on a full channel waits,
// and at most 50 ms while the consumer takes nothing: such a consumer is
// stalled, and messages go to an overflow list under a lock instead. The
// consumer waits only for a sender that has its position but was preempted
// before it stored its message.
//
// An emptied queue gives its memory back: [Queue.Release] drops the ring,
// which the garbage collector frees unless a backlog comes back first and
// revives it.
package mailbox
