package benchmarks

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/future"
	"github.com/troupe-go/troupe/registry"
)

// The remote workloads (issue #16) compare, in one run, troupe's remote
// module over NATS with a raw nats.Request on the same embedded server (the
// baseline: what any NATS request costs) and with protoactor-go's gRPC
// remote; every process boundary is loopback TCP on 127.0.0.1, or NATS's
// in-process connection where the name says so. Each run starts its own
// server and nodes (outside the timed region) and shuts them all down
// before it returns. The receiving side counts what it handled, as the local
// workloads do.

// A remoteLib is one way of crossing a process boundary.
type remoteLib struct {
	name string
	// open starts a server side (an echo that answers every request with
	// its body, and a counter of Tells) and a client side connected to it.
	open func(b *testing.B) remoteSystem
}

// A remoteSystem is a client and a server, connected.
type remoteSystem interface {
	// ask makes n sequential round trips.
	ask(n int) error
	// askInFlight makes n round trips, depth at a time: it sends depth
	// requests, waits for their replies, and sends the next depth.
	askInFlight(n, depth int) error
	// close stops both sides and waits until they stopped.
	close() error
}

// A flooder is a remoteSystem that can send a flood of Tells.
type flooder interface {
	// flood tells n messages as fast as the library lets it and returns
	// once the server handled all n, or fails naming how many it handled.
	flood(n int) error
}

// remoteTimeout bounds every wait of the remote workloads: a run that
// reaches it fails instead of hanging.
const remoteTimeout = 30 * time.Second

// remoteTCP are the libraries over loopback TCP, the raw NATS request (the
// baseline) first; BenchmarkRemoteAskAlternating's ratios rely on the order
// baseline, troupe, protoactor.
var remoteTCP = []remoteLib{natsLib(false), troupeRemoteLib(false), protoRemoteLib}

// eachRemote runs workload on every lib in libs, each in a sub-benchmark
// named after it.
func eachRemote(b *testing.B, libs []remoteLib, workload func(b *testing.B, sys remoteSystem)) {
	for _, l := range libs {
		b.Run(l.name, func(b *testing.B) {
			b.ReportAllocs()
			sys := l.open(b)
			defer func() {
				if err := sys.close(); err != nil {
					b.Error(err)
				}
			}()
			// One round trip first, untimed: protoactor-go dials its
			// endpoint on the first message.
			if err := sys.ask(1); err != nil {
				b.Fatal(err)
			}
			workload(b, sys)
		})
	}
}

// BenchmarkRemoteAsk: b.N sequential request/reply round trips across
// loopback TCP; "local" is actor.Ask on an actor in the same process, for
// scale.
func BenchmarkRemoteAsk(b *testing.B) {
	b.Run("local", func(b *testing.B) {
		b.ReportAllocs()
		reg := registry.New()
		defer func() { _ = reg.StopAll(context.Background()) }()
		ref := actor.Start(&remoteServer{}, actor.WithRegistry(reg))
		ctx, cancel := context.WithTimeout(context.Background(), remoteTimeout)
		defer cancel()
		b.ResetTimer()
		for range b.N {
			if _, err := actor.Ask(ctx, ref, func(p *future.Promise[int]) remoteOp { return echoOp(1, p) }); err != nil {
				b.Fatal(err)
			}
		}
		b.StopTimer()
		reportRate(b, "asks/s")
	})
	eachRemote(b, remoteTCP, remoteAsk)
}

// BenchmarkRemoteAskAlternating makes, in every iteration, one round trip
// with each library over TCP in turn (ns/op is the three together), and
// reports troupe's time over each of the others'. A shared machine's load
// moves these ratios far less than the separate runs of RemoteAsk, since
// every library gets the same moments.
func BenchmarkRemoteAskAlternating(b *testing.B) {
	b.Run("tcp", func(b *testing.B) {
		syss := make([]remoteSystem, len(remoteTCP))
		for i, l := range remoteTCP {
			syss[i] = l.open(b)
			defer func() {
				if err := syss[i].close(); err != nil {
					b.Error(err)
				}
			}()
			if err := syss[i].ask(1); err != nil { // untimed: dials
				b.Fatal(err)
			}
		}
		spent := make([]time.Duration, len(syss))
		b.ReportAllocs()
		b.ResetTimer()
		for range b.N {
			for i, s := range syss {
				t0 := time.Now()
				if err := s.ask(1); err != nil {
					b.Fatal(err)
				}
				spent[i] += time.Since(t0)
			}
		}
		b.StopTimer()
		for i, l := range remoteTCP {
			b.ReportMetric(float64(spent[i].Nanoseconds())/float64(b.N), l.name+"-ns/ask")
		}
		troupe := float64(spent[1])
		b.ReportMetric(troupe/float64(spent[0]), "troupe/baseline")
		b.ReportMetric(troupe/float64(spent[2]), "troupe/protoactor")
	})
}

// BenchmarkRemoteAskInProcess: RemoteAsk through NATS's in-process
// connection (no socket between client and server).
func BenchmarkRemoteAskInProcess(b *testing.B) {
	eachRemote(b, []remoteLib{natsLib(true), troupeRemoteLib(true)}, remoteAsk)
}

func remoteAsk(b *testing.B, sys remoteSystem) {
	b.ResetTimer()
	if err := sys.ask(b.N); err != nil {
		b.Fatal(err)
	}
	b.StopTimer()
	reportRate(b, "asks/s")
}

// BenchmarkRemoteAsk256: b.N round trips with 256 asks in flight; ns/op is
// the cost of one ask at that depth, asks/s the throughput.
func BenchmarkRemoteAsk256(b *testing.B) {
	eachRemote(b, remoteTCP, func(b *testing.B, sys remoteSystem) {
		b.ResetTimer()
		if err := sys.askInFlight(b.N, 256); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		reportRate(b, "asks/s")
	})
}

// BenchmarkRemoteTellFlood: b.N Tells as fast as the sender can, counted by
// the receiving actor; the timer stops once it handled every one. troupe
// tells through a ref with an acknowledged window of 1024 (remote.TellWindow),
// so the flood is paced and nothing is lost; protoactor-go sends through its
// endpoint writer. There is no raw-NATS baseline: an unpaced publish flood
// overflows the server's buffer for a slow subscriber, which NATS then
// disconnects, losing messages.
func BenchmarkRemoteTellFlood(b *testing.B) {
	eachRemote(b, remoteTCP[1:], func(b *testing.B, sys remoteSystem) {
		f, ok := sys.(flooder)
		if !ok {
			b.Fatalf("%T cannot flood", sys)
		}
		b.ResetTimer()
		if err := f.flood(b.N); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		reportRate(b, "msgs/s")
	})
}

// inBatches calls send for each of n requests, depth at a time, and wait
// after each batch with the batch's size.
func inBatches(n, depth int, send func() error, wait func(k int) error) error {
	for n > 0 {
		k := min(n, depth)
		for range k {
			if err := send(); err != nil {
				return err
			}
		}
		if err := wait(k); err != nil {
			return err
		}
		n -= k
	}
	return nil
}

// awaitCount waits until done is closed, or fails after remoteTimeout
// saying how many of want were handled.
func awaitCount(done <-chan struct{}, handled func() int64, want int) error {
	select {
	case <-done:
		return nil
	case <-time.After(remoteTimeout):
		return fmt.Errorf("handled %d of %d messages within %v", handled(), want, remoteTimeout)
	}
}
