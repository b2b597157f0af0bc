package benchmarks

import (
	"log/slog"
	"sync/atomic"
	"testing"

	proto "github.com/asynkron/protoactor-go/actor"
	protoremote "github.com/asynkron/protoactor-go/remote"
	"google.golang.org/protobuf/types/known/wrapperspb"
)

// protoactor-go's remote: two ActorSystems in this process (their loggers
// discarded), each with its remote started on 127.0.0.1 at a random port,
// talking gRPC over loopback TCP; the server system spawns a named actor,
// the client addresses it with a PID of the server's address and name.
// Messages must be protobuf: asks are a wrapperspb.Int64Value the actor
// responds with (Root.RequestFuture(...).Result()), Tells a
// wrapperspb.Int32Value it counts (Root.Send), both with the default
// serializer and configuration.

var protoRemoteLib = remoteLib{name: "protoactor", open: openProtoRemote}

type protoRemote struct {
	server, client *proto.ActorSystem
	sr, cr         *protoremote.Remote
	local, pid     *proto.PID // local: the actor in its own system; pid: as the client addresses it
	state          *protoRemoteActor
	askMsg         *wrapperspb.Int64Value
	tellMsg        *wrapperspb.Int32Value
}

type protoRemoteActor struct {
	counted atomic.Int64 // read by a waiter that gave up
	target  int64
	done    chan struct{}
}

// protoFlood sets the actor's target for a flood.
type protoFlood struct {
	target int64
	done   chan struct{}
}

func (a *protoRemoteActor) Receive(ctx proto.Context) {
	switch m := ctx.Message().(type) {
	case *wrapperspb.Int64Value:
		ctx.Respond(m)
	case *wrapperspb.Int32Value:
		if a.counted.Add(1) == a.target {
			close(a.done)
		}
	case protoFlood:
		a.counted.Store(0)
		a.target, a.done = m.target, m.done
	}
}

func newProtoRemoteSystem() (*proto.ActorSystem, *protoremote.Remote) {
	sys := proto.NewActorSystem(proto.WithLoggerFactory(func(*proto.ActorSystem) *slog.Logger {
		return slog.New(slog.DiscardHandler)
	}))
	r := protoremote.NewRemote(sys, protoremote.Configure("127.0.0.1", 0))
	r.Start()
	return sys, r
}

func openProtoRemote(b *testing.B) remoteSystem {
	if raceEnabled {
		// Not troupe's to fix: each Remote.Start sets grpc's global logger
		// (grpclog.SetLoggerV2) while the other system's gRPC server logs.
		b.Skip("protoactor-go's remote races with itself when two systems start in one process (grpclog.SetLoggerV2 in Remote.Start)")
	}
	p := &protoRemote{state: &protoRemoteActor{}, askMsg: wrapperspb.Int64(1), tellMsg: wrapperspb.Int32(1)}
	p.server, p.sr = newProtoRemoteSystem()
	p.client, p.cr = newProtoRemoteSystem()
	local, err := p.server.Root.SpawnNamed(proto.PropsFromProducer(func() proto.Actor { return p.state }), "bench")
	if err != nil {
		b.Fatal(err, p.close())
	}
	p.local, p.pid = local, proto.NewPID(p.server.Address(), "bench")
	return p
}

func (p *protoRemote) ask(n int) error {
	for range n {
		if _, err := p.client.Root.RequestFuture(p.pid, p.askMsg, remoteTimeout).Result(); err != nil {
			return err
		}
	}
	return nil
}

func (p *protoRemote) askInFlight(n, depth int) error {
	fs := make([]*proto.Future, 0, depth)
	return inBatches(n, depth,
		func() error { fs = append(fs, p.client.Root.RequestFuture(p.pid, p.askMsg, remoteTimeout)); return nil },
		func(int) error {
			defer func() { fs = fs[:0] }()
			for _, f := range fs {
				if _, err := f.Result(); err != nil {
					return err
				}
			}
			return nil
		})
}

// flood sets the actor's target with a local Send, which its mailbox takes
// before any of the remote ones.
func (p *protoRemote) flood(n int) error {
	done := newDone(n)
	p.server.Root.Send(p.local, protoFlood{target: int64(n), done: done})
	for range n {
		p.client.Root.Send(p.pid, p.tellMsg)
	}
	return awaitCount(done, p.state.counted.Load, n)
}

// close shuts the remotes down gracefully (their endpoints and gRPC
// servers) and then the systems.
func (p *protoRemote) close() error {
	p.cr.Shutdown(true)
	p.sr.Shutdown(true)
	p.client.Shutdown()
	p.server.Shutdown()
	return nil
}
