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
// Nobody waits by spinning or yielding. A sender never waits: a full ring
// sends its message to an overflow list under a lock. The consumer waits
// only for a sender that has its position but was preempted before it stored
// its message; it then parks on a channel, and that sender wakes it, as a
// channel receive does.
//
// An emptied queue gives its memory back: [Queue.Release] drops the ring,
// which the garbage collector frees unless a backlog comes back first and
// revives it.
package mailbox
