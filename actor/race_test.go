package actor_test

import (
	"context"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/registry"
)

// The tests of this file hold the places where a goroutine other than an
// actor's touches the actor's bookkeeping. Under the race detector,
// TestWatchRace and TestStartRace failed before their fixes;
// TestSupervisionRace runs all such places at once.

// plain is an actor started with Start and no options, which serves only
// Calls: it has no supervision state until someone watches it.
type plain struct{ actor.NoMessages }

func TestWatchRace(t *testing.T) {
	t.Run("watching an actor while it handles a Call is no data race", func(t *testing.T) {
		o := start(&observer{})
		for range 50 {
			target := start(&plain{})
			handled := actor.Call(target, func(*plain) (int, error) { return 1, nil })
			watch(t, o, target, "gone")
			_, err := handled.Get(context.Background())
			require.NoError(t, err)
			stop(t, target)
		}
		stop(t, o)
	})

	t.Run("watchers on targets that stop concurrently are no data race", func(t *testing.T) {
		var targets []*actor.CallRef[*plain]
		for range 100 {
			targets = append(targets, start(&plain{}))
		}
		var watchers []*actor.Ref[*observer, note]
		var wg sync.WaitGroup
		for range 4 {
			o := start(&observer{})
			watchers = append(watchers, o)
			wg.Go(func() {
				for _, tg := range targets {
					actor.CallContext(o, func(ctx *actor.Context, _ *observer) (int, error) {
						actor.Watch(ctx, tg, func(err error) note { return note{"gone", err} })
						return 0, nil
					})
				}
			})
		}
		for _, tg := range targets {
			actor.Call(tg, func(*plain) (int, error) { return 0, nil })
			go tg.Stop(context.Background())
		}
		wg.Wait()
		for _, tg := range targets {
			<-tg.Done()
		}
		for _, o := range watchers {
			stop(t, o)
		}
	})
}

// fickle fails every Tell; it has no OnStart.
type fickle struct{}

func (*fickle) Receive(*actor.Context, string) error { return errBoom }

// hookHandler is a slog handler that calls fn with each record's message,
// on the logging goroutine.
type hookHandler struct{ fn func(msg string) }

func (h hookHandler) Enabled(context.Context, slog.Level) bool      { return true }
func (h hookHandler) Handle(_ context.Context, r slog.Record) error { h.fn(r.Message); return nil }
func (h hookHandler) WithAttrs([]slog.Attr) slog.Handler            { return h }
func (h hookHandler) WithGroup(string) slog.Handler                 { return h }

func TestStartRace(t *testing.T) {
	t.Run("an actor found in its registry and restarted before Start returned is no data race", func(t *testing.T) {
		reg := registry.New()
		made := 0
		restarting := make(chan struct{})
		// Start logs "registered" once the actor can be found, and then
		// returns: meanwhile, a sender finds it, fails it, and its restart
		// makes a fresh state.
		logger := slog.New(hookHandler{func(msg string) {
			if msg == "registered" {
				require.NoError(t, registry.Broadcast(reg, "fail"))
				<-restarting
			}
		}})
		ref := actor.Spawn(func() *fickle {
			if made++; made == 2 {
				close(restarting)
			}
			return &fickle{}
		}, actor.WithRegistry(reg), actor.WithLogger(logger), actor.WithPolicy(actor.Restart))
		require.NoError(t, ref.Stop(context.Background()))
	})
}

// holder sets up, on command, what a state holds: a timer, a child, a
// watch; "fail" fails it, and its policy restarts it.
type holder struct{ others []*actor.Ref[*holder, string] }

func (k *holder) Receive(ctx *actor.Context, cmd string) error {
	switch cmd {
	case "fail":
		return errBoom
	case "timer":
		actor.After(ctx, time.Millisecond, "tick")
		cancel := actor.Every(ctx, time.Millisecond, "tick")
		if len(k.others)%2 == 0 {
			cancel()
		}
	case "child":
		actor.SpawnChild(ctx, func() *holder { return &holder{} }, actor.WithPolicy(actor.Restart))
	case "watch":
		for _, o := range k.others {
			actor.Watch(ctx, o, func(error) string { return "gone" })
		}
	}
	return nil
}

func (k *holder) OnStop(ctx *actor.Context) {
	actor.After(ctx, time.Millisecond, "tick")
	actor.StartChild(ctx, &plain{})
}

func TestSupervisionRace(t *testing.T) {
	t.Run("timers, children, watches, restarts, Inspect and stops at once are no data race", func(t *testing.T) {
		reg := registry.New()
		var refs []*actor.Ref[*holder, string]
		for range 8 {
			refs = append(refs, actor.Spawn(func() *holder { return &holder{others: refs} },
				actor.WithRegistry(reg), actor.WithLogger(discard), actor.WithPolicy(actor.Restart),
				actor.WithRestartLimit(1000, time.Hour), actor.WithSupervision(actor.OneForOne, actor.Restart)))
		}
		var wg sync.WaitGroup
		for g := range 4 {
			wg.Go(func() {
				cmds := []string{"timer", "child", "watch", "fail", "tick"}
				for i := range 200 {
					r := refs[(g+i)%len(refs)]
					r.Tell(cmds[(g*7+i)%len(cmds)])
					if i%50 == 49 {
						actor.Inspect(reg)
					}
				}
			})
		}
		wg.Wait()
		for _, r := range refs {
			err := r.Stop(context.Background())
			if err != nil {
				require.ErrorIs(t, err, actor.ErrDeadLetters)
			}
		}
		require.Zero(t, reg.Len())
	})
}
