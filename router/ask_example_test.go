package router_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/future"
	"github.com/troupe-go/troupe/router"
)

// Visit asks a host how often it has seen a guest.
type Visit struct {
	Guest string
	Reply *future.Promise[string]
}

// Host counts its guests' visits.
type Host struct {
	Name   string
	visits map[string]int
}

func (h *Host) Receive(_ *actor.Context, v Visit) error {
	if h.visits == nil {
		h.visits = map[string]int{}
	}
	h.visits[v.Guest]++
	v.Reply.Resolve(fmt.Sprintf("%s has seen %s %d times", h.Name, v.Guest, h.visits[v.Guest]))
	return nil
}

func startHosts(n int) []*actor.Ref[*Host, Visit] {
	refs := make([]*actor.Ref[*Host, Visit], n)
	for i := range refs {
		refs[i] = actor.Start(&Host{Name: fmt.Sprintf("h%d", i)})
	}
	return refs
}

func stopHosts(refs []*actor.Ref[*Host, Visit]) {
	for _, r := range refs {
		_ = r.Stop(context.Background())
	}
}

// AskKey asks the member that owns a key: every visit of one guest goes to
// the same host, which therefore counts them all. (Which host that is
// depends on the members' random URNs, so the example leaves its name out.)
func ExampleAskKey() {
	ctx := context.Background()
	hosts := startHosts(3)
	defer stopHosts(hosts)
	byGuest := router.NewConsistentHash(func(v Visit) string { return v.Guest }, hosts...)

	for range 3 {
		answer, _ := router.AskKey(ctx, byGuest, "alice", func(reply *future.Promise[string]) Visit {
			return Visit{Guest: "alice", Reply: reply}
		})
		_, rest, _ := strings.Cut(answer, " ") // leave the host's name out
		fmt.Println(rest)
	}
	// Output:
	// has seen alice 1 times
	// has seen alice 2 times
	// has seen alice 3 times
}

// BroadcastAsk asks every live member and returns the answers in member
// order.
func ExampleBroadcastAsk() {
	hosts := startHosts(3)
	defer stopHosts(hosts)
	all := router.NewBroadcast(hosts...)

	answers, err := router.BroadcastAsk(context.Background(), all, func(reply *future.Promise[string]) Visit {
		return Visit{Guest: "the inspector", Reply: reply}
	})
	for _, a := range answers {
		fmt.Println(a)
	}
	fmt.Println(err)
	// Output:
	// h0 has seen the inspector 1 times
	// h1 has seen the inspector 1 times
	// h2 has seen the inspector 1 times
	// <nil>
}

// Call and Ask work on any Router: here a round robin, so the k-th request
// goes to host k mod n.
func ExampleAsk() {
	hosts := startHosts(2)
	defer stopHosts(hosts)
	rr := router.NewRoundRobin(hosts...)

	for range 3 {
		answer, _ := router.Ask(context.Background(), rr, func(reply *future.Promise[string]) Visit {
			return Visit{Guest: "bob", Reply: reply}
		})
		fmt.Println(answer)
	}
	// Output:
	// h0 has seen bob 1 times
	// h1 has seen bob 1 times
	// h0 has seen bob 2 times
}

func ExampleCall() {
	hosts := startHosts(2)
	defer stopHosts(hosts)
	rr := router.NewRoundRobin(hosts...)

	for range 3 {
		name, _ := router.Call(rr, func(h *Host) (string, error) { return h.Name, nil }).Get(context.Background())
		fmt.Println(name)
	}
	// Output:
	// h0
	// h1
	// h0
}
