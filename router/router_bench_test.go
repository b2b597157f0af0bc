package router_test

import (
	"context"
	"strconv"
	"sync/atomic"
	"testing"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/registry"
	"github.com/troupe-go/troupe/router"
)

// The benchmarks put a plain baseline first: for a pick, an atomic counter
// over a slice; for a round trip, a request with a reply channel to one of
// n goroutines chosen by that counter.

const benchMembers = 8

func benchMembersStart(b *testing.B) []*ref {
	b.Helper()
	reg := registry.New()
	refs := make([]*ref, benchMembers)
	for i := range refs {
		refs[i] = actor.Start(&member{id: i}, actor.WithRegistry(reg))
	}
	b.Cleanup(func() { _ = reg.StopAll(context.Background()) })
	return refs
}

var benchKeys = func() []string {
	keys := make([]string, 1024)
	for i := range keys {
		keys[i] = "user-" + strconv.Itoa(i)
	}
	return keys
}()

// BenchmarkNext is the cost of picking a member.
func BenchmarkNext(b *testing.B) {
	refs := benchMembersStart(b)
	b.Run("baseline=atomic-counter", func(b *testing.B) {
		var turn atomic.Uint64
		b.ReportAllocs()
		for b.Loop() {
			_ = refs[(turn.Add(1)-1)%uint64(len(refs))]
		}
	})
	routers := []struct {
		name string
		r    router.Router[*member, msg]
	}{
		{"RoundRobin", router.NewRoundRobin(refs...)},
		{"Random", router.NewRandom(refs...)},
		{"SmallestMailbox", router.NewSmallestMailbox(refs...)},
	}
	for _, rt := range routers {
		b.Run(rt.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_ = rt.r.Next()
			}
		})
	}
	b.Run("ConsistentHash", func(b *testing.B) {
		r := router.NewConsistentHash(keyOf, refs...)
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			_ = r.NextKey(benchKeys[i%len(benchKeys)])
			i++
		}
	})
	b.Run("RoundRobin/parallel", func(b *testing.B) {
		r := router.NewRoundRobin(refs...)
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				_ = r.Next()
			}
		})
	})
}

// BenchmarkCall is a request through a router and the wait for its reply.
func BenchmarkCall(b *testing.B) {
	b.Run("baseline=channels", func(b *testing.B) {
		type request struct {
			x     int
			reply chan int
		}
		inbox := make([]chan request, benchMembers)
		done := make(chan struct{})
		for i := range inbox {
			inbox[i] = make(chan request, 16)
			go func() {
				for req := range inbox[i] {
					req.reply <- req.x
				}
				done <- struct{}{}
			}()
		}
		var turn atomic.Uint64
		b.ReportAllocs()
		for b.Loop() {
			req := request{x: 1, reply: make(chan int, 1)}
			inbox[(turn.Add(1)-1)%benchMembers] <- req
			<-req.reply
		}
		for _, in := range inbox {
			close(in)
			<-done
		}
	})
	refs := benchMembersStart(b)
	b.Run("actor.Call", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := actor.Call(refs[0], (*member).ID).Get(context.Background()); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("RoundRobin", func(b *testing.B) {
		rr := router.NewRoundRobin(refs...)
		b.ReportAllocs()
		for b.Loop() {
			if _, err := router.Call(rr, (*member).ID).Get(context.Background()); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("ConsistentHash", func(b *testing.B) {
		r := router.NewConsistentHash(keyOf, refs...)
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			if _, err := router.CallKey(r, benchKeys[i%len(benchKeys)], (*member).ID).Get(context.Background()); err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
	b.Run("BroadcastCall", func(b *testing.B) {
		all := router.NewBroadcast(refs...)
		b.ReportAllocs()
		for b.Loop() {
			if _, err := router.BroadcastCall(all, (*member).ID).Get(context.Background()); err != nil {
				b.Fatal(err)
			}
		}
	})
}
