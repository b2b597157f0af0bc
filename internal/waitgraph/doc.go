// Package waitgraph is the wait-for graph that future and actor share to
// detect deadlocks between actors.
//
// A [Node] is one actor. An [Edge] is the part of a future the graph reads:
// its completion state and, when the runtime knows it for certain, the actor
// that will complete it (its owner). An actor that blocks on a future records
// the edge in its node; a wait closes a cycle when following owners and the
// edges they wait on leads back to the waiting actor.
//
// The first rule is no false positives. An edge without an owner is never
// followed, and an edge that completed is no edge at all. A node's wait is
// followed only while it can be the wait of the goroutine that runs the
// actor's code: one goroutine waits with the actor's context, the actor is
// running, and it has not moved on to another message or run since the wait
// began. A cycle found by walking the graph is read a second time, from its
// end back to the waiter, before it is reported (see [Node.Begin]).
package waitgraph
