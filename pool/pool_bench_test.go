package pool_test

import (
	"context"
	"sync"
	"testing"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/pool"
	"github.com/troupe-go/troupe/registry"
)

// The benchmarks put a plain channel-fed worker pool first, as the baseline:
// size goroutines read jobs from one channel and write each result to its
// slot. Tasks do almost nothing, so the numbers are the dispatch overhead.

const benchSize = 8

func square(_ *worker, x int) (int, error) { return x * x, nil }

func benchPool(b *testing.B) *testPool {
	b.Helper()
	p := pool.New(benchSize, func() *worker { return &worker{} }, actor.WithRegistry(registry.New()))
	b.Cleanup(func() { _ = p.Stop(context.Background()) })
	return p
}

// channelPool is the baseline: goroutines fed by a channel of closures.
type channelPool struct {
	jobs chan func()
	wg   sync.WaitGroup
}

func newChannelPool(b *testing.B) *channelPool {
	c := &channelPool{jobs: make(chan func(), benchSize)}
	for range benchSize {
		c.wg.Go(func() {
			for job := range c.jobs {
				job()
			}
		})
	}
	b.Cleanup(func() { close(c.jobs); c.wg.Wait() })
	return c
}

// batch is the number of tasks per op in BenchmarkMap; ns/task is ns/op
// divided by it, and allocs/op are per batch.
const batch = 256

// BenchmarkMap runs one batch of tiny tasks per op and waits for the ordered
// results.
func BenchmarkMap(b *testing.B) {
	in := make([]int, batch)
	b.Run("baseline=channels", func(b *testing.B) {
		c := newChannelPool(b)
		b.ReportAllocs()
		for b.Loop() {
			out := make([]int, len(in))
			var done sync.WaitGroup
			done.Add(len(in))
			for i, x := range in {
				c.jobs <- func() { out[i], _ = square(nil, x); done.Done() }
			}
			done.Wait()
		}
		perTask(b)
	})
	b.Run("pool.Map", func(b *testing.B) {
		p := benchPool(b)
		b.ReportAllocs()
		for b.Loop() {
			if _, err := pool.Map(context.Background(), p, in, square); err != nil {
				b.Fatal(err)
			}
		}
		perTask(b)
	})
	b.Run("pool.MapLimit=64", func(b *testing.B) {
		p := benchPool(b)
		b.ReportAllocs()
		for b.Loop() {
			if _, err := pool.MapLimit(context.Background(), p, 64, in, square); err != nil {
				b.Fatal(err)
			}
		}
		perTask(b)
	})
}

func perTask(b *testing.B) {
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*batch), "ns/task")
}

// BenchmarkCall is one task submitted and waited for, per op: the latency of
// a round trip through an idle pool.
func BenchmarkCall(b *testing.B) {
	b.Run("baseline=channels", func(b *testing.B) {
		c := newChannelPool(b)
		b.ReportAllocs()
		for b.Loop() {
			reply := make(chan int, 1)
			c.jobs <- func() { v, _ := square(nil, 3); reply <- v }
			<-reply
		}
	})
	b.Run("pool.Call", func(b *testing.B) {
		p := benchPool(b)
		b.ReportAllocs()
		for b.Loop() {
			if _, err := pool.Call(p, func(w *worker) (int, error) { return square(w, 3) }).Get(context.Background()); err != nil {
				b.Fatal(err)
			}
		}
	})
}
