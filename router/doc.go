// Package router spreads requests over a fixed set of actors of one kind by a
// rule: in turn, at random, to the least loaded, by key, or to all of them.
// Unlike Pykka's hand-built router, which is itself an actor and hands back a
// future of a future, a router here is a plain value: picking a member costs
// nanoseconds, and [Call] returns one flat, typed future.
//
//	rr := router.NewRoundRobin(a, b, c)
//	f := router.Call(rr, (*Worker).Process) // *future.Future[Result]; S and M inferred
//	err := rr.Tell(Job{ID: 7})
//
// # The routers
//
//   - [RoundRobin]: strict rotation from one atomic counter; the k-th request,
//     from whichever goroutine, goes to refs[k mod n].
//   - [Random]: uniformly at random among the live members.
//   - [SmallestMailbox]: the live member with the fewest queued messages;
//     equally loaded members take turns.
//   - [ConsistentHash]: by a key taken from the message, on a hash ring with
//     virtual nodes; the same key reaches the same member while membership
//     holds, and a membership change moves only about 1/n of the keys.
//     [CallKey] and [AskKey] take the key, since a Call has no message.
//   - [Broadcast]: every live member; [BroadcastCall] and [BroadcastAsk]
//     return all results in member order.
//
// The first four are a [Router]: they have Next, which picks a member, and
// [Call] and [Ask] work on any of them. Each router has Tell. Routers are
// safe for concurrent use; their members are fixed at construction, except
// for ConsistentHash's and ConsistentHashOf's Add and Remove.
//
// # Members of any type
//
// [RoundRobinOf], [RandomOf], [SmallestOf] and [ConsistentHashOf] are the
// same policies over members of any type T: anything with IsAlive
// ([Member]), plus Len for SmallestOf ([MemberWithLen]) and a UUID for
// ConsistentHashOf ([MemberWithUUID]). They only pick: Next (NextKey for a
// key) returns a member, or the zero T when none is alive, and the caller
// sends to it with the member's own calls. A remote handle
// (*remote.Ref in troupe's remote module) is such a member, so the
// policies pick among actors in other processes:
//
//	rr := router.NewRoundRobinOf(remote.Lookup[Bank](node, "acct-1"), remote.Lookup[Bank](node, "acct-2"))
//	b, err := remote.Ask(ctx, rr.Next(), Deposit, Amount{N: 100})
//
// Each keeps its counterpart's guarantees (strict rotation, uniform draw,
// least load with ties taking turns, the ring placed at the members' UUIDs)
// with the member's IsAlive, Len and UUID in place of the actor's. Members
// with equal UUIDs are one member of a ConsistentHashOf. The routers over
// *actor.Ref are built on these; a *actor.Ref is a member of every kind, so
// the generic routers take local refs too.
//
// # Stopped members
//
// A member that has stopped (IsAlive false) is skipped. When none is alive,
// Next returns nil, and Call, Ask and Tell fail with [ErrNoLiveMember], which
// matches actor.ErrStopped: a failed future, never a panic. A member that is
// stopping is still alive until it has stopped; a request it refuses fails
// with actor.ErrStopped.
//
// # Order and blocking
//
// A router adds no queue of its own: a request goes straight to the picked
// member's mailbox, so the actor package's guarantees hold as they are
// (messages from one sender to one actor are handled in send order). Call,
// Tell and the Broadcast calls return at once; Ask waits for its reply; a full
// OverflowBlock mailbox makes any of them wait for room.
//
// # Cost
//
// A pick allocates nothing: RoundRobin is an atomic add and one IsAlive,
// Random a random draw and one IsAlive, SmallestMailbox reads members'
// mailbox depth until it finds an empty one, ConsistentHash hashes the key
// and searches the ring. The request then costs what it costs on the actor:
// a Tell nothing once the mailbox has grown, a Call or an Ask one allocation.
// The package benchmarks compare each router with a direct actor.Call and a
// plain channel.
package router
