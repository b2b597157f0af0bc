package actor

// Receiver is an actor's state and message handler. Receive runs on the
// actor's own thread of control, one message at a time, so it may use the
// state without locks. An error it returns fails the asker's future (for an
// Ask) or, for a Tell, goes to the actor's failure policy (default: stop).
//
// Optional hooks, found on the state by type assertion:
//
//	OnStart(*Context) error    // before the first message; an error stops the actor
//	OnStop(*Context)           // once, whenever OnStart succeeded, however the actor ends
//	OnFailure(*Context, error) // after a Tell's handler failed, before the policy acts
//	OnChildFailure(*Context, ChildFailure) Directive // a child failed: Stop, Restart or Escalate
//	OnIdle(*Context)           // with WithIdle: idle that long; without it, the actor stops
type Receiver[M any] interface {
	Receive(ctx *Context, msg M) error
}

type starter interface{ OnStart(*Context) error }
type stopper interface{ OnStop(*Context) }
type failureHandler interface{ OnFailure(*Context, error) }

// NoMessages gives an actor that only serves Call and CallContext its
// Receive method. Embed it in the state:
//
//	type Account struct {
//		actor.NoMessages
//		balance int
//	}
//
// Its message type is unexported, so nothing can Tell such an actor.
type NoMessages struct{}

type noMessage struct{}

// CallRef names the ref of an actor whose state embeds NoMessages, for
// fields and parameters (its message type cannot be written outside this
// package):
//
//	type User struct {
//		actor.NoMessages
//		account *actor.CallRef[*Account]
//	}
type CallRef[S Receiver[noMessage]] = Ref[S, noMessage]

// Receive is never called: no value of its message type can be made outside
// this package.
func (NoMessages) Receive(*Context, noMessage) error { return nil }
