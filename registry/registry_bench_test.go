package registry_test

import (
	"testing"

	"github.com/troupe-go/troupe/registry"
)

// BenchmarkRegister measures what actor.Start and an actor's exit pay: one
// Register and one Unregister, with the URN handed over as 16 bytes (as a
// ref does) or parsed from its string.
func BenchmarkRegister(b *testing.B) {
	r := registry.New()
	for range 1000 { // a registry that is not empty
		_ = r.Register(newKeyed("resident", r.Len()+1_000_000))
	}
	for _, bc := range []struct {
		name string
		e    registry.Entry
	}{
		{"UUID", newKeyed("keyed", 1)},
		{"URN", newFake("parsed", 2)},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := r.Register(bc.e); err != nil {
					b.Fatal(err)
				}
				r.Unregister(bc.e)
			}
		})
	}
}
