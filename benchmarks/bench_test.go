package benchmarks

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/troupe-go/troupe/internal/runner"
)

// Every workload runs each library in turn, baseline first. Messages are
// counted inside the actor, and the timer stops only once the actor handled
// all of them; every actor is stopped before the sub-benchmark returns.

// BenchmarkTell1to1: one sender tells b.N int messages to one actor.
func BenchmarkTell1to1(b *testing.B) { tell1to1(b, kindInt, nil) }

// BenchmarkTell1to1String: Tell1to1 with string messages.
func BenchmarkTell1to1String(b *testing.B) { tell1to1(b, kindString, nil) }

// BenchmarkTell1to1Struct: Tell1to1 with messages that hold a pointer and an
// interface, as most real messages do.
func BenchmarkTell1to1Struct(b *testing.B) { tell1to1(b, kindStruct, nil) }

// BenchmarkTellUnderLoad1to1: Tell1to1 while GOMAXPROCS goroutines burn CPU
// for the whole timed run, as on a busy server.
func BenchmarkTellUnderLoad1to1(b *testing.B) {
	tell1to1(b, kindInt, func() (stop func()) { return burn(runtime.GOMAXPROCS(0)) })
}

// tell1to1 has one sender tell b.N messages of kind k to one actor, with
// the machine made busy by load for the timed run when load is not nil.
func tell1to1(b *testing.B, k kind, load func() (stop func())) {
	eachLib(b, func(b *testing.B, sys system) {
		s := sys.counter(b.N, k)
		defer s.stop()
		if load != nil {
			defer load()()
		}
		b.ResetTimer()
		if err := s.send(b.N); err != nil {
			b.Fatal(err)
		}
		<-s.done()
		b.StopTimer()
		reportRate(b, "msgs/s")
	})
}

// burn starts n goroutines that burn CPU in a loop, never blocking or
// yielding (the runtime preempts them), until stop, which waits for them.
func burn(n int) (stop func()) {
	var quit atomic.Bool
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			x := 0
			for ; !quit.Load(); x++ {
			}
			burnSink.Add(int64(x))
		})
	}
	return func() {
		quit.Store(true)
		wg.Wait()
	}
}

// burnSink keeps the burners' loops from being optimised away.
var burnSink atomic.Int64

// BenchmarkRing1000x1: 1,000 actors in a ring, each telling the token it
// gets to the next; one token, so every hop wakes an idle actor. One op is
// one hop.
func BenchmarkRing1000x1(b *testing.B) { ringBench(b, 1000, 1) }

// BenchmarkRing1000x100: the same ring with 100 tokens at once: many more
// runnable actors than processors.
func BenchmarkRing1000x100(b *testing.B) { ringBench(b, 1000, 100) }

func ringBench(b *testing.B, size, tokens int) {
	eachLib(b, func(b *testing.B, sys system) {
		r := sys.ring(size, b.N)
		defer r.stop()
		b.ResetTimer()
		if err := r.inject(tokens); err != nil {
			b.Fatal(err)
		}
		<-r.done()
		b.StopTimer()
		reportRate(b, "hops/s")
	})
}

// BenchmarkTell8to1: 8 senders tell b.N messages in all to one actor.
func BenchmarkTell8to1(b *testing.B) {
	const senders = 8
	eachLib(b, func(b *testing.B, sys system) {
		s := sys.counter(b.N, kindInt)
		defer s.stop()
		b.ResetTimer()
		sendAll(b, senders, func(int) sink { return s })
		<-s.done()
		b.StopTimer()
		reportRate(b, "msgs/s")
	})
}

// BenchmarkTellPairs: 2×GOMAXPROCS independent pairs, each a sender telling
// its share of b.N messages to its own actor.
func BenchmarkTellPairs(b *testing.B) {
	pairs := 2 * runtime.GOMAXPROCS(0)
	eachLib(b, func(b *testing.B, sys system) {
		sinks := make([]sink, pairs)
		for i := range sinks {
			sinks[i] = sys.counter(share(b.N, pairs, i), kindInt)
			defer sinks[i].stop()
		}
		b.ResetTimer()
		sendAll(b, pairs, func(i int) sink { return sinks[i] })
		for _, s := range sinks {
			<-s.done()
		}
		b.StopTimer()
		reportRate(b, "msgs/s")
	})
}

// BenchmarkAsk: b.N sequential request/reply round trips to one idle actor.
func BenchmarkAsk(b *testing.B) {
	eachLib(b, func(b *testing.B, sys system) {
		e := sys.echo()
		defer e.stop()
		b.ResetTimer()
		if err := e.ask(b.N); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		if got := e.handled(); got != b.N {
			b.Fatalf("the actor handled %d asks, want %d", got, b.N)
		}
		reportRate(b, "asks/s")
	})
}

// BenchmarkAskDeadline: Ask as a server makes it, with a ctx that has a
// deadline (one for the whole run, so that making it is not measured); the
// baseline selects on the reply and ctx.Done().
func BenchmarkAskDeadline(b *testing.B) {
	eachLib(b, func(b *testing.B, sys system) {
		e := sys.echo()
		defer e.stop()
		ctx, cancel := context.WithTimeout(context.Background(), time.Hour)
		defer cancel()
		b.ResetTimer()
		if err := e.askCtx(ctx, b.N); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		if got := e.handled(); got != b.N {
			b.Fatalf("the actor handled %d asks, want %d", got, b.N)
		}
		reportRate(b, "asks/s")
	})
}

// BenchmarkSpawnAskStop: per op, start an actor, ask it once, stop it and
// wait until it stopped.
func BenchmarkSpawnAskStop(b *testing.B) {
	eachLib(b, func(b *testing.B, sys system) {
		b.ResetTimer()
		for range b.N {
			if err := sys.spawnAskStop(); err != nil {
				b.Fatal(err)
			}
		}
		b.StopTimer()
	})
}

// idleBatch is how many idle actors live at once in BenchmarkIdleActor.
const idleBatch = 10_000

// BenchmarkIdleActor: per op, start one actor that handles one Tell and stays
// registered. The actors are started in batches of up to idleBatch, each in a
// system (registry, ActorSystem) opened for it before the measure; the growth
// of HeapInuse+StackInuse over the batch (after a GC, untimed) summed over the
// batches and divided by b.N is reported as bytes/actor.
func BenchmarkIdleActor(b *testing.B) {
	perActorMemory(b, idleBatch, func(sys system, n int) (func(), error) { return sys.idle(n) }, nil)
}

// perActorMemory runs, per library, b.N actors made by start in batches of
// up to batch, each batch in a system opened for it before the measure, and
// reports the growth of HeapInuse+StackInuse over each batch (after a GC,
// untimed), summed and divided by b.N, as bytes/actor. settle, if not nil,
// runs untimed before the memory is read.
func perActorMemory(b *testing.B, batch int, start func(sys system, n int) (stop func(), err error), settle func()) {
	for _, l := range libs {
		b.Run(l.name, func(b *testing.B) {
			b.ReportAllocs()
			b.StopTimer()
			var grown int64
			for left := b.N; left > 0; {
				n := min(left, batch)
				left -= n
				sys := l.open()
				before := inUse()
				b.StartTimer()
				stop, err := start(sys, n)
				b.StopTimer()
				if err != nil {
					sys.close()
					b.Fatal(err)
				}
				if settle != nil {
					settle()
				}
				grown += inUse() - before
				stop()
				sys.close()
			}
			b.ReportMetric(float64(grown)/float64(b.N), "bytes/actor")
		})
	}
}

// burstSize is how many messages each actor of BenchmarkIdleAfterBurst
// takes while busy.
const burstSize = 2_000

// BenchmarkIdleAfterBurst: BenchmarkIdleActor for actors that each took a
// burst of burstSize messages while busy and then went idle: bytes/actor is
// what an idle actor keeps after a burst, to set beside IdleActor's
// never-busy figure. The memory is read once the actors stayed idle for
// afterBurstIdle (untimed): a mailbox lets its buffers go lazily.
func BenchmarkIdleAfterBurst(b *testing.B) {
	perActorMemory(b, burstBatch, func(sys system, n int) (func(), error) { return sys.burst(n, burstSize) },
		func() { time.Sleep(afterBurstIdle) }) // the idle while that the measure is about
}

// burstBatch is how many actors live at once in BenchmarkIdleAfterBurst.
const burstBatch = 2_000

// afterBurstIdle is how long the actors of BenchmarkIdleAfterBurst stay idle
// before their memory is read: longer than troupe's mailbox keeps its
// buffers after it went idle (two ticks of internal/runner).
const afterBurstIdle = 3 * runner.IdleFor

// sendAll runs senders goroutines at once, the i-th telling its share of b.N
// messages to sinkOf(i), and waits for them.
func sendAll(b *testing.B, senders int, sinkOf func(i int) sink) {
	errs := make([]error, senders)
	var wg sync.WaitGroup
	for i := range senders {
		wg.Go(func() { errs[i] = sinkOf(i).send(share(b.N, senders, i)) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			b.Fatal(err)
		}
	}
}

// share is the i-th of parts near-equal shares of n.
func share(n, parts, i int) int {
	s := n / parts
	if i < n%parts {
		s++
	}
	return s
}

// reportRate reports b.N per second of timed run as unit.
func reportRate(b *testing.B, unit string) {
	if s := b.Elapsed().Seconds(); s > 0 {
		b.ReportMetric(float64(b.N)/s, unit)
	}
}

// inUse is the heap and stack memory in use after a full collection.
func inUse() int64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.HeapInuse + m.StackInuse)
}

// eachLib runs workload as one sub-benchmark per library, baseline first,
// each with allocations reported and its own system, closed afterwards.
func eachLib(b *testing.B, workload func(b *testing.B, sys system)) {
	for _, l := range libs {
		b.Run(l.name, func(b *testing.B) {
			b.ReportAllocs()
			sys := l.open()
			defer sys.close()
			workload(b, sys)
		})
	}
}
