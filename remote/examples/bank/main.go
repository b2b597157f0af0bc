// Command bank serves an account actor in one process and asks it from
// another, over NATS:
//
//	go run ./remote/examples/bank -serve          # embedded NATS server + the account
//	go run ./remote/examples/bank -deposit 4200   # another process asks it
//	go run ./remote/examples/bank -withdraw 99999
//
// The server listens on 127.0.0.1 only. -url points both at another NATS
// server instead (then -serve does not embed one).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/future"
	"github.com/troupe-go/troupe/registry"
	"github.com/troupe-go/troupe/remote"
	"github.com/troupe-go/troupe/remote/examples/bank/contract"
)

// account is the actor: only its goroutine touches balance.
type account struct{ balance int }

// op is the account's message: a closure run on the actor.
type op func(*account) error

func (a *account) Receive(_ *actor.Context, m op) error { return m(a) }

func deposit(q contract.Amount, p *future.Promise[contract.Balance]) op {
	return func(a *account) error {
		a.balance += q.Cents
		p.Resolve(contract.Balance{Cents: a.balance})
		return nil
	}
}

func withdraw(q contract.Amount, p *future.Promise[contract.Balance]) op {
	return func(a *account) error {
		if q.Cents > a.balance {
			return fmt.Errorf("%w: balance %d, asked %d", contract.ErrInsufficient, a.balance, q.Cents)
		}
		a.balance -= q.Cents
		p.Resolve(contract.Balance{Cents: a.balance})
		return nil
	}
}

const name = "acct-42"

func main() {
	var (
		serve = flag.Bool("serve", false, "serve the account (with an embedded NATS server unless -url is set)")
		url   = flag.String("url", "", "a NATS server to use instead of nats://127.0.0.1:<port>")
		port  = flag.Int("port", 4242, "the embedded server's port, on 127.0.0.1")
		dep   = flag.Int("deposit", 0, "deposit this many cents")
		wd    = flag.Int("withdraw", 0, "withdraw this many cents")
	)
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var err error
	if *serve {
		err = runServer(ctx, *url, *port, os.Stdout)
	} else {
		if *url == "" {
			*url = fmt.Sprintf("nats://127.0.0.1:%d", *port)
		}
		err = runClient(ctx, *url, *dep, *wd, os.Stdout)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "bank:", err)
		os.Exit(1)
	}
}

// runServer serves the account until ctx ends.
func runServer(ctx context.Context, url string, port int, out io.Writer) error {
	if url == "" {
		s, err := server.NewServer(&server.Options{Host: "127.0.0.1", Port: port, NoLog: true, NoSigs: true})
		if err != nil {
			return err
		}
		go s.Start()
		defer func() { s.Shutdown(); s.WaitForShutdown() }()
		if !s.ReadyForConnections(10 * time.Second) {
			return errors.New("embedded NATS server did not start")
		}
		url = s.ClientURL()
	}
	nc, err := nats.Connect(url, nats.Name("bank server"))
	if err != nil {
		return err
	}
	defer nc.Close()
	node, err := remote.NewNode(nc)
	if err != nil {
		return err
	}
	defer func() { _ = node.Close(context.Background()) }()

	reg := registry.New()
	defer func() { _ = reg.StopAll(context.Background()) }()
	acct := actor.Start(&account{}, actor.WithRegistry(reg), actor.WithName(name))
	exp := remote.Expose[contract.Account](node, name, remote.Owner(acct))
	remote.HandleAsk(exp, acct, contract.Deposit, deposit)
	remote.HandleAsk(exp, acct, contract.Withdraw, withdraw)
	remote.HandleCall(exp, acct, contract.GetBalance, func(a *account, _ struct{}) (contract.Balance, error) {
		return contract.Balance{Cents: a.balance}, nil
	})
	remote.HandleTell(exp, acct, contract.Audit, func(note string) op {
		return func(*account) error { fmt.Fprintln(out, "audit:", note); return nil }
	})
	if err := exp.Start(ctx); err != nil {
		return err
	}
	fmt.Fprintf(out, "serving %s on %s (Ctrl-C stops)\n", name, url)
	<-ctx.Done()
	return nil
}

// runClient deposits or withdraws, then prints the balance.
func runClient(ctx context.Context, url string, dep, wd int, out io.Writer) error {
	nc, err := nats.Connect(url, nats.Name("bank client"))
	if err != nil {
		return fmt.Errorf("%w (is `go run ./remote/examples/bank -serve` running?)", err)
	}
	defer nc.Close()
	node, err := remote.NewNode(nc)
	if err != nil {
		return err
	}
	defer func() { _ = node.Close(context.Background()) }()
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()

	acct := remote.Lookup[contract.Account](node, name)
	if err := remote.TellAck(ctx, acct, contract.Audit, fmt.Sprintf("deposit %d, withdraw %d", dep, wd)); err != nil {
		return err
	}
	var b contract.Balance
	switch {
	case dep > 0:
		b, err = remote.Ask(ctx, acct, contract.Deposit, contract.Amount{Cents: dep})
	case wd > 0:
		b, err = remote.Ask(ctx, acct, contract.Withdraw, contract.Amount{Cents: wd})
	default:
		b, err = remote.Ask(ctx, acct, contract.GetBalance, struct{}{})
	}
	switch {
	case errors.Is(err, contract.ErrInsufficient):
		fmt.Fprintln(out, "refused:", err)
		return nil
	case errors.Is(err, remote.ErrNoResponders):
		return fmt.Errorf("nobody serves %s: start `go run ./remote/examples/bank -serve` first", name)
	case err != nil:
		return err
	}
	fmt.Fprintf(out, "balance: %d cents\n", b.Cents)
	return nil
}
