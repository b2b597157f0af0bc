package remotetest_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/stretchr/testify/require"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/future"
	"github.com/troupe-go/troupe/internal/leakcheck"
	"github.com/troupe-go/troupe/registry"
	"github.com/troupe-go/troupe/remote"
	"github.com/troupe-go/troupe/remote/remotetest"
)

// This file holds what the end-to-end tests share: a bank contract, the
// account actor that serves it, and an env that starts a server, nodes on
// it, and checks that no goroutine outlives the test.

// Bank is the contract: its kinds are shared by both sides.
type Bank struct{}

type (
	Amount  struct{ N int }
	Balance struct{ N int }
	Note    struct{ Text string }
)

var (
	Deposit    = remote.NewAsk[Bank, Amount, Balance]("Deposit")
	Withdraw   = remote.NewAsk[Bank, Amount, Balance]("Withdraw")
	GetBalance = remote.NewAsk[Bank, struct{}, Balance]("Balance")
	Audit      = remote.NewTell[Bank, Note]("Audit")
	// Hold replies when the test resolves the promise it receives.
	Hold = remote.NewAsk[Bank, string, string]("Hold")
	// Fail answers with the error its request names.
	Fail = remote.NewAsk[Bank, string, struct{}]("Fail")
)

var errInsufficient = errors.New("bank: insufficient funds")

func init() { remote.RegisterError("bank.insufficient", errInsufficient) }

// codedError names its own wire code.
type codedError struct{}

func (codedError) Error() string      { return "coded failure" }
func (codedError) RemoteCode() string { return "bank.coded" }

// account is the served actor; its messages are closures run on it.
type account struct {
	balance int
	notes   int
}

type op func(*account) error

func (a *account) Receive(_ *actor.Context, m op) error { return m(a) }

func deposit(q Amount, p *future.Promise[Balance]) op {
	return func(a *account) error {
		a.balance += q.N
		p.Resolve(Balance{a.balance})
		return nil
	}
}

func withdraw(q Amount, p *future.Promise[Balance]) op {
	return func(a *account) error {
		if q.N > a.balance {
			return fmt.Errorf("%w: have %d, want %d", errInsufficient, a.balance, q.N)
		}
		a.balance -= q.N
		p.Resolve(Balance{a.balance})
		return nil
	}
}

func audit(Note) op { return func(a *account) error { a.notes++; return nil } }

// served is an account actor exposed under a name.
type served struct {
	ref  *actor.Ref[*account, op]
	exp  *remote.Exposure[Bank]
	held chan *future.Promise[string] // the promises of Hold requests, as they arrive
}

// serve exposes a new account actor on n under name.
func serve(t *testing.T, n *remote.Node, name string, opts ...remote.ExposeOption) *served {
	t.Helper()
	return serveActor(t, n, name, false, opts...)
}

// serveOwned is serve with the actor as the exposure's owner: the exposure
// stops, and monitors hear of it, when the actor stops.
func serveOwned(t *testing.T, n *remote.Node, name string, opts ...remote.ExposeOption) *served {
	t.Helper()
	return serveActor(t, n, name, true, opts...)
}

func serveActor(t *testing.T, n *remote.Node, name string, owned bool, opts ...remote.ExposeOption) *served {
	t.Helper()
	reg := registry.New()
	ref := actor.Start(&account{}, actor.WithRegistry(reg))
	t.Cleanup(func() { _ = reg.StopAll(context.Background()) })
	if owned {
		opts = append(opts, remote.Owner(ref))
	}
	s := &served{ref: ref, exp: remote.Expose[Bank](n, name, opts...), held: make(chan *future.Promise[string], 2048)}
	remote.HandleAsk(s.exp, ref, Deposit, deposit)
	remote.HandleAsk(s.exp, ref, Withdraw, withdraw)
	remote.HandleCall(s.exp, ref, GetBalance, func(a *account, _ struct{}) (Balance, error) { return Balance{a.balance}, nil })
	remote.HandleTell(s.exp, ref, Audit, audit)
	remote.HandleFunc(s.exp, Hold, func(_ context.Context, q string) *future.Future[string] {
		p := future.NewPromise[string]()
		s.held <- p
		return p.Future()
	})
	remote.HandleFunc(s.exp, Fail, func(_ context.Context, q string) *future.Future[struct{}] {
		return future.Failed[struct{}](failure(q))
	})
	require.NoError(t, s.exp.Start(context.Background()))
	t.Cleanup(func() { _ = s.exp.Stop(context.Background()) })
	return s
}

// failure is the error Fail answers for each name.
func failure(name string) error {
	switch name {
	case "stopped":
		return fmt.Errorf("wrapped: %w", actor.ErrStopped)
	case "full":
		return actor.ErrMailboxFull
	case "deadlock":
		return &actor.DeadlockError{}
	case "deadline":
		return context.DeadlineExceeded
	case "insufficient":
		return fmt.Errorf("%w: have 0", errInsufficient)
	case "coded":
		return codedError{}
	case "panic":
		panic("kaboom")
	}
	return errors.New("plain failure: " + name)
}

// Timings for the tests: short, so that leases end quickly, and far apart
// from the ctx deadlines (testDeadline), so that an error proves which
// guard fired.
const (
	testHeartbeat = 50 * time.Millisecond
	testLease     = time.Second
	testDeadline  = 30 * time.Second
)

// env is one test's server and nodes.
type env struct {
	t   *testing.T
	srv *remotetest.Server
}

// newEnv starts a server for t and checks, after everything of t is
// closed, that no goroutine outlives it.
func newEnv(t *testing.T, edit ...func(*server.Options)) *env {
	t.Helper()
	before := leakcheck.Count()
	t.Cleanup(func() {
		if n, dump := leakcheck.Settle(before, 10*time.Second); dump != "" {
			t.Errorf("%d goroutines outlived the test, %d before:\n%s", n, before, dump)
		}
	})
	return &env{t: t, srv: remotetest.Start(t, edit...)}
}

// conn connects to the env's server, reconnecting fast and for ever.
func (e *env) conn(opts ...nats.Option) *nats.Conn {
	opts = append([]nats.Option{nats.ReconnectWait(10 * time.Millisecond), nats.MaxReconnects(-1)}, opts...)
	return e.srv.Connect(e.t, opts...)
}

// node starts a node on a connection of its own, with the test timings.
func (e *env) node(opts ...remote.Option) *remote.Node {
	return e.nodeOn(e.conn(), opts...)
}

func (e *env) nodeOn(nc *nats.Conn, opts ...remote.Option) *remote.Node {
	e.t.Helper()
	opts = append([]remote.Option{remote.WithHeartbeat(testHeartbeat), remote.WithLease(testLease)}, opts...)
	n, err := remote.NewNode(nc, opts...)
	require.NoError(e.t, err)
	e.t.Cleanup(func() { _ = n.Close(context.Background()) })
	return n
}

// servePair starts a serving node and an asking node, serves an account
// actor under name on the first, and returns it and a ref on it from the
// second.
func (e *env) servePair(name string) (*served, *remote.Ref[Bank]) {
	e.t.Helper()
	server, client := e.node(), e.node()
	return serve(e.t, server, name), remote.Lookup[Bank](client, name)
}

func ctxFor(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), testDeadline)
	t.Cleanup(cancel)
	return ctx
}

// shortCtx is for a scatter-gather, which ends with its ctx.
func shortCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	t.Cleanup(cancel)
	return ctx
}

// sniffBeats reports every heartbeat any node sends, seen on nc.
func sniffBeats(t *testing.T, nc *nats.Conn) <-chan struct{} {
	t.Helper()
	beats := make(chan struct{}, 4096)
	_, err := nc.Subscribe("_INBOX.>", func(m *nats.Msg) {
		if m.Header.Get("Troupe-Status") == "102" {
			select {
			case beats <- struct{}{}:
			default: // the test has seen enough
			}
		}
	})
	require.NoError(t, err)
	require.NoError(t, nc.Flush())
	return beats
}
