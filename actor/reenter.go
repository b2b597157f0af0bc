package actor

import (
	"reflect"

	"github.com/troupe-go/troupe/future"
	"github.com/troupe-go/troupe/internal/waitgraph"
)

// ReenterAfter arranges for then to run on the actor whose Context ctx is,
// once f completes, and returns at once: what protoactor-go calls
// ReenterAfter and Akka pipeToSelf. The handler that calls it returns
// without waiting, so the actor goes on with its other messages meanwhile;
// then runs later, in turn with them (queued behind the messages that
// arrived before f completed), with the actor's current state, f's value
// and error. It never blocks the actor and so never deadlocks.
//
// It is the way out of A↔B patterns: where A's handler would Ask B and wait
// while B's handler asks A, A asks with AskAsync and continues in then:
//
//	func (a *Account) Receive(ctx *actor.Context, m Msg) error {
//		switch m := m.(type) {
//		case Transfer:
//			a.balance -= m.Amount
//			credited := actor.AskAsync(a.other, func(p *future.Promise[struct{}]) Msg { return Credit{m.Amount, p} })
//			actor.ReenterAfter(ctx, credited, func(_ *actor.Context, a *Account, _ struct{}, err error) error {
//				if err != nil {
//					a.balance += m.Amount // not credited: ErrStopped, the credit was never handled
//				}
//				return nil
//			})
//		…
//
// An error or a panic (as a *PanicError) of then is the actor's failure,
// as a failed Tell's: it is logged, OnFailure runs, and the policy decides.
// S is inferred from then; it must be the actor's state type, or
// ReenterAfter panics. If the actor stops accepting messages before f
// completes, or stops before then's turn comes, then never runs. Cost: one
// allocation, and one message when f completes.
func ReenterAfter[S, T any](ctx *Context, f *future.Future[T], then func(ctx *Context, s S, v T, err error) error) {
	if ctx == nil || f == nil || then == nil {
		panic("actor: ReenterAfter with a nil *Context, future or func")
	}
	r, ok := ctx.node.ID.(reenterer[S])
	if !ok {
		panic("actor: ReenterAfter: " + ctx.Name() + "'s state is not " + reflect.TypeFor[S]().String())
	}
	f.OnComplete(func(v T, err error) {
		_ = r.reenter(&reenterReq[S]{run: func(ctx *Context, s S) error { return then(ctx, s, v, err) }})
	})
}

// reenterer is the side of a *Ref[S, M] that queues a continuation.
type reenterer[S any] interface {
	reenter(q *reenterReq[S]) error
}

// reenter queues q like a runtime message: it never waits for room.
func (r *Ref[S, M]) reenter(q *reenterReq[S]) error {
	return r.post(envelope[S, M]{req: q}, nil)
}

// reenterReq is a continuation queued by ReenterAfter. It is a request that
// runs as a call, whose error is the actor's failure rather than a caller's.
type reenterReq[S any] struct {
	e   waitgraph.Edge
	run func(*Context, S) error
	err error
}

func (q *reenterReq[S]) call(ctx *Context, s S) bool {
	q.err = q.invoke(ctx, s)
	return true
}

func (q *reenterReq[S]) invoke(ctx *Context, s S) (err error) {
	defer future.Recover(&err)
	return q.run(ctx, s)
}

func (q *reenterReq[S]) fail(error)            {}
func (q *reenterReq[S]) edge() *waitgraph.Edge { return &q.e }
func (q *reenterReq[S]) context() *requestCtx  { return nil }
func (q *reenterReq[S]) failure() error        { return q.err }

// failing is a request whose run can fail the actor, as a Tell can.
type failing interface{ failure() error }
