//go:build unix

package actor_test

import (
	"context"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/internal/leakcheck"
	"github.com/troupe-go/troupe/registry"
)

// signalSelf sends sig to this process.
func signalSelf(t *testing.T, sig syscall.Signal) {
	t.Helper()
	require.NoError(t, syscall.Kill(os.Getpid(), sig))
}

// signalUntil sends sig until the buffer holds want. Each round waits for
// the dump that sig writes; the round's bound only covers a signal that the
// runtime merged with one still pending, which writes no dump of its own.
func signalUntil(t *testing.T, out *notifyingBuffer, sig syscall.Signal, want string) {
	t.Helper()
	for range 300 {
		signalSelf(t, sig)
		select {
		case <-out.wrote:
		case <-time.After(100 * time.Millisecond):
		}
		if strings.Contains(out.String(), want) {
			return
		}
	}
	t.Fatalf("no %q written after 300 signals; got:\n%s", want, out.String())
}

func TestDumpOnSignal(t *testing.T) {
	t.Run("each signal writes the dump", func(t *testing.T) {
		reg := testRegistry(t)
		a := startPeers(reg, "Watched")[0]
		out := newNotifyingBuffer()
		stop := actor.DumpOnSignal(context.Background(), out, reg, false, syscall.SIGUSR1)
		defer stop()

		signalSelf(t, syscall.SIGUSR1)
		out.waitFor(t, line(a, "idle; mailbox 0, handled 0"))
		requireFutureValue(t, "Watched", actor.CallContext(a, answer))
		// The Call's future completes inside the handler, so the actor may
		// still be running for a moment: signal again until a dump shows it
		// back at rest.
		signalUntil(t, out, syscall.SIGUSR1, line(a, "idle; mailbox 0, handled 1"))
		stop()
		require.NotContains(t, out.String(), "goroutine profile:", "no stacks unless asked for")
	})

	t.Run("with stacks, the goroutines follow, those running actor code labelled with the actor", func(t *testing.T) {
		reg := testRegistry(t)
		a := startPeers(reg, "Labelled")[0]
		gate, entered := make(chan struct{}), make(chan struct{})
		held := actor.CallContext(a, func(ctx *actor.Context, p *peer) (string, error) {
			close(entered)
			return blockOn(gate)(ctx, p)
		})
		<-entered // the call returns before the actor's goroutine runs: wait until it does
		out := newNotifyingBuffer()
		stop := actor.DumpOnSignal(context.Background(), out, reg, true, syscall.SIGUSR1)

		signalSelf(t, syscall.SIGUSR1)
		out.waitFor(t, "Labelled ("+a.URN()+"): running for", "goroutine profile:",
			`"actor":"Labelled"`, `"urn":"`+a.URN()+`"`)
		stop()
		close(gate)
		requireFutureValue(t, "Labelled", held)
	})

	t.Run("ends with ctx, and stop leaves no goroutine behind", func(t *testing.T) {
		// The first signal.Notify of a process starts the runtime's one
		// signal-watching goroutine for good; start it before counting.
		warm := make(chan os.Signal, 1)
		signal.Notify(warm, syscall.SIGUSR1)
		signal.Stop(warm)
		before := leakcheck.Count()
		ctx, cancel := context.WithCancel(context.Background())
		out := newNotifyingBuffer()
		stop := actor.DumpOnSignal(ctx, out, registry.New(), false, syscall.SIGUSR1)
		signalSelf(t, syscall.SIGUSR1)
		out.waitFor(t, "actors: 0 at ")
		cancel()
		stop() // joins the listener that ctx ended
		// Goroutines of earlier tests may still be returning: yield until the
		// count is back, within a bound only a leak reaches.
		requireGoroutinesBackTo(t, before)
	})

	t.Run("misuse panics with a precise message", func(t *testing.T) {
		require.PanicsWithValue(t, "actor: DumpOnSignal needs at least one signal", func() {
			actor.DumpOnSignal(context.Background(), os.Stderr, nil, false)
		})
		require.PanicsWithValue(t, "actor: DumpOnSignal with a nil writer", func() {
			actor.DumpOnSignal(context.Background(), nil, nil, false, syscall.SIGUSR1)
		})
	})
}
