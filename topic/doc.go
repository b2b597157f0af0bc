// Package topic publishes typed values to the actors subscribed to them, as
// Akka's event stream does, typed.
//
// A [Topic] of T hands each value published to every subscriber that can
// take it: an actor whose message type M the value's dynamic type satisfies.
// A subscriber of an interface type receives the concrete values; one of a
// concrete type, on a topic of an interface, receives only the values of its
// type:
//
//	var events topic.Topic[Event]
//	topic.Subscribe(&events, auditor)  // an actor of Event: every event
//	topic.Subscribe(&events, ledger)   // an actor of Deposit: the deposits
//	events.Publish(Deposit{Amount: 10})
//
// # Lifecycle
//
// A subscriber leaves the topic when it stops (a death watch on its Done),
// or when the cancel func Subscribe returned is called. Delivery is a Tell,
// so a subscriber never receives a value after its Stop was requested: what
// it accepted before is handled, as any Tell is.
//
// # Slow subscribers
//
// The publisher chooses, per value, what a full bounded mailbox does to it.
// [Topic.Publish] never waits: a subscriber whose mailbox is full misses the
// value, which is counted ([Topic.Skipped]). [Topic.PublishContext] waits for
// room until its ctx ends, in subscription order. A subscriber with an
// unbounded mailbox never makes either wait; one with an OverflowFail mailbox
// is skipped when full by both.
package topic
