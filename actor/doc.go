// Package actor runs typed actors: a state S with a Receive method for
// messages of type M, a mailbox, and a thread of control of its own. It is
// Pykka's model (tell, ask, proxy calls, a registry) checked by the compiler.
//
// # Starting and talking to an actor
//
// [Start] returns a [*Ref] at once. [Ref.Tell] queues a message; [Ask] sends a
// message that carries its own typed reply promise and waits for the reply;
// [AskAsync] returns the reply's future instead. [Call] and [CallContext] run
// a function with the state on the actor's goroutine (Pykka's proxy: method
// calls, attribute reads, nested objects) and return a typed future. An actor
// that only serves calls embeds [NoMessages].
//
// # Several kinds of message
//
// An actor has one message type M. For several kinds of message, make M a
// sealed interface (one unexported method, so only your package's types
// implement it), one type per kind, and a type switch in Receive; a kind
// that wants an answer carries its reply promise:
//
//	type PurseMsg interface{ purseMsg() }
//	type Deposit struct{ Amount int }
//	type Balance struct{ Reply *future.Promise[int] }
//	func (Deposit) purseMsg() {}
//	func (Balance) purseMsg() {}
//
//	func (p *Purse) Receive(_ *actor.Context, msg PurseMsg) error {
//		switch m := msg.(type) {
//		case Deposit:
//			p.cents += m.Amount
//		case Balance:
//			m.Reply.Resolve(p.cents)
//		}
//		return nil
//	}
//
// Tell takes any kind: purse.Tell(Deposit{Amount: 100}). The build
// function of an Ask returns the interface, since Go's function types must
// match exactly; a small function per asked kind reads best:
//
//	func askBalance(reply *future.Promise[int]) PurseMsg { return Balance{Reply: reply} }
//	cents, err := actor.Ask(ctx, purse, askBalance)
//
// [Ref.After], [Ref.Every] and [Ref.Watch] take a kind as the compiler
// checks it; registry.Broadcast of a kind reaches every actor whose message
// type it can be assigned to.
//
// # Entities
//
// An entity (the account "acct-42", the chat room "golang") is an actor
// found by a unique name. [StartUnique] refuses a second live actor of a
// name; [GetOrStart] returns the actor of the name or starts it from a
// factory, once, however many goroutines ask at the same moment; and
// [WithIdle] retires it after a time without messages (or calls its
// OnIdle), costing one timer per actor, not one per message.
//
// # Guarantees
//
//   - One goroutine at a time runs an actor's code; S is touched by nothing
//     else. Messages from one sender are handled in send order.
//   - Every future resolves: with the reply, the handler's error, a
//     [*PanicError], or [ErrStopped] when the actor stopped before handling the
//     request. The one exception is documented on [Ask].
//   - A message that Tell accepted is handled, or, if the actor stopped after
//     a failure first or by [Ref.StopNow], passed to the dead-letter function
//     ([WithDeadLetters], default: logged at Warn). Nothing accepted is
//     silently dropped, and no delay loses queued work: a Stop during a
//     restart's backoff restarts the actor now, to handle the queue. Messages
//     go to dead letters only when the failure policy gives up, and then
//     [Ref.Stop] returns an error matching [ErrDeadLetters] that says how many
//     and why; after StopNow, StopNow's error counts them.
//   - An Ask or Call failure goes to its caller and the actor keeps running. A
//     Tell failure (error or panic) is logged (at Warn when the policy
//     recovers from it, at Error when nobody handles it), OnFailure runs, and
//     the failure policy decides; by default the actor stops with [Ref.Err]
//     holding the cause, as in Pykka (see Supervision).
//   - A request whose caller gave up (Ask's ctx ended, or a wait on its reply
//     was reported as a deadlock) is withdrawn if it is still queued: never
//     handled, and the caller's error matches [ErrNotDelivered]. If the actor
//     had taken it, the error matches [ErrMaybeHandled] instead.
//   - While a handler handles an Ask, or a [CallWait] function runs, its
//     Context carries the caller's ctx: deadline, values, and its end (see
//     [Context]).
//
// # Giving up, and waiting without blocking
//
// A caller that must not apply a change twice can undo its own part after
// ErrNotDelivered, and only then: with ErrMaybeHandled the handler may have
// run. Withdrawal needs no help from the mailbox: a request is marked taken
// by the actor or withdrawn by its caller, whichever comes first, and the
// actor skips a withdrawn one. A Future.Get whose ctx ends withdraws nothing
// (a future may have other readers); Ask and CallWait, which own their
// request, do.
//
// A handler that must not wait at all continues with [ReenterAfter]: it
// returns at once, and the continuation runs later on the actor's goroutine,
// in turn with its messages. Two actors that would each wait on the other
// (A↔B) cannot deadlock this way; Example_crossedTransfers at the module's
// root is a bank transfer written so.
//
// [Ref.StopNow] stops an actor without handling its queue: the running
// handler's Context is done at once (context.Cause is [ErrStoppedNow]), the
// messages still queued become dead letters or fail, and StopNow's error
// counts them. [Ref.Stop] stays graceful even when its ctx ends.
//
// # Lifecycle
//
// Start registers the actor (in registry.Default unless [WithRegistry] says
// otherwise). OnStart, if the state has it, runs on the actor's goroutine
// before the first message; an error from it stops the actor, runs OnFailure
// and fails the queued requests with ErrStopped. [Ref.Stop] is a poison pill
// behind the messages already queued: sends after it fail with ErrStopped,
// the queued messages are handled, OnStop runs (exactly once, whenever
// OnStart succeeded, however the actor ends), the actor leaves its registry,
// and then [Ref.Done] closes. A panic in OnStop or OnFailure is recovered,
// logged and joined into Err.
//
// # Supervision
//
// A failed Tell goes to the actor's failure policy, set with [WithPolicy]:
// [Stop] (the default), [Resume] (keep the state, go on with the next
// message) or [Restart]. A restart needs a factory, so such an actor starts
// with [Spawn] (or [SpawnChild]) instead of Start: OnStop runs on the old
// state, the factory makes a fresh one, its OnStart runs, and the actor goes
// on with the messages queued meanwhile, keeping its ref, URN, registration
// and mailbox. A failing OnStart or factory counts as one more failure; the
// first OnStart failing still stops the actor. [WithRestartLimit] bounds
// the restarts (default: 10 in 10 s), after which the actor stops with an
// error matching [ErrRestartLimit]. [WithBackoff] spaces them exponentially,
// with jitter, within the bounds [Backoff] states; during a delay the actor
// holds no goroutine, only a timer. A Stop ends the delay, and a failure
// while stopping restarts at once: the queue is handled without waiting.
//
// What a state sets up from its Context, its timers ([After], [Every]), its
// children ([StartChild], [SpawnChild]) and its watches ([Watch]), belongs
// to that state: once its OnStop has run (so OnStop can still use them, and
// what OnStop itself sets up goes too), they are released the same way on a
// restart and on a stop. Timers are cancelled, watches end, and children
// are stopped newest first: awaited when the actor stops for good (after its
// queued requests failed, so that no child waits on them), only asked to
// stop on a restart. A child that gives up
// (its policy stops it) and whose parent supervises, by [WithSupervision] or
// an OnChildFailure method, retires its state and waits, holding no
// goroutine, for the parent's [Directive]: Restart (only a spawned child can),
// Stop, or Escalate, which fails the parent with a [ChildFailure]. With
// [OneForOne] the directive concerns the failed child, with [AllForOne]
// every child. A Restart past the child's restart limit escalates, as in
// Erlang/OTP. A child must not wait for its parent to stop (Stop with a ctx
// that cannot end, from the child's handler): the parent waits for its
// children first.
//
// [Watch] makes an actor receive a message of its own type, exactly once,
// when another actor stops; any goroutine can wait on [Ref.Done] and read
// [Ref.Err] instead. [After] and [Every] send the actor a message later or
// at an interval; none delivers once Stop was requested. Timers and watches
// die with the state that set them, on a restart or a stop. Timer ticks,
// watch notices and supervision messages are never refused for a full
// mailbox. The methods [Ref.After], [Ref.Every] and [Ref.Watch] take the
// message as the actor's type M, so the compiler checks it; the functions,
// which have only the untyped Context, accept any value assignable to M and
// panic on others.
//
// # Deadlock detection
//
// Pass the handler's [*Context] (from Receive, OnStart or CallContext, or a
// context derived from it, such as context.WithTimeout(ctx, d)) to
// Future.Get, or to Ask, and the runtime knows which actor waits. A future
// from Ask, AskAsync, Call or CallContext knows which actor will complete it:
//
//   - a Call's or CallContext's from the moment it is queued until its
//     function returns (the runtime completes it, nobody else can);
//   - an Ask's while its message is queued, and then while the handler that
//     took it runs: the reply promise stays in that actor's custody. A
//     message the handler sends that holds the promise (a field, an array
//     element, the message itself, found by value in each message sent)
//     moves it to the actor it is queued at, whose handler then has it in
//     custody; forwarding is followed, not guessed. Once the handler that
//     holds it returns without completing it or sending it on, nobody is
//     known to complete it.
//
// When a wait would close a cycle through such known edges (A waits on B
// while B waits on A; A asks B and B's handler asks A back; any longer ring;
// an actor waiting on a request queued in its own mailbox) the wait returns
// at once with a [*DeadlockError] matching [ErrDeadlock] that names the
// cycle, starting with the actor whose wait closed it; the request that
// closed it, if still queued, is withdrawn ([ErrNotDelivered]). The handler
// gets the error like any other; returned, it travels back to whoever waits
// on that handler, and every actor of the cycle goes on. Whatever the order
// in which two waits that close a cycle begin, at least one sees it.
//
// No false positives is the first rule, so what is not certain is not
// followed, and some deadlocks hang as they would in Pykka:
//
//   - waits with any other context (context.Background, a request's
//     context), and waits that are not Future.Get (channels, locks, Stop,
//     room in a full mailbox);
//   - a reply promise its handler stored (in the state, for a later message)
//     and returned without, promises of your own, and promises a message
//     holds where the runtime does not look: in a slice, a map, a field of
//     interface type, behind a pointer other than the promise's own;
//   - a wait with the actor's Context that began while the actor was idle,
//     or before the message or run it is busy with now (the goroutine
//     waiting cannot be the actor's own, which has moved on), and every
//     wait while two goroutines wait with one actor's Context.
//
// Two cases are taken for the actor's own although they may not be, since
// Go does not tell goroutines apart and cannot see inside closures:
//
//   - a wait with the actor's Context on another goroutine (one a handler
//     started, or another actor's, handed the Context), begun and still
//     going while the actor's own goroutine runs a message without waiting
//     for it. Keep an actor's Context to its own handlers and to goroutines
//     they wait for; give any other goroutine a context of its own.
//   - a reply promise the handler handed to a goroutine, a channel or a
//     closure (a Call's function, a callback) rather than in a message: it
//     stays in the handler's custody until the handler returns. If that
//     handler then waits with its Context on an actor that waits for the
//     reply, the cycle is reported even if the goroutine would have
//     completed the promise. Send the promise on in a message, complete it
//     before waiting, or wait with a context not derived from the handler's.
//
// A cycle found is read a second time, from its end back to the waiter,
// before it is reported, so a future that completes as the wait begins is
// never taken for a cycle. The check costs nothing when the future is
// already complete, and on a blocking wait a few atomic operations, a clock
// read (for [Dump]) and a walk along the waits it finds, with no allocation.
//
// # Diagnostics
//
// [Dump] writes one line per live actor of a registry, in start order: its
// name and URN, whether it is idle, running (and for how long), waiting on
// another actor (named, with the URN, and for how long) or on a future no
// actor is known to complete, stopping or restarting, its mailbox depth and
// how many messages it has handled. [Inspect] returns the same as
// [Snapshot] values. [DumpOnSignal] writes the dump, and optionally every
// goroutine's stack, each time the process receives a signal: Pykka's
// log_thread_tracebacks on SIGUSR1, with the actors beside the stacks.
//
// The goroutine running an actor's code carries the profiler labels "actor"
// (its name) and "urn", so goroutine and CPU profiles show who is who. A
// handler run on a caller's goroutine (see [Ask]) wears them only when the
// caller's ctx carries labels of its own, which are put back after: Go
// cannot read a goroutine's labels back, so it never overwrites labels it
// could not restore.
//
// Lifecycle events go to the actor's logger ([WithLogger], default
// slog.Default()) at Debug, with the actor's name and URN: registered,
// started (after OnStart), restarted, restart delayed, stopped and failed.
// Dead letters are logged at Warn. A failure no caller receives is logged
// at Warn when it is recovered from (Resume, a Restart within the limit) or
// handed to a supervising parent, and at Error when nobody handles it (the
// Stop policy, a restart limit reached).
//
// # Cost
//
// An idle actor holds no goroutine and no buffer: about 300 bytes with its
// registry entry. A send that finds it idle hands the message to a parked
// runner goroutine (a small shared set, see internal/runner), which handles
// messages until the mailbox is empty and parks again: no goroutine is
// started and nothing is allocated per wake-up. Sends take no lock: one
// compare-and-swap on the actor's state word accepts a message and gives it
// a place in order. Messages that arrive while the actor is busy go to a
// ring of typed slots (no boxing, no node per message), made on the actor's
// first backlog and made anew, four times larger (16 to 1024 slots),
// whenever senders find it full. An actor that stayed idle through a tick
// (100 to 200 ms) gives the ring back. A Tell does not allocate; an Ask or a
// Call costs one allocation. A blocking Ask on an idle actor with a context
// that cannot end runs the handler on the caller's goroutine. Finding reply
// promises in a Tell's message costs nothing for a message type that cannot
// hold one, a look at fixed offsets for a struct that can, and a cached look
// at the dynamic type for an interface message type.
//
// Nobody waits by spinning or yielding: whoever waits parks and is woken, as
// on a channel. The default mailbox is unbounded, and a Tell never waits for
// the actor to free room. It waits, parked, when the ring is full and the
// actor is taking messages, as a send on a full channel waits, which keeps a
// sender that outruns its actor from piling up a backlog; if the actor takes
// nothing for 50 ms (a long handler, a restart's backoff, an actor telling
// itself; a few time slices, so that an actor merely waiting for a
// processor on a busy machine is not taken for stalled), the message goes to
// an overflow list instead and Tell returns, and so do the sends after it
// until the actor has caught up.
package actor
