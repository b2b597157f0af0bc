package actor_test

import (
	"context"
	"testing"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/future"
	"github.com/troupe-go/troupe/registry"
)

// tally is the observer benchmarks' actor: it counts, and answers an Ask
// with the count.
type tally struct{ n int }

type tallyMsg struct{ reply *future.Promise[int] }

func (t *tally) Receive(_ *actor.Context, m tallyMsg) error {
	t.n++
	if m.reply != nil {
		m.reply.Resolve(t.n)
	}
	return nil
}

func askTally(p *future.Promise[int]) tallyMsg { return tallyMsg{reply: p} }

// benchTellAsk measures Tell (b.N messages from one sender, then the stop
// that handles them) and Ask (one at a time, answered on the caller's
// goroutine by an idle actor) on actors started with opts.
func benchTellAsk(b *testing.B, opts ...actor.Option) {
	ctx := context.Background()
	start := func() *actor.Ref[*tally, tallyMsg] {
		return actor.Start(&tally{}, append([]actor.Option{actor.WithRegistry(registry.New())}, opts...)...)
	}
	b.Run("Tell", func(b *testing.B) {
		r := start()
		b.ReportAllocs()
		for b.Loop() {
			if err := r.Tell(tallyMsg{}); err != nil {
				b.Fatal(err)
			}
		}
		if err := r.Stop(ctx); err != nil {
			b.Fatal(err)
		}
	})
	b.Run("Ask", func(b *testing.B) {
		r := start()
		b.ReportAllocs()
		for b.Loop() {
			if _, err := actor.Ask(ctx, r, askTally); err != nil {
				b.Fatal(err)
			}
		}
		if err := r.Stop(ctx); err != nil {
			b.Fatal(err)
		}
	})
}

// BenchmarkNoObserver is the cost of Tell and Ask with no observer set: the
// figures to hold against the same benchmark on a tree without observers.
func BenchmarkNoObserver(b *testing.B) { benchTellAsk(b) }
