package router

import (
	"context"
	"errors"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/future"
)

// Broadcast sends every request to all its live members. It is not a
// [Router], which picks one member: [BroadcastCall] and [BroadcastAsk]
// return one result per live member, in member order, whatever order the
// members answer in. Members that have stopped are skipped, so the results
// line up with [Broadcast.Live], not with the refs given to NewBroadcast.
type Broadcast[S actor.Receiver[M], M any] struct {
	refs []*actor.Ref[S, M]
}

// NewBroadcast returns a broadcast router over refs, in the given order.
// NewBroadcast panics if refs is empty or holds a nil ref.
func NewBroadcast[S actor.Receiver[M], M any](refs ...*actor.Ref[S, M]) *Broadcast[S, M] {
	return &Broadcast[S, M]{refs: members("NewBroadcast", refs)}
}

// Live returns the members that are alive, in member order.
func (b *Broadcast[S, M]) Live() []*actor.Ref[S, M] {
	live := make([]*actor.Ref[S, M], 0, len(b.refs))
	for _, ref := range b.refs {
		if ref.IsAlive() {
			live = append(live, ref)
		}
	}
	return live
}

// Tell sends msg to every live member, in member order; each gets a copy of
// the value (pointers in it are shared). It tells all of them even if some
// refuse, then returns their errors joined, or [ErrNoLiveMember] when no
// member is alive.
func (b *Broadcast[S, M]) Tell(msg M) error {
	live := b.Live()
	if len(live) == 0 {
		return ErrNoLiveMember
	}
	var errs []error
	for _, ref := range live {
		errs = append(errs, ref.Tell(msg))
	}
	return errors.Join(errs...)
}

// BroadcastCall runs fn on every live member (actor.Call) and returns one
// future of all results, in member order. It fails with the first error to
// arrive, or [ErrNoLiveMember] when no member is alive. Cost: one Call per
// member and one joined future; no goroutine.
func BroadcastCall[S actor.Receiver[M], M, R any](b *Broadcast[S, M], fn func(S) (R, error)) *future.Future[[]R] {
	if fn == nil {
		panic("router: BroadcastCall with a nil func")
	}
	live := b.Live()
	if len(live) == 0 {
		return future.Failed[[]R](ErrNoLiveMember)
	}
	fs := make([]*future.Future[R], len(live))
	for i, ref := range live {
		fs[i] = actor.Call(ref, fn)
	}
	return future.Join(fs...)
}

// BroadcastAsk sends each live member the message build makes around a
// reply promise of its own (build runs once per member), and waits for all
// replies: they come back in member order. It returns at the first error,
// with [ErrNoLiveMember] when no member is alive, and with
// context.Cause(ctx) if ctx ends first.
func BroadcastAsk[S actor.Receiver[M], M, R any](ctx context.Context, b *Broadcast[S, M], build func(*future.Promise[R]) M) ([]R, error) {
	if build == nil {
		panic("router: BroadcastAsk with a nil build func")
	}
	live := b.Live()
	if len(live) == 0 {
		return nil, ErrNoLiveMember
	}
	fs := make([]*future.Future[R], len(live))
	for i, ref := range live {
		fs[i] = actor.AskAsync(ref, build)
	}
	return future.GetAll(ctx, fs...)
}
