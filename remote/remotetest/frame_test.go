package remotetest_test

import (
	"context"
	"strings"
	"testing"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/stretchr/testify/require"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/registry"
	"github.com/troupe-go/troupe/remote"
)

// The Tells of a ref made with remote.TellWindow travel in frames, several
// to a NATS message. These tests check what frames must not change: every
// accepted Tell is handled, in order, a lone Tell goes out at once, an Ask
// comes after the Tells sent before it, refusals reach the sender, and
// Node.Close sends what is buffered.

// Log is a contract whose Tells a logger records in order.
type Log struct{}

var (
	Append = remote.NewTell[Log, int]("Append")
	Count  = remote.NewAsk[Log, struct{}, int]("Count")
)

// logger records the Tells it gets; it waits for gate (if not nil) before
// each, and signals each on seen (if not nil).
type logger struct {
	got  []int
	gate chan struct{}
	seen chan int
}

type logOp func(*logger)

func (l *logger) Receive(_ *actor.Context, m logOp) error { m(l); return nil }

func appendOp(v int) logOp {
	return func(l *logger) {
		if l.gate != nil {
			<-l.gate
		}
		l.got = append(l.got, v)
		if l.seen != nil {
			l.seen <- v
		}
	}
}

// serveLog exposes l (a new logger if nil) on n under name, with the actor
// options given.
func serveLog(t *testing.T, n *remote.Node, name string, l *logger, opts ...actor.Option) *actor.Ref[*logger, logOp] {
	t.Helper()
	if l == nil {
		l = &logger{}
	}
	reg := registry.New()
	ref := actor.Start(l, append([]actor.Option{actor.WithRegistry(reg)}, opts...)...)
	t.Cleanup(func() { _ = reg.StopAll(context.Background()) })
	exp := remote.Expose[Log](n, name)
	remote.HandleTell(exp, ref, Append, appendOp)
	remote.HandleCall(exp, ref, Count, func(l *logger, _ struct{}) (int, error) { return len(l.got), nil })
	require.NoError(t, exp.Start(context.Background()))
	t.Cleanup(func() { _ = exp.Stop(context.Background()) })
	return ref
}

func logOf(t *testing.T, ref *actor.Ref[*logger, logOp]) []int {
	t.Helper()
	got, err := actor.Call(ref, func(l *logger) ([]int, error) { return append([]int(nil), l.got...), nil }).Get(ctxFor(t))
	require.NoError(t, err)
	return got
}

func TestAFloodInFramesArrivesWholeAndInOrder(t *testing.T) {
	e := newEnv(t)
	server, client := e.node(), e.node()
	ref := serveLog(t, server, "log", nil)
	ctx := ctxFor(t)
	log := remote.Lookup[Log](client, "log", remote.TellWindow(256)) // an acknowledged frame every 64 Tells

	const n = 30_000
	for i := range n {
		require.NoError(t, remote.TellContext(ctx, log, Append, i), "tell %d", i)
	}
	require.NoError(t, remote.TellAck(ctx, log, Append, n))
	got := logOf(t, ref)
	require.Len(t, got, n+1, "every accepted Tell handled")
	for i, v := range got {
		require.Equal(t, i, v, "in the order told")
	}
}

func TestALoneTellOnAWindowGoesOutAtOnce(t *testing.T) {
	e := newEnv(t)
	server, client := e.node(), e.node()
	seen := make(chan int, 1)
	serveLog(t, server, "lone", &logger{seen: seen})
	log := remote.Lookup[Log](client, "lone", remote.TellWindow(1024)) // far from an acknowledgement

	require.NoError(t, remote.Tell(log, Append, 7))
	select {
	case v := <-seen: // no other Tell, no Ask, no timer pushed it out
		require.Equal(t, 7, v)
	case <-ctxFor(t).Done():
		t.Fatal("a lone Tell stayed in its frame")
	}
}

func TestAnAskComesAfterTheTellsBeforeIt(t *testing.T) {
	e := newEnv(t)
	server, client := e.node(), e.node()
	serveLog(t, server, "ordered", nil)
	ctx := ctxFor(t)
	log := remote.Lookup[Log](client, "ordered", remote.TellWindow(1<<20)) // no acknowledgement in this test

	for round := 1; round <= 50; round++ {
		for i := range 10 {
			require.NoError(t, remote.Tell(log, Append, i))
		}
		n, err := remote.Ask(ctx, log, Count, struct{}{})
		require.NoError(t, err)
		require.Equal(t, 10*round, n, "the ask sees every Tell sent before it handled")
	}
}

func TestARefusedTellInAnAcknowledgedFrameFailsTheNextTell(t *testing.T) {
	t.Run("a stopped actor", func(t *testing.T) {
		e := newEnv(t)
		server, client := e.node(), e.node()
		ref := serveLog(t, server, "stopped", nil)
		require.NoError(t, ref.Stop(ctxFor(t)))
		log := remote.Lookup[Log](client, "stopped", remote.TellWindow(64))
		require.ErrorIs(t, tellUntilError(t, log), actor.ErrStopped)
	})
	t.Run("a full OverflowFail mailbox", func(t *testing.T) {
		e := newEnv(t)
		server, client := e.node(), e.node()
		gate := make(chan struct{}) // the logger waits in its first Tell: its mailbox of one fills
		serveLog(t, server, "full", &logger{gate: gate}, actor.WithMailbox(1, actor.OverflowFail))
		log := remote.Lookup[Log](client, "full", remote.TellWindow(64))
		require.ErrorIs(t, tellUntilError(t, log), actor.ErrMailboxFull)
		close(gate)
	})
}

// tellUntilError tells through log until a Tell fails, and returns that
// error: a refusal comes back with an acknowledgement, at the latest when
// the window is full.
func tellUntilError(t *testing.T, log *remote.Ref[Log]) error {
	t.Helper()
	ctx := ctxFor(t)
	for i := 0; ; i++ {
		if err := remote.TellContext(ctx, log, Append, i); err != nil {
			require.NoError(t, ctx.Err(), "no refusal came back")
			return err
		}
	}
}

func TestABadItemInAFrameIsAnsweredAndTheOthersHandled(t *testing.T) {
	e := newEnv(t)
	server := e.node()
	ref := serveLog(t, server, "mixed", nil)
	raw := e.conn()

	m := nats.NewMsg("troupe.default.mixed.Append")
	m.Header.Set("Troupe-Frame", "3")
	m.Data = []byte("\x011\x02[]\x013")
	reply, err := raw.RequestMsg(m, testDeadline)
	require.NoError(t, err)
	require.Equal(t, "bad_request", reply.Header.Get("Troupe-Error"), "body %q", reply.Data)
	require.Contains(t, string(reply.Data), "frame item 2 of 3")
	require.Equal(t, []int{1, 3}, logOf(t, ref))
	require.EqualValues(t, 1, server.Stats().BadRequests)
}

func TestNodeCloseSendsTheTellsItBuffered(t *testing.T) {
	e := newEnv(t)
	server, other := e.node(), e.node()
	ref := serveLog(t, server, "closing", nil)
	ctx := ctxFor(t)
	nc := e.conn()
	client := e.nodeOn(nc)
	log := remote.Lookup[Log](client, "closing", remote.TellWindow(1<<20))

	const n = 500
	for i := range n {
		require.NoError(t, remote.Tell(log, Append, i))
	}
	require.NoError(t, client.Close(ctx))
	require.ErrorIs(t, remote.Tell(log, Append, n), remote.ErrDisconnected, "a closed node takes no Tell")
	require.NoError(t, nc.FlushWithContext(ctx)) // the server has routed what the closed node sent
	require.NoError(t, remote.TellAck(ctx, remote.Lookup[Log](other, "closing"), Append, -1))
	got := logOf(t, ref)
	require.Len(t, got, n+1, "every Tell that returned nil was sent")
	for i := range n {
		require.Equal(t, i, got[i])
	}
}

func TestFramesStayUnderASmallMaxPayload(t *testing.T) {
	e := newEnv(t, func(o *server.Options) { o.MaxPayload = 8 << 10 })
	server, client := e.node(), e.node()
	s := serve(t, server, "small")
	ctx := ctxFor(t)
	acct := remote.Lookup[Bank](client, "small", remote.TellWindow(1<<20))

	const n = 200
	note := Note{strings.Repeat("x", 1000)} // eight make more than max_payload
	for i := range n {
		require.NoError(t, remote.Tell(acct, Audit, note), "tell %d", i)
	}
	require.NoError(t, remote.TellAck(ctx, acct, Audit, note))
	require.Equal(t, n+1, notesOf(t, s), "no frame over max_payload was refused")
}

func TestOneTellWindowOptionMakesAWindowPerRef(t *testing.T) {
	e := newEnv(t)
	server, client := e.node(), e.node()
	ref := serveLog(t, server, "served", nil)
	ctx := ctxFor(t)
	window := remote.TellWindow(4) // every Tell acknowledged
	nobody := remote.Lookup[Log](client, "nobody", window)
	served := remote.Lookup[Log](client, "served", window)

	require.ErrorIs(t, tellUntilError(t, nobody), remote.ErrNoResponders)
	for i := range 100 { // the other ref's failures are not this one's
		require.NoError(t, remote.TellContext(ctx, served, Append, i))
	}
	require.NoError(t, remote.TellAck(ctx, served, Append, 100))
	require.Len(t, logOf(t, ref), 101)
}
