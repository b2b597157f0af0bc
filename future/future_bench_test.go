package future_test

import (
	"context"
	"sync"
	"testing"

	"github.com/troupe-go/troupe/future"
)

// Each benchmark runs the plain-channel equivalent first ("chan": a chan T of
// capacity 1 used as a one-shot future), then the future, so one run prints
// the baseline beside troupe.

// Sinks keep the promise and the channel on the heap, as they are when handed
// to whoever completes them; without them the compiler may keep a
// non-escaping one on the stack and the benchmark would flatter both sides.
var (
	sinkChan    chan int
	sinkPromise *future.Promise[int]
)

func BenchmarkResolveGet(b *testing.B) {
	ctx := context.Background()
	b.Run("chan", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			ch := make(chan int, 1)
			sinkChan = ch
			ch <- i
			if <-ch != i {
				b.Fatal("wrong value")
			}
		}
	})
	b.Run("future", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			p := future.NewPromise[int]()
			sinkPromise = p
			p.Resolve(i)
			if v, err := p.Future().Get(ctx); err != nil || v != i {
				b.Fatal("wrong value")
			}
		}
	})
}

// BenchmarkGetCompleted reads a value that is already there. A channel can
// only be read again if the reader puts the value back.
func BenchmarkGetCompleted(b *testing.B) {
	ctx := context.Background()
	b.Run("chan", func(b *testing.B) {
		b.ReportAllocs()
		ch := make(chan int, 1)
		ch <- 1
		for b.Loop() {
			v := <-ch
			ch <- v
		}
	})
	b.Run("future", func(b *testing.B) {
		b.ReportAllocs()
		f := future.Resolved(1)
		for b.Loop() {
			if _, err := f.Get(ctx); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// serve runs one goroutine that completes every request it receives with
// complete, and returns the request channel and a stop func that joins it.
func serve[R any](complete func(R)) (chan<- R, func()) {
	reqs := make(chan R)
	var wg sync.WaitGroup
	wg.Go(func() {
		for r := range reqs {
			complete(r)
		}
	})
	return reqs, func() { close(reqs); wg.Wait() }
}

// BenchmarkGetBlocking is a request and its reply: the reader blocks until
// another goroutine completes the reply.
func BenchmarkGetBlocking(b *testing.B) {
	ctx := context.Background()
	b.Run("chan", func(b *testing.B) {
		b.ReportAllocs()
		reqs, stop := serve(func(ch chan int) { ch <- 1 })
		defer stop()
		for b.Loop() {
			ch := make(chan int, 1)
			reqs <- ch
			<-ch
		}
	})
	b.Run("future", func(b *testing.B) {
		b.ReportAllocs()
		reqs, stop := serve(func(p *future.Promise[int]) { p.Resolve(1) })
		defer stop()
		for b.Loop() {
			p := future.NewPromise[int]()
			reqs <- p
			if _, err := p.Future().Get(ctx); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkMapChain transforms a value in four steps. With channels each step
// is a goroutine that waits on the previous channel.
func BenchmarkMapChain(b *testing.B) {
	const steps = 4
	ctx := context.Background()
	inc := func(v int) int { return v + 1 }
	b.Run("chan", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			first := make(chan int, 1)
			in := first
			for range steps {
				out := make(chan int, 1)
				go func(in <-chan int) { out <- inc(<-in) }(in)
				in = out
			}
			first <- 0
			if <-in != steps {
				b.Fatal("wrong value")
			}
		}
	})
	b.Run("future", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			p := future.NewPromise[int]()
			f := p.Future()
			for range steps {
				f = future.Map(f, func(v int) (int, error) { return inc(v), nil })
			}
			p.Resolve(0)
			if v, err := f.Get(ctx); err != nil || v != steps {
				b.Fatal("wrong value")
			}
		}
	})
}

// BenchmarkGetAll8 collects eight values in order. "complete" reads futures
// already resolved; "pending" joins them first and resolves them after.
func BenchmarkGetAll8(b *testing.B) {
	const n = 8
	ctx := context.Background()
	b.Run("chan", func(b *testing.B) {
		b.ReportAllocs()
		chs := make([]chan int, n)
		for b.Loop() {
			for i := range chs {
				chs[i] = make(chan int, 1)
				chs[i] <- i
			}
			vs := make([]int, n)
			for i, ch := range chs {
				vs[i] = <-ch
			}
		}
	})
	b.Run("future/complete", func(b *testing.B) {
		b.ReportAllocs()
		fs := make([]*future.Future[int], n)
		for b.Loop() {
			for i := range fs {
				p := future.NewPromise[int]()
				p.Resolve(i)
				fs[i] = p.Future()
			}
			if _, err := future.GetAll(ctx, fs...); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("future/pending", func(b *testing.B) {
		b.ReportAllocs()
		ps := make([]*future.Promise[int], n)
		fs := make([]*future.Future[int], n)
		for b.Loop() {
			for i := range ps {
				ps[i] = future.NewPromise[int]()
				fs[i] = ps[i].Future()
			}
			all := future.Join(fs...)
			for i, p := range ps {
				p.Resolve(i)
			}
			if _, err := all.Get(ctx); err != nil {
				b.Fatal(err)
			}
		}
	})
}
