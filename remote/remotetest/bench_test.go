package remotetest_test

import (
	"context"
	"testing"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/future"
	"github.com/troupe-go/troupe/registry"
	"github.com/troupe-go/troupe/remote"
	"github.com/troupe-go/troupe/remote/remotetest"
)

// The benchmarks put the baseline first: a local actor.Ask, then a raw
// nats.Request echo on the same server, then remote.Ask, over loopback TCP
// and over an in-process connection. Compare them as ratios within one run
// (ns/op of remote.Ask over that of nats.Request).

// benchNodes starts a server and two nodes on it, connected by dial
// (TCP, or in-process), with an account served as "bench".
func benchNodes(b *testing.B, inProcess bool) (*remotetest.Server, *nats.Conn, *remote.Ref[Bank]) {
	b.Helper()
	s := remotetest.Start(b)
	var opts []nats.Option
	if inProcess {
		opts = append(opts, nats.InProcessServer(s.Server))
	}
	snc, cnc := s.Connect(b, opts...), s.Connect(b, opts...)
	server, err := remote.NewNode(snc)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = server.Close(context.Background()) })
	client, err := remote.NewNode(cnc)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = client.Close(context.Background()) })
	reg := registry.New()
	ref := actor.Start(&account{}, actor.WithRegistry(reg))
	b.Cleanup(func() { _ = reg.StopAll(context.Background()) })
	exp := remote.Expose[Bank](server, "bench")
	remote.HandleAsk(exp, ref, Deposit, deposit)
	remote.HandleTell(exp, ref, Audit, audit)
	if err := exp.Start(context.Background()); err != nil {
		b.Fatal(err)
	}
	// A raw echo on the same server, for nats.Request.
	if _, err := snc.Subscribe("echo", func(m *nats.Msg) { _ = m.Respond(m.Data) }); err != nil {
		b.Fatal(err)
	}
	if err := snc.Flush(); err != nil {
		b.Fatal(err)
	}
	return s, cnc, remote.Lookup[Bank](client, "bench", remote.TellWindow(1024))
}

func BenchmarkAsk(b *testing.B) {
	ctx, cancel := context.WithCancel(context.Background()) // a ctx that can end, as remote asks have
	defer cancel()
	b.Run("local/actor.Ask", func(b *testing.B) {
		reg := registry.New()
		ref := actor.Start(&account{}, actor.WithRegistry(reg))
		defer func() { _ = reg.StopAll(context.Background()) }()
		b.ReportAllocs()
		for b.Loop() {
			if _, err := actor.Ask(ctx, ref, func(p *future.Promise[Balance]) op { return deposit(Amount{N: 1}, p) }); err != nil {
				b.Fatal(err)
			}
		}
	})
	for _, c := range []struct {
		name      string
		inProcess bool
	}{{"tcp", false}, {"inprocess", true}} {
		b.Run(c.name+"/nats.Request", func(b *testing.B) {
			_, nc, _ := benchNodes(b, c.inProcess)
			body := []byte(`{"N":1}`)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := nc.RequestWithContext(ctx, "echo", body); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(c.name+"/remote.Ask", func(b *testing.B) {
			_, _, acct := benchNodes(b, c.inProcess)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := remote.Ask(ctx, acct, Deposit, Amount{N: 1}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkAskAsync256 keeps 256 asks in flight: ns/op is the cost of one
// ask at that depth (its inverse, the throughput).
func BenchmarkAskAsync256(b *testing.B) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	_, _, acct := benchNodes(b, false)
	const depth = 256
	fs := make([]*future.Future[Balance], 0, depth)
	b.ReportAllocs()
	for b.Loop() {
		fs = append(fs, remote.AskAsync(ctx, acct, Deposit, Amount{N: 1}))
		if len(fs) == depth {
			if _, err := future.GetAll(ctx, fs...); err != nil {
				b.Fatal(err)
			}
			fs = fs[:0]
		}
	}
	if _, err := future.GetAll(ctx, fs...); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkTellWindow floods Tells through a window of 1024, then waits
// for the last to be acknowledged: ns/op is sent-to-accepted per message.
func BenchmarkTellWindow(b *testing.B) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	_, _, acct := benchNodes(b, false)
	b.ReportAllocs()
	for b.Loop() {
		if err := remote.TellContext(ctx, acct, Audit, Note{"n"}); err != nil {
			b.Fatal(err)
		}
	}
	if err := remote.TellAck(ctx, acct, Audit, Note{"last"}); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkRemoteOverRaw alternates a raw nats.Request and a remote.Ask on
// the same server in every iteration and reports their ratio, which the
// load of a shared machine moves far less than either time.
func BenchmarkRemoteOverRaw(b *testing.B) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	for _, c := range []struct {
		name      string
		inProcess bool
	}{{"tcp", false}, {"inprocess", true}} {
		b.Run(c.name, func(b *testing.B) {
			_, nc, acct := benchNodes(b, c.inProcess)
			body := []byte(`{"N":1}`)
			var raw, rem time.Duration
			for b.Loop() {
				t0 := time.Now()
				if _, err := nc.RequestWithContext(ctx, "echo", body); err != nil {
					b.Fatal(err)
				}
				t1 := time.Now()
				if _, err := remote.Ask(ctx, acct, Deposit, Amount{N: 1}); err != nil {
					b.Fatal(err)
				}
				raw, rem = raw+t1.Sub(t0), rem+time.Since(t1)
			}
			b.ReportMetric(float64(rem)/float64(raw), "remote/raw")
			b.ReportMetric(float64(raw.Nanoseconds())/float64(b.N), "raw-ns/ask")
			b.ReportMetric(float64(rem.Nanoseconds())/float64(b.N), "remote-ns/ask")
		})
	}
}
