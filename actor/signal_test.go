//go:build unix

package actor_test

import (
	"bytes"
	"context"
	"os"
	"os/signal"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/registry"
)

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

// signalSelf sends sig to this process.
func signalSelf(t *testing.T, sig syscall.Signal) {
	t.Helper()
	require.NoError(t, syscall.Kill(os.Getpid(), sig))
}

func TestDumpOnSignal(t *testing.T) {
	t.Run("each signal writes the dump", func(t *testing.T) {
		reg := registry.New()
		a := startPeers(reg, "Watched")[0]
		defer a.Stop(context.Background())
		out := newNotifyingBuffer()
		stop := actor.DumpOnSignal(context.Background(), out, reg, false, syscall.SIGUSR1)
		defer stop()

		signalSelf(t, syscall.SIGUSR1)
		out.waitFor(t, line(a, "idle; mailbox 0, handled 0"))
		requireFutureValue(t, "Watched", actor.CallContext(a, answer))
		signalSelf(t, syscall.SIGUSR1)
		out.waitFor(t, line(a, "idle; mailbox 0, handled 1"))
		stop()
		require.NotContains(t, out.String(), "goroutine profile:", "no stacks unless asked for")
	})

	t.Run("with stacks, the goroutines follow, those running actor code labelled with the actor", func(t *testing.T) {
		reg := registry.New()
		a := startPeers(reg, "Labelled")[0]
		defer a.Stop(context.Background())
		gate := make(chan struct{})
		held := actor.CallContext(a, blockOn(gate))
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
		before := runtime.NumGoroutine()
		ctx, cancel := context.WithCancel(context.Background())
		out := newNotifyingBuffer()
		stop := actor.DumpOnSignal(ctx, out, registry.New(), false, syscall.SIGUSR1)
		signalSelf(t, syscall.SIGUSR1)
		out.waitFor(t, "actors: 0 at ")
		cancel()
		stop() // joins the listener that ctx ended
		for i := 0; runtime.NumGoroutine() > before && i < 1000; i++ {
			runtime.Gosched()
		}
		require.LessOrEqual(t, runtime.NumGoroutine(), before)
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
