package actor_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/future"
	"github.com/troupe-go/troupe/internal/leakcheck"
	"github.com/troupe-go/troupe/registry"
)

// This file holds what the actor tests share: the test actors, a start
// helper that keeps each test's actors in a registry of its own, a logger
// that writes to a buffer, and the goroutine leak check for the tests that
// do not run in a synctest bubble.

var (
	errBoom  = errors.New("boom")
	errStart = errors.New("cannot start")
)

// msg is the message of the script actors: n is the payload, and an Ask
// carries its reply promise.
type msg struct {
	n     int
	reply *future.Promise[int]
}

// askN builds an Ask message carrying n.
func askN(n int) func(*future.Promise[int]) msg {
	return func(p *future.Promise[int]) msg { return msg{n: n, reply: p} }
}

// script is an actor without hooks whose Receive the test writes. Without a
// receive func it answers an Ask with its n.
type script struct {
	receive func(ctx *actor.Context, m msg) error
}

func (s *script) Receive(ctx *actor.Context, m msg) error {
	if s.receive != nil {
		return s.receive(ctx, m)
	}
	if m.reply != nil {
		m.reply.Resolve(m.n)
	}
	return nil
}

// hooked is a script with all three optional hooks; a nil hook func does
// nothing.
type hooked struct {
	script
	start   func(ctx *actor.Context) error
	stop    func(ctx *actor.Context)
	failure func(ctx *actor.Context, err error)
}

func (h *hooked) OnStart(ctx *actor.Context) error {
	if h.start != nil {
		return h.start(ctx)
	}
	return nil
}

func (h *hooked) OnStop(ctx *actor.Context) {
	if h.stop != nil {
		h.stop(ctx)
	}
}

func (h *hooked) OnFailure(ctx *actor.Context, err error) {
	if h.failure != nil {
		h.failure(ctx, err)
	}
}

// failure is a way for a handler to fail, and the check that an error is
// that failure.
type failure struct {
	receive func(*actor.Context, msg) error
	check   func(t *testing.T, err error)
}

// failures returns the two ways a handler fails: returning errBoom, and
// panicking with value.
func failures(value string) map[string]failure {
	return map[string]failure{
		"an error": {
			func(*actor.Context, msg) error { return errBoom },
			func(t *testing.T, err error) { require.ErrorIs(t, err, errBoom) },
		},
		"a panic": {
			func(*actor.Context, msg) error { panic(value) },
			func(t *testing.T, err error) { requirePanic(t, err, value) },
		},
	}
}

var discard = slog.New(slog.DiscardHandler)

// start starts state in a registry of its own, logging nowhere; opts come
// after those defaults and override them.
func start[S actor.Receiver[M], M any](state S, opts ...actor.Option) *actor.Ref[S, M] {
	return actor.Start(state, append([]actor.Option{actor.WithRegistry(registry.New()), actor.WithLogger(discard)}, opts...)...)
}

// stop stops r, requires a clean stop, and that Done is closed afterwards.
func stop[S actor.Receiver[M], M any](t testing.TB, r *actor.Ref[S, M]) {
	t.Helper()
	require.NoError(t, r.Stop(context.Background()))
	requireClosed(t, r.Done())
	require.NoError(t, r.Err())
}

// requireClosed requires ch to be closed now.
func requireClosed(t testing.TB, ch <-chan struct{}) {
	t.Helper()
	select {
	case <-ch:
	default:
		require.FailNow(t, "channel not closed")
	}
}

// requireOpen requires ch not to be closed now.
func requireOpen(t testing.TB, ch <-chan struct{}) {
	t.Helper()
	select {
	case <-ch:
		require.FailNow(t, "channel closed too early")
	default:
	}
}

// requirePending requires f not to have completed.
func requirePending[T any](t testing.TB, f *future.Future[T]) {
	t.Helper()
	_, err := f.Peek()
	require.ErrorIs(t, err, future.ErrPending)
}

// requirePanic requires err to be a *PanicError for value, with a stack.
func requirePanic(t testing.TB, err error, value any) {
	t.Helper()
	var pe *actor.PanicError
	require.ErrorAs(t, err, &pe)
	require.Equal(t, value, pe.Value)
	require.NotEmpty(t, pe.Stack)
}

// logBuffer is a bytes.Buffer safe for the concurrent writes of an actor's
// logger and the test's reads.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// bufferLogger returns a logger writing text records at every level to the
// returned buffer.
func bufferLogger() (*slog.Logger, *logBuffer) {
	buf := new(logBuffer)
	return slog.New(slog.NewTextHandler(buf, &slog.HandlerOptions{Level: slog.LevelDebug})), buf
}

// goid returns the calling goroutine's id, read from its stack header
// ("goroutine 42 [running]:").
func goid() string {
	buf := make([]byte, 64)
	buf = buf[:runtime.Stack(buf, false)]
	return strings.Fields(string(buf))[1]
}

// checkGoroutines records the number of goroutines now and requires, when
// the test ends, that it came back to that number.
func checkGoroutines(t testing.TB) {
	before := leakcheck.Count()
	t.Cleanup(func() { requireGoroutinesBackTo(t, before) })
}

// requireGoroutinesBackTo requires the exact number of goroutines (see
// leakcheck.Count) to drop to before. An actor's goroutine may still be
// returning after Done closed, so it yields until the count drops or a
// generous bound passes, then fails with every goroutine's stack.
func requireGoroutinesBackTo(t testing.TB, before int) {
	t.Helper()
	if n, dump := leakcheck.Settle(before, 10*time.Second); n > before {
		t.Fatalf("%d goroutines left behind (%d before, %d now):\n%s", n-before, before, n, dump)
	}
}
