package actor

import (
	"testing"

	"github.com/troupe-go/troupe/registry"
)

// sink is the handle benchmarks' actor.
type sink struct{ n int }

func (s *sink) Receive(_ *Context, m int) error { s.n += m; return nil }

// BenchmarkHandle runs the actor's handling of one Tell and of one Call on
// the benchmark's goroutine, with no other goroutine involved: the path an
// observer's flag test sits on, measured without the scheduling that makes
// the Tell and Ask benchmarks noisy on a busy machine. It touches no API
// added since, so that it builds on older trees for comparison.
func BenchmarkHandle(b *testing.B) {
	r := Start(&sink{}, WithRegistry(registry.New()))
	b.Run("Tell", func(b *testing.B) {
		e := envelope[*sink, int]{msg: 1}
		for b.Loop() {
			if err := r.handle(e); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Call", func(b *testing.B) {
		fn := func(s *sink) (int, error) { return s.n, nil }
		for b.Loop() {
			if err := r.handle(envelope[*sink, int]{req: &callReq[*sink, int]{fn: fn}}); err != nil {
				b.Fatal(err)
			}
		}
	})
}
