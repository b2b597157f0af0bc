package actor_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/actortest"
	"github.com/troupe-go/troupe/future"
)

// sighting is what the recording observer keeps of an event or a request.
type sighting struct {
	kind  string // the event's kind, "request" or "request done"
	actor string
	msg   string
	dur   time.Duration
	err   string
	depth int
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	var pe *actor.PanicError
	if errors.As(err, &pe) {
		return fmt.Sprintf("panic: %v", pe.Value)
	}
	return err.Error()
}

// eventRecorder is an observer that tells its probe what it sees.
type eventRecorder struct{ p *actortest.Probe[sighting] }

func (r eventRecorder) Observe(e actor.Event) {
	_ = r.p.Ref().Tell(sighting{kind: e.Kind.String(), actor: e.Actor.Name(), msg: e.Message, dur: e.Duration, err: errText(e.Err), depth: e.Depth})
}

// tracer is a eventRecorder that also sees requests, and the value of ctxKey in
// the caller's ctx.
type tracer struct{ eventRecorder }

type ctxKey struct{}

func (t tracer) Request(ctx context.Context, r actor.Request) func(error) {
	v, _ := ctx.Value(ctxKey{}).(string)
	_ = t.p.Ref().Tell(sighting{kind: "request", actor: r.Actor.Name(), msg: r.Op + " " + r.Message, err: v})
	return func(err error) {
		_ = t.p.Ref().Tell(sighting{kind: "request done", actor: r.Actor.Name(), err: errText(err)})
	}
}

// worker is the observed actor: it sleeps as long as its message says,
// then fails, panics, or answers.
type worker struct{}

type work struct {
	take  time.Duration
	fail  bool
	panic bool
	hold  chan struct{}
	reply *future.Promise[string]
}

func (worker) Receive(_ *actor.Context, w work) error {
	if w.hold != nil {
		<-w.hold
	}
	time.Sleep(w.take)
	switch {
	case w.fail:
		return errBoom
	case w.panic:
		panic("oops")
	case w.reply != nil:
		w.reply.Resolve("done")
	}
	return nil
}

func observed(t *testing.T, o actor.Observer, opts ...actor.Option) *actor.Ref[worker, work] {
	base := []actor.Option{actor.WithRegistry(actortest.NewRegistry(t)), actor.WithLogger(discard), actor.WithName("w"), actor.WithObserver(o)}
	return actor.Start(worker{}, append(base, opts...)...)
}

func newRecorder(t *testing.T) (eventRecorder, *actortest.Probe[sighting]) {
	p := actortest.NewProbe[sighting](t, actor.WithRegistry(actortest.NewRegistry(t)))
	return eventRecorder{p}, p
}

func TestObserver(t *testing.T) {
	actortest.Run(t, "sees each message handled: kind, duration on the fake clock, outcome", func(t *testing.T) {
		o, p := newRecorder(t)
		w := observed(t, o, actor.WithPolicy(actor.Resume))
		require.NoError(t, w.Tell(work{take: time.Second}))
		require.NoError(t, w.Tell(work{fail: true}))
		require.NoError(t, w.Tell(work{panic: true}))
		_, err := actor.Ask(context.Background(), w, func(r *future.Promise[string]) work { return work{take: time.Minute, reply: r} })
		require.NoError(t, err)
		_, err = actor.Call(w, func(worker) (int, error) { return 0, errBoom }).Get(context.Background())
		require.ErrorIs(t, err, errBoom)
		h := "handled"
		p.ExpectNext(time.Hour,
			sighting{kind: h, actor: "w", msg: "actor_test.work", dur: time.Second, depth: 3}, // two Tells and the Ask wait
			sighting{kind: h, actor: "w", msg: "actor_test.work", err: errBoom.Error(), depth: 2},
			sighting{kind: h, actor: "w", msg: "actor_test.work", err: "panic: oops", depth: 1},
			sighting{kind: h, actor: "w", msg: "actor_test.work", dur: time.Minute},
			sighting{kind: h, actor: "w", msg: "call", err: errBoom.Error()},
		)
		require.NoError(t, w.Stop(context.Background()))
		p.ExpectNext(time.Hour, sighting{kind: "stopped", actor: "w"})
		p.ExpectNone(time.Hour)
	})

	actortest.Run(t, "sees the depth of the mailbox a handler leaves", func(t *testing.T) {
		o, p := newRecorder(t)
		w := observed(t, o)
		hold := make(chan struct{})
		require.NoError(t, w.Tell(work{hold: hold}))
		for range 3 {
			require.NoError(t, w.Tell(work{}))
		}
		close(hold)
		var depths []int
		for _, s := range p.Next(time.Hour, 4) {
			depths = append(depths, s.depth)
		}
		require.Equal(t, []int{3, 2, 1, 0}, depths)
	})

	actortest.Run(t, "sees dead letters, with the reason, and the failed stop", func(t *testing.T) {
		o, p := newRecorder(t)
		w := observed(t, o, actor.WithDeadLetters(func(actor.DeadLetter) {}))
		hold := make(chan struct{})
		require.NoError(t, w.Tell(work{hold: hold, fail: true}))
		require.NoError(t, w.Tell(work{}))
		close(hold)
		<-w.Done()
		p.ExpectNext(time.Hour,
			sighting{kind: "handled", actor: "w", msg: "actor_test.work", err: errBoom.Error(), depth: 1},
			sighting{kind: "dead letter", actor: "w", msg: "actor_test.work", err: errBoom.Error()},
			sighting{kind: "stopped", actor: "w", err: errBoom.Error()},
		)
	})

	actortest.Run(t, "sees a restart", func(t *testing.T) {
		o, p := newRecorder(t)
		w := actor.Spawn(func() worker { return worker{} }, actor.WithRegistry(actortest.NewRegistry(t)), actor.WithLogger(discard),
			actor.WithName("w"), actor.WithObserver(o), actor.WithPolicy(actor.Restart))
		require.NoError(t, w.Tell(work{fail: true}))
		p.ExpectNext(time.Hour,
			sighting{kind: "handled", actor: "w", msg: "actor_test.work", err: errBoom.Error()},
			sighting{kind: "restarted", actor: "w"},
		)
	})

	actortest.Run(t, "an interface message is named by its dynamic type", func(t *testing.T) {
		o, p := newRecorder(t)
		ref := actor.Start(&anyBox{}, actor.WithRegistry(actortest.NewRegistry(t)), actor.WithObserver(o))
		require.NoError(t, ref.Tell(3))
		require.NoError(t, ref.Tell("three"))
		require.NoError(t, ref.Tell(nil))
		got := p.Next(time.Hour, 3)
		require.Equal(t, []string{"int", "string", "<nil>"}, []string{got[0].msg, got[1].msg, got[2].msg})
	})

	actortest.Run(t, "a RequestObserver sees each Ask and CallWait with the caller's ctx, and Call, and their outcome", func(t *testing.T) {
		o, p := newRecorder(t)
		w := observed(t, tracer{o})
		ctx := context.WithValue(context.Background(), ctxKey{}, "trace-1")
		// Each request's done func runs as its reply completes, which may be
		// a moment after the caller has the reply: each is awaited in turn.
		_, err := actor.Ask(ctx, w, func(r *future.Promise[string]) work { return work{reply: r} })
		require.NoError(t, err)
		p.ExpectNext(time.Hour,
			sighting{kind: "request", actor: "w", msg: "ask actor_test.work", err: "trace-1"},
			sighting{kind: "request done", actor: "w"}, // the handler resolved the reply before it returned
			sighting{kind: "handled", actor: "w", msg: "actor_test.work"},
		)
		_, err = actor.Call(w, func(worker) (int, error) { return 0, errBoom }).Get(context.Background())
		require.ErrorIs(t, err, errBoom)
		p.ExpectNext(time.Hour,
			sighting{kind: "request", actor: "w", msg: "call call"},
			sighting{kind: "handled", actor: "w", msg: "call", err: errBoom.Error()},
			sighting{kind: "request done", actor: "w", err: errBoom.Error()},
		)
		_, err = actor.CallWait(ctx, w, func(*actor.Context, worker) (int, error) { return 1, nil })
		require.NoError(t, err)
		p.ExpectNext(time.Hour,
			sighting{kind: "request", actor: "w", msg: "call call", err: "trace-1"},
			sighting{kind: "handled", actor: "w", msg: "call"},
			sighting{kind: "request done", actor: "w"},
		)
		_, err = actor.AskAsync(w, func(r *future.Promise[string]) work { return work{panic: true} }).Get(context.Background())
		require.Error(t, err)
		p.ExpectNext(time.Hour,
			sighting{kind: "request", actor: "w", msg: "ask actor_test.work"},
			sighting{kind: "handled", actor: "w", msg: "actor_test.work", err: "panic: oops"},
			sighting{kind: "request done", actor: "w", err: "panic: oops"},
		)
	})

	actortest.Run(t, "a panicking observer is logged, and neither the actor nor the asker sees it", func(t *testing.T) {
		logger, logs := bufferLogger()
		w := actor.Start(worker{}, actor.WithRegistry(actortest.NewRegistry(t)), actor.WithLogger(logger), actor.WithObserver(panicker{}))
		require.NoError(t, w.Tell(work{}))
		_, err := actor.Ask(context.Background(), w, func(r *future.Promise[string]) work { return work{reply: r} })
		require.NoError(t, err)
		synctest.Wait()
		require.Contains(t, logs.String(), `msg="actor: observer panicked"`)
		require.Contains(t, logs.String(), `event=handled`)
		require.Contains(t, logs.String(), `event="request done"`)
	})

	t.Run("WithObserver(nil) panics", func(t *testing.T) {
		require.PanicsWithValue(t, "actor: WithObserver(nil)", func() { actor.WithObserver(nil) })
	})
}

type panicker struct{}

func (panicker) Observe(actor.Event) { panic("observer broke") }

func (panicker) Request(context.Context, actor.Request) func(error) {
	return func(error) { panic("observer broke at the reply") }
}

// anyBox takes messages of any type.
type anyBox struct{}

func (*anyBox) Receive(*actor.Context, any) error { return nil }
