package actor_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/future"
	"github.com/troupe-go/troupe/internal/leakcheck"
	"github.com/troupe-go/troupe/registry"
)

// The stress test: 40 actor slots, 8 goroutines issuing 3,000 random
// operations each (Tell, TellContext, Ask inline and queued, AskAsync, Call,
// CallContext, Stop), with handlers, calls and OnStart failing or panicking
// at random and actors stopping themselves at random. A slot whose actor has
// stopped gets a fresh one, so the load never dies out; every actor ever
// started is accounted for at the end.

const (
	stressSlots      = 40
	stressSenders    = 8
	stressOps        = 3000
	stressShortOps   = 500 // with -short
	stressBound      = 30 * time.Second
	stressPanicValue = "stress panic"
)

var errStress = errors.New("stress failure")

// fate is what a handler or a call does with its message.
type fate uint8

const (
	fateOK fate = iota
	fateFail
	fatePanic
	fateStopSelf // ctx.Stop(), then succeed
)

type stressMsg struct {
	sender, seq int
	fate        fate
	reply       *future.Promise[int]
}

// stressActor checks one-at-a-time and per-sender order on every message
// and call, and counts what the accounting needs.
type stressActor struct {
	failStart bool
	started   bool
	inFlight  atomic.Int32
	last      map[int]int // sender → last sequence handled

	// read once the actor has stopped
	violations   []string
	tellsHandled int64
	stops        int
	failures     int
}

func (a *stressActor) OnStart(*actor.Context) error {
	if a.failStart {
		return errStart
	}
	a.started = true
	return nil
}

func (a *stressActor) OnStop(*actor.Context) { a.stops++ }

func (a *stressActor) OnFailure(*actor.Context, error) { a.failures++ }

func (a *stressActor) Receive(ctx *actor.Context, m stressMsg) error {
	if m.reply == nil {
		a.tellsHandled++ // a failing Tell counts as handled: the actor took it
	}
	v, err := a.run(ctx, m.sender, m.seq, m.fate)
	if err == nil && m.reply != nil {
		m.reply.Resolve(v)
	}
	return err
}

// run is the body of every message and call: it checks the guarantees, then
// meets its fate.
func (a *stressActor) run(ctx *actor.Context, sender, seq int, f fate) (int, error) {
	if a.inFlight.Add(1) > 1 {
		a.violations = append(a.violations, "two handlers at once")
	}
	defer a.inFlight.Add(-1)
	if !a.started {
		a.violations = append(a.violations, "handled before OnStart")
	}
	if last, ok := a.last[sender]; ok && seq <= last {
		a.violations = append(a.violations, fmt.Sprintf("sender %d: %d after %d", sender, seq, last))
	}
	a.last[sender] = seq
	switch f {
	case fateFail:
		return 0, errStress
	case fatePanic:
		panic(stressPanicValue)
	case fateStopSelf:
		ctx.Stop()
	}
	return seq, nil
}

// tracked is one actor and the counts kept outside it.
type tracked struct {
	ref      *actor.Ref[*stressActor, stressMsg]
	state    *stressActor
	accepted atomic.Int64 // Tells that returned nil
	dead     atomic.Int64 // dead letters
}

type stress struct {
	t       *testing.T
	reg     *registry.Registry
	ctx     context.Context // the bound every wait must meet
	slots   [stressSlots]atomic.Pointer[tracked]
	renewMu [stressSlots]sync.Mutex

	mu  sync.Mutex
	all []*tracked // every actor ever started

	outcomes sync.Map // outcome name → *atomic.Int64, for the log
}

// newActor starts an actor for slot i: a quarter with an OverflowFail
// mailbox, a quarter with an OverflowBlock one, one in 25 with a failing
// OnStart.
func (s *stress) newActor(i int, rng *rand.Rand) *tracked {
	tr := &tracked{state: &stressActor{last: map[int]int{}, failStart: rng.IntN(25) == 0}}
	opts := []actor.Option{
		actor.WithRegistry(s.reg),
		actor.WithLogger(discard),
		actor.WithDeadLetters(func(actor.DeadLetter) { tr.dead.Add(1) }),
	}
	switch i % 4 {
	case 1:
		opts = append(opts, actor.WithMailbox(4, actor.OverflowFail))
	case 2:
		opts = append(opts, actor.WithMailbox(4, actor.OverflowBlock))
	}
	tr.ref = actor.Start(tr.state, opts...)
	s.mu.Lock()
	s.all = append(s.all, tr)
	s.mu.Unlock()
	return tr
}

// renew gives slot i a fresh actor if it still holds old.
func (s *stress) renew(i int, old *tracked, rng *rand.Rand) {
	s.renewMu[i].Lock()
	defer s.renewMu[i].Unlock()
	if s.slots[i].Load() == old {
		s.slots[i].Store(s.newActor(i, rng))
	}
}

func (s *stress) count(outcome string) {
	c, _ := s.outcomes.LoadOrStore(outcome, new(atomic.Int64))
	c.(*atomic.Int64).Add(1)
}

// check sorts the result of one operation: a value (equal to its sequence
// number) or a known error. Anything else, including the bound passing,
// fails the test.
func (s *stress) check(op string, seq, v int, err error) {
	var pe *actor.PanicError
	switch {
	case err == nil:
		if v != seq {
			s.t.Errorf("%s %d: got value %d", op, seq, v)
		}
		s.count("value")
	case errors.Is(err, errStress):
		s.count("handler error")
	case errors.As(err, &pe):
		if pe.Value != stressPanicValue || len(pe.Stack) == 0 {
			s.t.Errorf("%s %d: panic error %v without its value or stack", op, seq, err)
		}
		s.count("panic")
	case errors.Is(err, actor.ErrStopped):
		s.count("stopped")
	case errors.Is(err, actor.ErrMailboxFull):
		s.count("mailbox full")
	default:
		s.t.Errorf("%s %d: unexpected error %v", op, seq, err)
	}
}

// randomFate is mostly success, with failures, panics and self-stops mixed
// in at the given per-mille rates.
func randomFate(rng *rand.Rand, fail, stopSelf int) fate {
	switch n := rng.IntN(1000); {
	case n < fail:
		return fateFail
	case n < 2*fail:
		return fatePanic
	case n < 2*fail+stopSelf:
		return fateStopSelf
	}
	return fateOK
}

// sender issues ops random operations as sender id.
func (s *stress) sender(id, ops int) {
	rng := rand.New(rand.NewPCG(uint64(id), 0x5eed))
	var pending []func()
	for seq := range ops {
		i := rng.IntN(stressSlots)
		tr := s.slots[i].Load()
		ref := tr.ref
		var err error
		switch op := rng.IntN(100); {
		case op < 30:
			err = ref.Tell(stressMsg{sender: id, seq: seq, fate: randomFate(rng, 5, 2)})
			s.told(tr, err)
		case op < 35:
			err = ref.TellContext(s.ctx, stressMsg{sender: id, seq: seq, fate: randomFate(rng, 5, 2)})
			s.told(tr, err)
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
		case op < 87:
			fa := randomFate(rng, 30, 0)
			f := actor.Call(ref, func(a *stressActor) (int, error) { return a.run(nil, id, seq, fa) })
			pending = append(pending, s.await("Call", seq, f))
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
			err = actor.ErrStopped // renew the slot
		}
		if errors.Is(err, actor.ErrStopped) {
			s.renew(i, tr, rng)
		}
	}
	for _, wait := range pending {
		wait()
	}
}

// askMsg builds sender id's Ask number seq, whose fate fails about fail% of
// the time.
func askMsg(rng *rand.Rand, id, seq, fail int) func(*future.Promise[int]) stressMsg {
	fa := randomFate(rng, fail, 5)
	return func(p *future.Promise[int]) stressMsg { return stressMsg{sender: id, seq: seq, fate: fa, reply: p} }
}

// told counts a Tell that was accepted, and checks that a refusal is known.
func (s *stress) told(tr *tracked, err error) {
	if err == nil {
		tr.accepted.Add(1)
		s.count("tell accepted")
		return
	}
	s.check("Tell", 0, 0, err)
}

// await returns a func that waits, within the bound, for f and checks it.
func (s *stress) await(op string, seq int, f *future.Future[int]) func() {
	return func() {
		v, err := f.Get(s.ctx)
		s.check(op, seq, v, err)
	}
}

func TestStress(t *testing.T) {
	ops := stressOps
	if testing.Short() {
		ops = stressShortOps
	}
	before := leakcheck.Count()
	ctx, cancel := context.WithTimeout(context.Background(), stressBound)
	defer cancel()
	s := &stress{t: t, reg: registry.New(), ctx: ctx}
	rng := rand.New(rand.NewPCG(0, 0x5eed))
	for i := range s.slots {
		s.slots[i].Store(s.newActor(i, rng))
	}

	runSenders(t, ctx, func(id int) { s.sender(id, ops) })

	require.NoError(t, s.reg.StopAll(ctx))
	require.Zero(t, s.reg.Len())
	for _, tr := range s.all {
		requireClosed(t, tr.ref.Done())
		a := tr.state
		require.Empty(t, a.violations, "%v", tr.ref)
		require.Equal(t, tr.accepted.Load(), a.tellsHandled+tr.dead.Load(),
			"%v: Tells accepted != handled + dead letters", tr.ref)
		failed := tr.ref.Err() != nil
		require.Equal(t, failed, a.failures == 1, "%v: Err %v after %d OnFailure", tr.ref, tr.ref.Err(), a.failures)
		if a.failStart {
			require.ErrorIs(t, tr.ref.Err(), errStart)
			require.Zero(t, a.stops, "%v: OnStop ran after a failed OnStart", tr.ref)
		} else {
			require.Equal(t, 1, a.stops, "%v: OnStop ran %d times", tr.ref, a.stops)
		}
	}
	requireGoroutinesBackTo(t, before)

	log := fmt.Sprintf("%d actors;", len(s.all))
	s.outcomes.Range(func(k, v any) bool {
		log += fmt.Sprintf(" %s: %d;", k, v.(*atomic.Int64).Load())
		return true
	})
	t.Log(log)
}

// runSenders runs the stress senders and waits for them, failing with every
// goroutine's stack if they have not finished when ctx ends.
func runSenders(t *testing.T, ctx context.Context, sender func(id int)) {
	t.Helper()
	var wg sync.WaitGroup
	for id := range stressSenders {
		wg.Go(func() { sender(id) })
	}
	finished := make(chan struct{})
	go func() { wg.Wait(); close(finished) }()
	select {
	case <-finished:
	case <-ctx.Done():
		buf := make([]byte, 1<<22)
		t.Fatalf("the senders did not finish within %v:\n%s", stressBound, buf[:runtime.Stack(buf, true)])
	}
}
