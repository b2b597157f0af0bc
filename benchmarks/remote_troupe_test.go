package benchmarks

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/future"
	"github.com/troupe-go/troupe/registry"
	"github.com/troupe-go/troupe/remote"
)

// troupe's remote: two nodes (remote.NewNode), a server's and a client's,
// on the two connections of an embedded NATS server; the server exposes an
// actor under the name "bench" (remote.Expose, HandleAsk, HandleTell), the
// client looks it up (remote.Lookup) and asks with a ctx that can end, as
// every remote ask has. Bodies are JSON (the default codec): the int 1.

// benchContract is the contract both sides share.
type benchContract struct{}

var (
	benchEcho  = remote.NewAsk[benchContract, int, int]("Echo")
	benchCount = remote.NewTell[benchContract, int]("Count")
)

// remoteServer is the served actor: it answers asks with their request and
// counts Tells; its messages are closures run on it.
type remoteServer struct {
	counted atomic.Int64 // read by a waiter that gave up
	target  int64
	done    chan struct{}
}

type remoteOp func(*remoteServer)

func (s *remoteServer) Receive(_ *actor.Context, m remoteOp) error { m(s); return nil }

func echoOp(q int, p *future.Promise[int]) remoteOp {
	return func(*remoteServer) { p.Resolve(q) }
}

func countOp(int) remoteOp {
	return func(s *remoteServer) {
		if s.counted.Add(1) == s.target {
			close(s.done)
		}
	}
}

func troupeRemoteLib(inProcess bool) remoteLib {
	return remoteLib{name: "troupe", open: func(b *testing.B) remoteSystem {
		t := &troupeRemote{natsConns: startNATS(b, inProcess), reg: registry.New()}
		t.ctx, t.cancel = context.WithCancel(context.Background())
		if err := t.start(); err != nil {
			b.Fatal(errors.Join(err, t.close()))
		}
		return t
	}}
}

type troupeRemote struct {
	*natsConns
	reg            *registry.Registry
	server, client *remote.Node
	ref            *actor.Ref[*remoteServer, remoteOp]
	state          *remoteServer
	echo, window   *remote.Ref[benchContract] // window: Tells paced by remote.TellWindow(1024)
	ctx            context.Context
	cancel         context.CancelFunc
}

func (t *troupeRemote) start() error {
	var err error
	if t.server, err = remote.NewNode(t.snc); err != nil {
		return err
	}
	if t.client, err = remote.NewNode(t.cnc); err != nil {
		return err
	}
	t.state = &remoteServer{}
	t.ref = actor.Start(t.state, actor.WithRegistry(t.reg))
	exp := remote.Expose[benchContract](t.server, "bench")
	remote.HandleAsk(exp, t.ref, benchEcho, echoOp)
	remote.HandleTell(exp, t.ref, benchCount, countOp)
	if err := exp.Start(t.ctx); err != nil {
		return err
	}
	t.echo = remote.Lookup[benchContract](t.client, "bench")
	t.window = remote.Lookup[benchContract](t.client, "bench", remote.TellWindow(1024))
	return nil
}

func (t *troupeRemote) ask(n int) error {
	for range n {
		if _, err := remote.Ask(t.ctx, t.echo, benchEcho, 1); err != nil {
			return err
		}
	}
	return nil
}

func (t *troupeRemote) askInFlight(n, depth int) error {
	fs := make([]*future.Future[int], 0, depth)
	return inBatches(n, depth,
		func() error { fs = append(fs, remote.AskAsync(t.ctx, t.echo, benchEcho, 1)); return nil },
		func(int) error {
			_, err := future.GetAll(t.ctx, fs...)
			fs = fs[:0]
			return err
		})
}

// flood sets the actor's target with a local Tell, which its mailbox takes
// before any of the remote ones.
func (t *troupeRemote) flood(n int) error {
	done := newDone(n)
	if err := t.ref.Tell(func(s *remoteServer) { s.counted.Store(0); s.target, s.done = int64(n), done }); err != nil {
		return err
	}
	for range n {
		if err := remote.TellContext(t.ctx, t.window, benchCount, 1); err != nil {
			return err
		}
	}
	return awaitCount(done, t.state.counted.Load, n)
}

func (t *troupeRemote) close() error {
	t.cancel()
	var errs []error
	for _, n := range []*remote.Node{t.client, t.server} {
		if n != nil {
			errs = append(errs, n.Close(context.Background()))
		}
	}
	errs = append(errs, t.reg.StopAll(context.Background()))
	t.natsConns.close()
	return errors.Join(errs...)
}
