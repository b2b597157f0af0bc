package waitgraph_test

import (
	"github.com/troupe-go/troupe/internal/waitgraph"
	"testing"
)

// BenchmarkBeginEnd is what deadlock detection adds to a blocking Get: an
// actor records its wait on a future another running actor owns, walks
// the one edge, and ends the wait.
func BenchmarkBeginEnd(b *testing.B) {
	a, owner := running("A"), running("B")
	e := edge(owner)
	b.ReportAllocs()
	for b.Loop() {
		if err := a.Begin(e); err != nil {
			b.Fatal(err)
		}
		a.End()
	}
}

// BenchmarkBeginEndChain is the same wait in front of a chain of eight
// blocked actors: the walk follows every one.
func BenchmarkBeginEndChain(b *testing.B) {
	nodes := make([]*waitgraph.Node, 9)
	for i := range nodes {
		nodes[i] = running("N")
	}
	for i := 1; i < len(nodes)-1; i++ {
		if err := nodes[i].Begin(edge(nodes[i+1])); err != nil {
			b.Fatal(err)
		}
	}
	e := edge(nodes[1])
	b.ReportAllocs()
	for b.Loop() {
		if err := nodes[0].Begin(e); err != nil {
			b.Fatal(err)
		}
		nodes[0].End()
	}
}
