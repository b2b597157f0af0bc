package actor_test

import (
	"testing"

	"github.com/troupe-go/troupe/actor"
)

// nopObserver sees everything and does nothing.
type nopObserver struct{}

func (nopObserver) Observe(actor.Event) {}

// BenchmarkNopObserver is the cost of Tell and Ask with an observer that
// does nothing: what an observer's calls cost, before it does any work.
func BenchmarkNopObserver(b *testing.B) { benchTellAsk(b, actor.WithObserver(nopObserver{})) }
