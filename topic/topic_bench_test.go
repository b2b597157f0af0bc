package topic_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/registry"
	"github.com/troupe-go/troupe/topic"
)

// counter counts the values it receives.
type counter struct{ n int }

func (c *counter) Receive(_ *actor.Context, _ int) error { c.n++; return nil }

// BenchmarkPublish publishes to n subscribers, beside the same Tells made
// by hand: the topic's own cost is the difference.
func BenchmarkPublish(b *testing.B) {
	for _, n := range []int{1, 8} {
		start := func(b *testing.B) []*actor.Ref[*counter, int] {
			reg := registry.New()
			refs := make([]*actor.Ref[*counter, int], n)
			for i := range refs {
				refs[i] = actor.Start(&counter{}, actor.WithRegistry(reg))
			}
			b.Cleanup(func() { _ = reg.StopAll(context.Background()) })
			return refs
		}
		b.Run(fmt.Sprintf("tell/%d", n), func(b *testing.B) {
			refs := start(b)
			b.ReportAllocs()
			for b.Loop() {
				for _, r := range refs {
					_ = r.Tell(1)
				}
			}
		})
		b.Run(fmt.Sprintf("topic/%d", n), func(b *testing.B) {
			refs := start(b)
			var t topic.Topic[int]
			defer t.Close()
			for _, r := range refs {
				topic.Subscribe(&t, r)
			}
			b.ReportAllocs()
			for b.Loop() {
				t.Publish(1)
			}
		})
	}
}
