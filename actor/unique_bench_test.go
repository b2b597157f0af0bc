package actor_test

import (
	"strconv"
	"testing"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/registry"
)

// BenchmarkGetOrStart measures finding a live entity by name and starting
// new ones in a registry that grows with them: neither scans the registry,
// so the cost per operation does not grow with b.N.
func BenchmarkGetOrStart(b *testing.B) {
	factory := func() *account { return &account{} }
	b.Run("existing", func(b *testing.B) {
		reg := registry.New()
		opts := []actor.Option{actor.WithRegistry(reg), actor.WithLogger(discard)}
		first, _ := actor.GetOrStart("acct-42", factory, opts...)
		b.ReportAllocs()
		for b.Loop() {
			if r, err := actor.GetOrStart("acct-42", factory, opts...); err != nil || r != first {
				b.Fatal("not the same actor", err)
			}
		}
		b.StopTimer()
		stop(b, first)
	})
	b.Run("new", func(b *testing.B) {
		reg := registry.New()
		opts := []actor.Option{actor.WithRegistry(reg), actor.WithLogger(discard)}
		names := make([]string, b.N)
		for i := range names {
			names[i] = "acct-" + strconv.Itoa(i)
		}
		b.ReportAllocs()
		b.ResetTimer()
		for i := range b.N {
			if _, err := actor.GetOrStart(names[i], factory, opts...); err != nil {
				b.Fatal(err)
			}
		}
		b.StopTimer()
		if err := reg.StopAll(b.Context()); err != nil {
			b.Fatal(err)
		}
	})
}
