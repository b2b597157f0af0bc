package actor_test

import (
	"context"
	"errors"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/internal/leakcheck"
	"github.com/troupe-go/troupe/registry"
)

// The stress test of stress_test.go, run again with every actor under the
// Resume or the Restart policy (half of the restarting ones with a short
// backoff, so that sends, Stops and inline Asks meet actors parked on their
// restart timer). It reuses that file's actor, messages, fates and result
// checks; the slots hold spawned actors, whose states are counted together.

// supervisedSlot is one spawned actor and every state its factory made.
type supervisedSlot struct {
	ref      *actor.Ref[*stressActor, stressMsg]
	mu       sync.Mutex
	states   []*stressActor
	accepted atomic.Int64 // Tells that returned nil
	dead     atomic.Int64 // dead letters
}

type policyStress struct {
	*stress // the checks, the bound and the registry
	policy  actor.Directive
	slots   [stressSlots]atomic.Pointer[supervisedSlot]
	renewMu [stressSlots]sync.Mutex
	mu      sync.Mutex
	all     []*supervisedSlot
}

// newActor spawns the actor of slot i: mailboxes vary as in TestStress, one
// state in 25 fails its OnStart, and under Restart every other slot has a
// backoff.
func (s *policyStress) newActor(i int) *supervisedSlot {
	sl := new(supervisedSlot)
	factory := func() *stressActor {
		a := &stressActor{last: map[int]int{}, failStart: rand.IntN(25) == 0}
		sl.mu.Lock()
		sl.states = append(sl.states, a)
		sl.mu.Unlock()
		return a
	}
	opts := []actor.Option{
		actor.WithRegistry(s.reg),
		actor.WithLogger(discard),
		actor.WithDeadLetters(func(actor.DeadLetter) { sl.dead.Add(1) }),
		actor.WithPolicy(s.policy),
		actor.WithRestartLimit(1000, time.Minute),
	}
	if s.policy == actor.Restart && i%2 == 0 {
		opts = append(opts, actor.WithBackoff(actor.Backoff{Min: 20 * time.Microsecond, Max: time.Millisecond}))
	}
	switch i % 4 {
	case 1:
		opts = append(opts, actor.WithMailbox(4, actor.OverflowFail))
	case 3:
		opts = append(opts, actor.WithMailbox(4, actor.OverflowBlock))
	}
	sl.ref = actor.Spawn(factory, opts...)
	s.mu.Lock()
	s.all = append(s.all, sl)
	s.mu.Unlock()
	return sl
}

func (s *policyStress) renew(i int, old *supervisedSlot) {
	s.renewMu[i].Lock()
	defer s.renewMu[i].Unlock()
	if s.slots[i].Load() == old {
		s.slots[i].Store(s.newActor(i))
	}
}

// sender issues ops random operations as sender id: the mix of TestStress.
func (s *policyStress) sender(id, ops int) {
	rng := rand.New(rand.NewPCG(uint64(id), 0x9011c7))
	var pending []func()
	for seq := range ops {
		i := rng.IntN(stressSlots)
		sl := s.slots[i].Load()
		ref := sl.ref
		var err error
		switch op := rng.IntN(100); {
		case op < 35:
			if err = ref.Tell(stressMsg{sender: id, seq: seq, fate: randomFate(rng, 5, 2)}); err == nil {
				sl.accepted.Add(1)
			} else {
				s.check("Tell", 0, 0, err)
			}
		case op < 50: // blocking, and on an idle actor run inline
			var v int
			v, err = actor.Ask(context.Background(), ref, askMsg(rng, id, seq, 30))
			s.check("Ask", seq, v, err)
		case op < 60:
			var v int
			v, err = actor.Ask(s.ctx, ref, askMsg(rng, id, seq, 30))
			s.check("Ask with a ctx", seq, v, err)
		case op < 75:
			f := actor.AskAsync(ref, askMsg(rng, id, seq, 30))
			pending = append(pending, s.await("AskAsync", seq, f))
			_, err = f.Peek()
		case op < 99:
			fa := randomFate(rng, 30, 5)
			f := actor.CallContext(ref, func(ctx *actor.Context, a *stressActor) (int, error) {
				return a.run(ctx, id, seq, fa)
			})
			pending = append(pending, s.await("CallContext", seq, f))
			_, err = f.Peek()
		default:
			// A Stop after a failure the policy gave up on says what it
			// dead-lettered.
			if err := ref.Stop(s.ctx); err != nil && !errors.Is(err, actor.ErrDeadLetters) {
				s.t.Errorf("Stop: %v", err)
			}
			err = actor.ErrStopped
		}
		if errors.Is(err, actor.ErrStopped) {
			s.renew(i, sl)
		}
	}
	for _, wait := range pending {
		wait()
	}
}

func TestStressPolicies(t *testing.T) {
	for _, policy := range []actor.Directive{actor.Resume, actor.Restart} {
		t.Run(policy.String()+" loses nothing and leaves nothing hanging", func(t *testing.T) {
			ops := stressOps
			if testing.Short() {
				ops = stressShortOps
			}
			before := leakcheck.Count()
			ctx, cancel := context.WithTimeout(context.Background(), stressBound)
			defer cancel()
			s := &policyStress{stress: &stress{t: t, reg: registry.New(), ctx: ctx}, policy: policy}
			for i := range s.slots {
				s.slots[i].Store(s.newActor(i))
			}
			runSenders(t, ctx, func(id int) { s.sender(id, ops) })

			require.NoError(t, s.reg.StopAll(ctx))
			require.Zero(t, s.reg.Len())
			restarts := 0
			for _, sl := range s.all {
				requireClosed(t, sl.ref.Done())
				var handled int64
				for _, a := range sl.states {
					require.Empty(t, a.violations, "%v", sl.ref)
					handled += a.tellsHandled
					if a.started {
						require.Equal(t, 1, a.stops, "%v: OnStop ran %d times for one state", sl.ref, a.stops)
					} else {
						require.Zero(t, a.stops, "%v: OnStop ran for a state that did not start", sl.ref)
					}
				}
				restarts += len(sl.states) - 1
				require.Equal(t, sl.accepted.Load(), handled+sl.dead.Load(), "%v: Tells accepted != handled + dead letters", sl.ref)
				switch err := sl.ref.Err(); {
				case err == nil:
				case errors.Is(err, errStart) && len(sl.states) == 1:
				default:
					t.Errorf("%v stopped with %v", sl.ref, err)
				}
				if policy == actor.Resume {
					require.Len(t, sl.states, 1, "%v: restarted under Resume", sl.ref)
				}
			}
			if policy == actor.Restart {
				require.NotZero(t, restarts)
			}
			requireGoroutinesBackTo(t, before)
			t.Logf("%d actors, %d restarts", len(s.all), restarts)
		})
	}
}
