package router

import (
	"context"
	"fmt"
	"slices"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/future"
)

// Router picks one of a fixed set of actors for each request. Next returns
// the actor for the next request, or nil when none of them is alive. Go
// infers S and M from Next, so [Call] and [Ask] need no type arguments:
//
//	router.Call(rr, (*Worker).Process)
//
// [*RoundRobin], [*Random], [*SmallestMailbox] and [*ConsistentHash] are
// Routers; [*Broadcast] is not, since it sends to every member.
type Router[S actor.Receiver[M], M any] interface {
	Next() *actor.Ref[S, M]
}

// ErrNoLiveMember is the error of a request through a router none of whose
// members is alive. It matches actor.ErrStopped.
var ErrNoLiveMember = fmt.Errorf("router: no live member: %w", actor.ErrStopped)

// Call runs fn with the state of the actor r.Next() picks, on that actor's
// goroutine, and returns the future of its result: actor.Call through a
// router, one flat future. If no member is alive the future fails with
// [ErrNoLiveMember]; the picked actor may also stop before fn runs, and then
// the future fails with actor.ErrStopped, as actor.Call's does. Call returns
// at once, except that a full OverflowBlock mailbox makes it wait for room.
// Cost: the router's Next, then one allocation.
func Call[S actor.Receiver[M], M, R any](r Router[S, M], fn func(S) (R, error)) *future.Future[R] {
	if fn == nil {
		panic("router: Call with a nil func")
	}
	return callRef(r.Next(), fn)
}

// Ask sends the message build makes to the actor r.Next() picks and waits
// for the reply: actor.Ask through a router. It returns [ErrNoLiveMember]
// when no member is alive, and context.Cause(ctx) if ctx ends first.
func Ask[S actor.Receiver[M], M, R any](ctx context.Context, r Router[S, M], build func(*future.Promise[R]) M) (R, error) {
	if build == nil {
		panic("router: Ask with a nil build func")
	}
	return askRef(ctx, r.Next(), build)
}

func callRef[S actor.Receiver[M], M, R any](ref *actor.Ref[S, M], fn func(S) (R, error)) *future.Future[R] {
	if ref == nil {
		return future.Failed[R](ErrNoLiveMember)
	}
	return actor.Call(ref, fn)
}

func askRef[S actor.Receiver[M], M, R any](ctx context.Context, ref *actor.Ref[S, M], build func(*future.Promise[R]) M) (R, error) {
	if ref == nil {
		var zero R
		return zero, ErrNoLiveMember
	}
	return actor.Ask(ctx, ref, build)
}

func tellRef[S actor.Receiver[M], M any](ref *actor.Ref[S, M], msg M) error {
	if ref == nil {
		return ErrNoLiveMember
	}
	return ref.Tell(msg)
}

// members checks the refs a router is made with and copies them, so the
// caller's slice may change afterwards.
func members[S actor.Receiver[M], M any](op string, refs []*actor.Ref[S, M]) []*actor.Ref[S, M] {
	if len(refs) == 0 {
		panic("router: " + op + " needs at least one ref")
	}
	checkRefs(op, refs)
	return slices.Clone(refs)
}

func checkRefs[S actor.Receiver[M], M any](op string, refs []*actor.Ref[S, M]) {
	for i, ref := range refs {
		if ref == nil {
			panic(fmt.Sprintf("router: %s: ref %d is nil", op, i))
		}
	}
}
