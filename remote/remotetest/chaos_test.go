package remotetest_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/stretchr/testify/require"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/future"
	"github.com/troupe-go/troupe/remote"
	"github.com/troupe-go/troupe/remote/remotetest"
)

// Every chaos test asks with a ctx deadline far beyond the lease
// (testDeadline), so an ErrLost proves the lease, not the deadline, ended
// the wait: no future hangs.

func TestHeartbeatsKeepASlowAskAlive(t *testing.T) {
	e := newEnv(t)
	server, client := e.node(), e.node()
	s := serve(t, server, "slow")
	ctx := ctxFor(t)

	beats := sniffBeats(t, e.conn())

	f := remote.AskAsync(ctx, remote.Lookup[Bank](client, "slow"), Hold, "x")
	p := <-s.held
	for range 2 * int(testLease/testHeartbeat) { // two leases' worth of beats
		<-beats
	}
	require.True(t, p.Resolve("done"))
	v, err := f.Get(ctx)
	require.NoError(t, err, "an ask that outlives the lease lives on heartbeats")
	require.Equal(t, "done", v)
}

func TestResponderConnectionGoneFailsWithErrLost(t *testing.T) {
	e := newEnv(t)
	nc := e.conn()
	server, client := e.nodeOn(nc), e.node()
	s := serve(t, server, "gone")
	ctx := ctxFor(t)
	acct := remote.Lookup[Bank](client, "gone")

	f := remote.AskAsync(ctx, acct, Hold, "x")
	p := <-s.held
	nc.Close() // no reply, no heartbeat from now on
	_, err := f.Get(ctx)
	require.ErrorIs(t, err, remote.ErrLost)
	require.NotErrorIs(t, err, actor.ErrStopped, "the request may have run")
	p.Resolve("late")

	_, err = remote.Ask(ctx, acct, Deposit, Amount{})
	require.ErrorIs(t, err, remote.ErrNoResponders, "later asks fail at once")
}

// childEnv names the server URL for TestChildResponder, when a test runs it
// as a child process.
const childEnv = "TROUPE_REMOTE_CHILD_NATS"

// TestChildResponder is the serving process that
// TestResponderProcessKilled starts and kills: it serves "child" and
// prints a line for each request it holds.
func TestChildResponder(t *testing.T) {
	url := os.Getenv(childEnv)
	if url == "" {
		t.Skip("the child process of TestResponderProcessKilled")
	}
	nc, err := nats.Connect(url)
	require.NoError(t, err)
	defer nc.Close()
	n, err := remote.NewNode(nc, remote.WithHeartbeat(testHeartbeat), remote.WithLease(testLease))
	require.NoError(t, err)
	defer func() { _ = n.Close(context.Background()) }()
	s := serve(t, n, "child")
	fmt.Println("ready")
	ctx := ctxFor(t)
	for {
		select {
		case <-s.held:
			fmt.Println("held")
		case <-ctx.Done(): // bounded: the parent kills it long before
			return
		}
	}
}

func TestResponderProcessKilled(t *testing.T) {
	e := newEnv(t)
	client := e.node()
	ctx := ctxFor(t)

	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestChildResponder$", "-test.count=1", "-test.v")
	cmd.Env = append(os.Environ(), childEnv+"="+e.srv.ClientURL())
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	lines := bufio.NewScanner(out)
	waitLine := func(want string) {
		t.Helper()
		for lines.Scan() {
			if strings.TrimSpace(lines.Text()) == want {
				return
			}
		}
		t.Fatalf("child ended before printing %q: %v", want, lines.Err())
	}
	waitLine("ready")

	acct := remote.Lookup[Bank](client, "child")
	f := remote.AskAsync(ctx, acct, Hold, "x")
	waitLine("held")
	require.NoError(t, cmd.Process.Kill())
	_ = cmd.Wait()

	_, err = f.Get(ctx)
	require.ErrorIs(t, err, remote.ErrLost, "the responder died mid-ask")
	_, err = remote.Ask(ctx, acct, Deposit, Amount{})
	require.ErrorIs(t, err, remote.ErrNoResponders)
}

func TestServerShutdownWithAThousandAsksInFlight(t *testing.T) {
	e := newEnv(t)
	server, client := e.node(), e.node()
	s := serve(t, server, "busy")
	ctx := ctxFor(t)
	acct := remote.Lookup[Bank](client, "busy")

	const n = 1000
	fs := make([]*future.Future[string], n)
	for i := range fs {
		fs[i] = remote.AskAsync(ctx, acct, Hold, "x")
	}
	ps := make([]*future.Promise[string], n)
	for i := range ps {
		ps[i] = <-s.held
	}
	e.srv.Stop()
	for i, f := range fs {
		_, err := f.Get(ctx)
		require.ErrorIs(t, err, remote.ErrLost, "ask %d", i)
	}
	for _, p := range ps {
		p.Resolve("late")
	}
}

func TestServerRestartWithinTheLeaseKeepsTheAsk(t *testing.T) {
	e := newEnv(t)
	reconnected := make(chan struct{}, 2)
	onReconnect := nats.ReconnectHandler(func(*nats.Conn) { reconnected <- struct{}{} })
	snc, cnc := e.conn(onReconnect), e.conn(onReconnect)
	long := []remote.Option{remote.WithLease(20 * time.Second)} // longer than any restart
	server, client := e.nodeOn(snc, long...), e.nodeOn(cnc, long...)
	s := serve(t, server, "restart")
	ctx := ctxFor(t)

	f := remote.AskAsync(ctx, remote.Lookup[Bank](client, "restart"), Hold, "x")
	p := <-s.held
	e.srv.Stop()
	e.srv = e.srv.Restart(t)
	<-reconnected
	<-reconnected
	require.NoError(t, cnc.Flush()) // the client's inbox is subscribed again
	p.Resolve("survived")
	v, err := f.Get(ctx)
	require.NoError(t, err)
	require.Equal(t, "survived", v)
}

func TestBlackholedResponderFailsWithErrLost(t *testing.T) {
	e := newEnv(t)
	proxy := remotetest.NewProxy(t, e.srv.Addr().String())
	pnc, err := nats.Connect(proxy.URL())
	require.NoError(t, err)
	t.Cleanup(pnc.Close)
	server, client := e.nodeOn(pnc), e.node()
	s := serve(t, server, "dark")
	ctx := ctxFor(t)

	f := remote.AskAsync(ctx, remote.Lookup[Bank](client, "dark"), Hold, "x")
	p := <-s.held
	proxy.Blackhole() // the connection stays open, but nothing passes
	_, err = f.Get(ctx)
	require.ErrorIs(t, err, remote.ErrLost)
	p.Resolve("unheard")
	pnc.Close() // before the exposure's Stop, which cannot drain through the dark proxy
}
