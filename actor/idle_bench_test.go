package actor_test

import (
	"context"
	"testing"
	"time"

	"github.com/troupe-go/troupe/actor"
)

// BenchmarkIdleTell compares Tell on an actor
// with and without WithIdle: the idle clock costs a clock read and an atomic
// when the actor goes idle, and nothing per message (no timer, no
// allocation).
func BenchmarkIdleTell(b *testing.B) {
	for _, bc := range []struct {
		name string
		opts []actor.Option
	}{
		{"plain", nil},
		{"WithIdle", []actor.Option{actor.WithIdle(time.Hour)}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			r := start(&room{}, bc.opts...)
			b.ReportAllocs()
			for b.Loop() {
				_ = r.Tell(1)
			}
			b.StopTimer()
			_ = r.Stop(context.Background())
		})
	}
}
