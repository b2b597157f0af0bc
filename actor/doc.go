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
// # Guarantees
//
//   - One goroutine at a time runs an actor's code; S is touched by nothing
//     else. Messages from one sender are handled in send order.
//   - Every future resolves: with the reply, the handler's error, a
//     [*PanicError], or [ErrStopped] when the actor stopped before handling the
//     request. The one exception is documented on [Ask].
//   - A message that Tell accepted is handled, or, if the actor stopped after
//     a failure first, passed to the dead-letter function ([WithDeadLetters],
//     default: logged at Warn). Nothing accepted is silently dropped.
//   - An Ask or Call failure goes to its caller and the actor keeps running. A
//     Tell failure (error or panic) is logged at Error, OnFailure runs, and the
//     failure policy decides; by default the actor stops with [Ref.Err]
//     holding the cause, as in Pykka (see Supervision).
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
// holds no goroutine, only a timer, and a Stop cancels it.
//
// An actor starts children from its Context with [StartChild] or
// [SpawnChild]. It stops them, newest first and each awaited, before its own
// OnStop (after failing its queued requests, so that no child waits on
// them); a restart asks them to stop without waiting. A child that gives up
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
// at an interval; its timers die with its state, on a restart or a stop,
// and none delivers once Stop was requested. Timer ticks, watch notices and
// supervision messages are never refused for a full mailbox.
//
// # Deadlock detection
//
// Pass the handler's [*Context] to Future.Get and the runtime knows which
// actor waits. A future from Ask, AskAsync, Call or CallContext knows which
// actor will complete it: a Call's or CallContext's from the moment it is
// queued until its function returns (the runtime completes it, nobody else
// can), an Ask's only while its message is queued (once the handler holds the
// reply promise it may hand it on, and the runtime no longer knows). When a
// wait would close a cycle through such known edges (A waits on B while B
// waits on A, any longer ring, or an actor waiting on a request queued in its
// own mailbox) Get returns at once with a [*DeadlockError] matching
// [ErrDeadlock] that names the cycle. Waits the runtime cannot follow are
// never reported: no false positives.
//
// # Cost
//
// An idle actor holds no goroutine. A send starts one when the actor is idle;
// it handles messages until the mailbox is empty and ends. The mailbox is a
// ring buffer of M, with no boxing and no node per message. A Tell does not
// allocate once the ring has grown to fit; an Ask or a Call costs one
// allocation. A blocking Ask on an idle actor with a context that cannot end
// runs the handler on the caller's goroutine.
package actor
