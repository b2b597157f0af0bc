// Package remote serves troupe actors to other processes, and asks them,
// over NATS: typed on both sides, with no code generation, in a module of
// its own so that NATS never enters troupe's.
//
// # A contract both sides share
//
// A contract is a type that names it, and its kinds: each kind has a name,
// a request type and, for an ask, a reply type. Put them in a package both
// processes import:
//
//	type Account struct{}
//	var (
//		Deposit = remote.NewAsk[Account, Amount, Balance]("Deposit")
//		Audit   = remote.NewTell[Account, string]("Audit")
//	)
//
// Only the kind's name and its encoded request cross the wire. A kind of
// another contract, an ask kind told, a tell kind asked, or a request of the
// wrong type does not compile.
//
// # Serving an actor
//
// One [Node] per process, on a connection the caller owns. [Expose] binds a
// contract's kinds to local actors, unchanged: [HandleAsk] takes actor.Ask's
// build function, [HandleCall] runs a closure on the actor like actor.Call,
// [HandleTell] tells it, and [HandleFunc] hands the request to anything that
// gives a future (a pool, a router):
//
//	exp := remote.Expose[Account](node, "acct-42", remote.Owner(ref))
//	remote.HandleAsk(exp, ref, Deposit, func(q Amount, p *future.Promise[Balance]) Msg { return deposit{q, p} })
//	remote.HandleTell(exp, ref, Audit, func(note string) Msg { return audit(note) })
//	err := exp.Start(ctx)
//
// # Asking it from another process
//
//	acct := remote.Lookup[Account](node, "acct-42")
//	b, err := remote.Ask(ctx, acct, Deposit, Amount{Cents: 42}) // (Balance, error)
//	f := remote.AskAsync(ctx, acct, Deposit, q)                 // *future.Future[Balance]
//	err = remote.Tell(acct, Audit, "note")                      // at most once
//	err = remote.TellAck(ctx, acct, Audit, "note")              // the remote mailbox took it
//
// # What holds
//
//   - No ask hangs. With nobody serving the name, it fails at once with
//     [ErrNoResponders] (matches actor.ErrStopped: certainly not handled).
//     While a request runs longer than a heartbeat, the serving node sends
//     heartbeats; an ask that hears neither a reply nor a heartbeat for a
//     lease fails with [ErrLost] (the serving process died, or the network
//     failed: the request may have run, so ErrLost does not match
//     actor.ErrStopped). The ctx deadline (or [WithDefaultTimeout]) travels
//     with the request as a remaining time; the serving side drops a
//     request that arrives past it, and stops beating for it.
//   - Errors cross typed: a handler's error arrives as a [*Error] whose
//     code stands for a local error, so errors.Is matches actor.ErrStopped,
//     actor.ErrMailboxFull, actor.ErrDeadlock, context.DeadlineExceeded and
//     the codes registered with [RegisterError]; errors.As finds a
//     *future.PanicError (its value as text; the stack stays on the serving
//     side).
//   - Per-request errors for bad input: an unknown kind, a body that does
//     not decode, another codec, a nonsense deadline are answered
//     (ErrUnknownKind, ErrBadRequest) and counted in [Node.Stats]; stray
//     replies are dropped and counted. Nothing a peer sends panics, blocks
//     or stops a serving node.
//   - Order: the messages one node sends to one exposure are handled in the
//     order sent, across kinds. A ref with a [TellWindow] sends its Tells
//     when its frame goes out, which is before any Ask or TellAck through
//     the same ref, but may be after a message sent meanwhile through
//     another ref. Nothing is ordered across queue-group members.
//   - A server restart shorter than the lease loses nothing in flight that
//     had reached the serving node: nats.go resubscribes, the heartbeats
//     resume and the reply arrives. Keep nats.ReconnectWait well under the
//     lease.
//
// # What does not hold
//
//   - Tells are at most once. A plain [Tell] is lost, with no error, when
//     nobody serves the name, when the serving process dies or its
//     connection fails before the actor took it, when NATS's slow-consumer
//     limits drop it, or when the actor refuses it (stopped, a full
//     OverflowFail mailbox: counted in Stats.RefusedTells). Use [TellAck],
//     or a ref with a [TellWindow], which paces a flood at the actor's speed
//     and reports a failed acknowledgement on the next Tell.
//   - A window's Tells travel in frames, several to a NATS message, and are
//     lost for the same reasons, a frame at a time; every loss the sending
//     node can see is reported by the window's next Tell: an acknowledged
//     frame's failure (no responders, ErrLost, a Tell of it the actor
//     refused or that did not decode), or a frame nats.go would not take.
//     What nobody reports: the frames of up to a window's Tells sent after
//     its last answered acknowledgement, if the serving process dies or
//     the name is not served when they arrive (end a flood with [TellAck]
//     to know), and a refused Tell in an unacknowledged frame (counted in
//     the serving node's Stats.RefusedTells). A Tell that returned nil is
//     not dropped on the sending side: [Node.Close] publishes the frames
//     still buffered, and a window on a closed node fails its Tells with
//     [ErrDisconnected].
//   - ErrLost is ambiguous: retry only idempotent requests.
//   - On a cluster of NATS servers, a name's interest reaches the other
//     servers shortly after [Exposure.Start] returns: an ask through
//     another server in that moment gets ErrNoResponders.
//   - A heartbeat needs the serving node's connection: a reply or beat
//     queued behind nats.go's buffers (a slow consumer, a reconnect longer
//     than the lease) ends in ErrLost although the request ran.
//   - No cross-node deadlock detection, no cancellation of a running
//     request when the asker gives up (the result is dropped), no
//     durability (JetStream is not used).
//
// # Queue groups, discovery, death watch
//
// Several nodes that expose a name [InGroup] share its requests: NATS gives
// each to one member at random. Names are addresses: NATS's subject
// interest is the registry. Every node registers the NATS service "troupe"
// (`nats micro ls` lists them) and [Discover] asks every node what it
// serves. [Monitor] returns a [*Watch], an actor.Watchable, so
// actor.Watch(ctx, w, notice) works across nodes: it fires with the
// actor's error when its exposure stops (clean stop: nil), or with
// [ErrNodeLost] when the serving node stops beating.
//
// # Routers over remote refs
//
// A [*Ref] is a member for troupe's member-generic routers
// (router.NewRoundRobinOf, NewRandomOf, NewSmallestOf, NewConsistentHashOf):
// the router picks a ref, and the caller asks or tells it.
// [Ref.IsAlive] is false after an ask through the ref got no responders or
// a [Monitor] on it fired, until a reply; the ref pings the name by itself
// a heartbeat later, so a name served again comes back without a user
// request spent on it. [Ref.Len] counts the asks in flight through the ref
// from this process. [Ref.UUID] is a version-5 UUID of namespace and name,
// the same in every process, so consistent-hash routers in different
// processes send a key to the same name. Without a Monitor, the first ask
// after a name's last server left fails with ErrNoResponders (certainly not
// handled: send it again through the router). A queue group ([InGroup])
// shares a name's requests with no router at all.
//
// # Codecs
//
// JSON (encoding/json) by default: readable from any language, tolerant of
// added fields. [WithCodec] sets another per kind; both sides must agree. Evolve
// a contract by adding fields, or a kind (DepositV2) served beside the old
// one during a rollout.
//
// # The wire
//
// A request goes to troupe.<namespace>.<name>.<kind>, one subscription per
// exposure; replies go to the asking node's inbox, to <inbox>.<id>~<µs>:
// the ask's id in base 36 and the time the asker still waits, in
// microseconds (a remaining time, so clock skew does not matter; without a
// deadline, <inbox>.<id>~). A client that makes its own reply subjects (a
// plain nats.Request) sends the time in a Troupe-Timeout header instead.
// Headers appear only when needed: Troupe-Status: 102 (a heartbeat),
// Troupe-Error (an error's code; the body is its message), Content-Type
// (when not JSON), Troupe-Frame (a frame's item count; its body is each
// item's uvarint length and bytes); a JSON ask and its answer carry none.
// The replies ready together for one asking node (a reply subject with '~'
// in its last token is a troupe node's) travel as one message, to the reply
// subject of one of them: the header Troupe-Batch and a body of entries,
// each four fields of a uvarint length and the bytes: the token after
// <inbox>., the error code and the content type (empty when none), the
// reply's body. Down notices go to troupe.<namespace>._down.<name>, node
// heartbeats to troupe.<namespace>._node.<id>.hb.
//
// # Security
//
// TLS and credentials are the connection's: connect with nats.Secure,
// nats.RootCAs, nats.UserCredentials, nats.Nkey or nats.UserInfo as NATS
// documents, and hand the connection to [NewNode]. On a shared server,
// give each user only its subjects. A template for namespace prod, in the
// server's configuration:
//
//	authorization { users = [
//	  { user: acct_server, permissions: {
//	      subscribe: ["troupe.prod.*.*", "_INBOX.>", "$SRV.>", "troupe.prod._node.*.exposures"]
//	      publish:   ["troupe.prod._down.>", "troupe.prod._node.>", "$SRV.>"]
//	      # replies and heartbeats go to the askers' inboxes: more than one response per request
//	      allow_responses: { max: 100000, expires: "10m" } } }
//	  { user: acct_client, permissions: {
//	      publish:   { allow: ["troupe.prod.*.*", "$SRV.INFO.troupe", "troupe.prod._node.*.exposures"],
//	                   deny:  ["troupe.prod._down.>", "troupe.prod._node.*.hb"] }
//	      subscribe: ["_INBOX.>", "troupe.prod._down.>", "troupe.prod._node.*.hb"] } }
//	]}
//
// A '*' is a whole subject token: to limit a user to some names, list
// troupe.prod.<name>.* for each. [Exposure.Start] reports a refused
// subscription.
// A node without $SRV permissions needs [WithoutDiscovery]. With
// nats.CustomInboxPrefix, narrow "_INBOX.>" to a user's own prefix.
package remote
