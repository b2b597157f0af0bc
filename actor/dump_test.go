package actor_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/future"
	"github.com/troupe-go/troupe/registry"
)

// blockOn is a call that blocks its actor until gate closes.
func blockOn(gate <-chan struct{}) func(*actor.Context, *peer) (string, error) {
	return func(ctx *actor.Context, _ *peer) (string, error) {
		<-gate
		return ctx.Name(), nil
	}
}

// line is the Dump line Dump writes for r, given what follows its URN.
func line(r registry.Entry, state string) string {
	return fmt.Sprintf("%s (%s): %s\n", r.Name(), r.URN(), state)
}

// failing fails every message it is told.
type failing struct{}

func (failing) Receive(_ *actor.Context, m string) error { return errors.New(m) }

func TestLifecycleLog(t *testing.T) {
	debugLogger := func() (*slog.Logger, *notifyingBuffer) {
		out := newNotifyingBuffer()
		return slog.New(slog.NewTextHandler(out, &slog.HandlerOptions{
			Level: slog.LevelDebug,
			ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
				if a.Key == slog.TimeKey {
					return slog.Attr{}
				}
				return a
			},
		})), out
	}
	event := func(r registry.Entry, msg string) string {
		return fmt.Sprintf("level=DEBUG msg=%s actor=%s urn=%s\n", msg, r.Name(), r.URN())
	}

	t.Run("an actor logs registered, started and stopped at Debug, in order", func(t *testing.T) {
		logger, out := debugLogger()
		a := actor.Start(&peer{}, actor.WithRegistry(registry.New()), actor.WithName("Life"), actor.WithLogger(logger))
		requireFutureValue(t, "Life", actor.CallContext(a, answer))
		require.NoError(t, a.Stop(context.Background()))
		want := event(a, "registered") + event(a, "started") + event(a, "stopped")
		out.waitFor(t, event(a, "stopped")) // logged as the actor's goroutine ends
		require.Equal(t, want, out.String())
	})

	t.Run("an actor with OnStart logs started once OnStart succeeded", func(t *testing.T) {
		logger, out := debugLogger()
		a := actor.Start(&starting{}, actor.WithRegistry(registry.New()), actor.WithName("Hooked"), actor.WithLogger(logger))
		require.NoError(t, a.Stop(context.Background()))
		out.waitFor(t, event(a, "stopped"))
		require.Equal(t, event(a, "registered")+"level=DEBUG msg=\"in OnStart\"\n"+event(a, "started")+event(a, "stopped"), out.String())
	})

	t.Run("an actor whose OnStart fails logs failed, never started", func(t *testing.T) {
		logger, out := debugLogger()
		a := actor.Start(&starting{err: errors.New("no database")}, actor.WithRegistry(registry.New()), actor.WithName("Broken"), actor.WithLogger(logger))
		<-a.Done()
		out.waitFor(t, event(a, "failed"))
		require.Equal(t, event(a, "registered")+"level=DEBUG msg=\"in OnStart\"\n"+event(a, "failed"), out.String())
	})

	t.Run("above Debug, lifecycle events are not logged", func(t *testing.T) {
		out := newNotifyingBuffer()
		logger := slog.New(slog.NewTextHandler(out, &slog.HandlerOptions{Level: slog.LevelInfo}))
		a := actor.Start(&peer{}, actor.WithRegistry(registry.New()), actor.WithLogger(logger))
		require.NoError(t, a.Stop(context.Background()))
		require.Empty(t, out.String())
	})
}

func TestDump(t *testing.T) {
	t.Run("shows who waits on whom, for how long, with mailbox depths and handled counts", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			reg := registry.New()
			p := startPeers(reg, "Front", "Store", "Audit", "Closing", "Lost")
			front, store, audit, closing, lost := p[0], p[1], p[2], p[3], p[4]
			restarting := actor.Spawn(func() failing { return failing{} }, actor.WithRegistry(reg),
				actor.WithName("Flaky"), actor.WithLogger(slog.New(slog.DiscardHandler)),
				actor.WithPolicy(actor.Restart), actor.WithBackoff(actor.Backoff{Min: time.Minute, Max: time.Minute}))
			gate := make(chan struct{})

			// Store is held on a channel; Front's handler waits on Store with
			// its Context, and two more calls queue up behind Front's.
			held := actor.CallContext(store, blockOn(gate))
			synctest.Wait()
			fronted := actor.CallContext(front, callAndWait(store, answer))
			synctest.Wait()
			queued := []*future.Future[string]{actor.CallContext(store, answer), actor.CallContext(store, answer)}
			// Audit has answered and is idle; Closing was told to stop and is
			// held; Lost waits on a promise nobody is known to complete.
			requireFutureValue(t, "Audit", actor.CallContext(audit, answer))
			closed := actor.CallContext(closing, func(ctx *actor.Context, p *peer) (string, error) {
				ctx.Stop()
				return blockOn(gate)(ctx, p)
			})
			promise := future.NewPromise[string]()
			lostWait := actor.CallContext(lost, func(ctx *actor.Context, _ *peer) (string, error) {
				return promise.Future().Get(ctx)
			})
			require.NoError(t, restarting.Tell("boom"))
			synctest.Wait()
			time.Sleep(2 * time.Second) // the fake clock: every age below is 2s

			var out bytes.Buffer
			require.NoError(t, actor.Dump(&out, reg))
			want := fmt.Sprintf("actors: 6 at %s\n", time.Now().Format(time.RFC3339Nano)) +
				line(front, fmt.Sprintf("waiting on Store (%s) for 2s; mailbox 0, handled 1", store.URN())) +
				line(store, "running for 2s; mailbox 3, handled 1") +
				line(audit, "idle; mailbox 0, handled 1") +
				line(closing, "stopping, running for 2s; mailbox 0, handled 1") +
				line(lost, "waiting for 2s on a future no actor is known to complete; mailbox 0, handled 1") +
				line(restarting, "restarting; mailbox 0, handled 1")
			require.Equal(t, want, out.String())

			snaps := actor.Inspect(reg)
			require.Len(t, snaps, 6)
			require.Equal(t, actor.Snapshot{
				Name: "Front", URN: front.URN(),
				Running: time.Now().Add(-2 * time.Second), Waiting: time.Now().Add(-2 * time.Second),
				WaitingOn: &actor.Member{Name: "Store", URN: store.URN()},
				Handled:   1,
			}, snaps[0])

			close(gate)
			promise.Resolve("found")
			requireFutureValue(t, "Store", held)
			requireFutureValue(t, "Store", fronted)
			for _, f := range queued {
				requireFutureValue(t, "Store", f)
			}
			requireFutureValue(t, "Closing", closed)
			requireFutureValue(t, "found", lostWait)
			<-closing.Done()
			require.NoError(t, reg.StopAll(context.Background()))

			out.Reset()
			require.NoError(t, actor.Dump(&out, reg))
			require.Equal(t, fmt.Sprintf("actors: 0 at %s\n", time.Now().Format(time.RFC3339Nano)), out.String())
		})
	})

	t.Run("a nil registry means registry.Default", func(t *testing.T) {
		a := actor.Start(&peer{}, actor.WithName("DumpDefault"))
		defer a.Stop(context.Background())
		var out bytes.Buffer
		require.NoError(t, actor.Dump(&out, nil))
		require.Contains(t, out.String(), line(a, "idle; mailbox 0, handled 0"))
		require.Contains(t, actor.Inspect(nil), actor.Snapshot{Name: "DumpDefault", URN: a.URN()})
	})

	t.Run("entries that are not actors of this package are left out", func(t *testing.T) {
		reg := testRegistry(t)
		require.NoError(t, reg.Register(standIn{}))
		a := startPeers(reg, "Real")[0]
		require.Equal(t, []actor.Snapshot{{Name: "Real", URN: a.URN()}}, actor.Inspect(reg))
	})

	t.Run("the writer's error is returned", func(t *testing.T) {
		broken := errors.New("disk full")
		require.ErrorIs(t, actor.Dump(failWriter{broken}, registry.New()), broken)
	})
}

// notifyingBuffer is a writer a test can wait on: each write is kept and
// announced on wrote.
type notifyingBuffer struct {
	mu    sync.Mutex
	buf   bytes.Buffer
	wrote chan struct{}
}

func newNotifyingBuffer() *notifyingBuffer {
	return &notifyingBuffer{wrote: make(chan struct{}, 1)}
}

func (b *notifyingBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	n, err := b.buf.Write(p)
	select {
	case b.wrote <- struct{}{}:
	default:
	}
	return n, err
}

func (b *notifyingBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// waitFor waits until the buffer holds every one of want, or fails after a
// bound that only a broken helper reaches.
func (b *notifyingBuffer) waitFor(t *testing.T, want ...string) {
	t.Helper()
	bound := time.After(30 * time.Second)
	for {
		s := b.String()
		missing := ""
		for _, w := range want {
			if !strings.Contains(s, w) {
				missing = w
				break
			}
		}
		if missing == "" {
			return
		}
		select {
		case <-b.wrote:
		case <-bound:
			t.Fatalf("no %q written; got:\n%s", missing, s)
		}
	}
}

// starting is an actor whose OnStart logs, then fails with err if set.
type starting struct {
	actor.NoMessages
	err error
}

func (s *starting) OnStart(ctx *actor.Context) error {
	ctx.Logger().Debug("in OnStart")
	return s.err
}

// standIn is a registry entry that is not an actor.
type standIn struct{}

func (standIn) URN() string                { return "urn:uuid:00000000-0000-4000-8000-000000000001" }
func (standIn) Name() string               { return "standIn" }
func (standIn) IsAlive() bool              { return true }
func (standIn) Done() <-chan struct{}      { return nil }
func (standIn) Stop(context.Context) error { return nil }

// failWriter fails every write with err.
type failWriter struct{ err error }

func (f failWriter) Write([]byte) (int, error) { return 0, f.err }
