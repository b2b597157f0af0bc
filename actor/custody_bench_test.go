package actor_test

import (
	"context"
	"testing"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/future"
)

// sink handles any message by doing nothing.
type sink[M any] struct{}

func (sink[M]) Receive(*actor.Context, M) error { return nil }

type plainMsg interface{ plain() }

type plainA struct{ n int }

type withPromise struct{ p *future.Promise[int] }

func (plainA) plain()      {}
func (withPromise) plain() {}

// BenchmarkTellCustody is what finding reply promises in a Tell's message
// costs: nothing for a type that cannot hold one (int, the baseline), a
// look at fixed offsets for a struct that can (msg), and a cached look at the
// dynamic type for an interface message type, with and without a promise.
func BenchmarkTellCustody(b *testing.B) {
	p := future.NewPromise[int]()
	b.Run("int", func(b *testing.B) { benchTell(b, 1) })
	b.Run("StructWithPromise", func(b *testing.B) { benchTell(b, msg{n: 1, reply: p}) })
	b.Run("Interface", func(b *testing.B) { benchTell[plainMsg](b, plainA{1}) })
	b.Run("InterfaceWithPromise", func(b *testing.B) { benchTell[plainMsg](b, withPromise{p}) })
}

func benchTell[M any](b *testing.B, m M) {
	r := start(sink[M]{})
	defer r.Stop(context.Background())
	b.ReportAllocs()
	for b.Loop() {
		if err := r.Tell(m); err != nil {
			b.Fatal(err)
		}
	}
}
