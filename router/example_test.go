package router_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/router"
)

// Job is the message of the example workers: an order line for a customer.
type Job struct {
	Customer string
	Item     string
}

// Worker handles jobs and remembers, per customer, the items it handled.
type Worker struct {
	Name string
	seen map[string][]string
}

func (w *Worker) Receive(_ *actor.Context, j Job) error {
	if w.seen == nil {
		w.seen = map[string][]string{}
	}
	w.seen[j.Customer] = append(w.seen[j.Customer], j.Item)
	return nil
}

// Whoami returns the worker's name: a method to Call through a router.
func (w *Worker) Whoami() (string, error) { return w.Name, nil }

func startWorkers(n int) []*actor.Ref[*Worker, Job] {
	refs := make([]*actor.Ref[*Worker, Job], n)
	for i := range refs {
		refs[i] = actor.Start(&Worker{Name: fmt.Sprintf("w%d", i)})
	}
	return refs
}

func stopWorkers(refs []*actor.Ref[*Worker, Job]) {
	for _, r := range refs {
		_ = r.Stop(context.Background())
	}
}

// A round-robin router gives the k-th request to member k mod n, whichever
// goroutine sends it.
func ExampleRoundRobin() {
	workers := startWorkers(3)
	defer stopWorkers(workers)
	rr := router.NewRoundRobin(workers...)

	for k := range 5 {
		name, _ := router.Call(rr, (*Worker).Whoami).Get(context.Background())
		fmt.Println("request", k, "->", name)
	}
	// Output:
	// request 0 -> w0
	// request 1 -> w1
	// request 2 -> w2
	// request 3 -> w0
	// request 4 -> w1
}

// A random router picks any live member; a stopped one is never picked.
func ExampleRandom() {
	workers := startWorkers(3)
	defer stopWorkers(workers)
	_ = workers[1].Stop(context.Background())
	r := router.NewRandom(workers...)

	picked := map[string]bool{}
	for range 100 {
		name, _ := router.Call(r, (*Worker).Whoami).Get(context.Background())
		picked[name] = true
	}
	fmt.Println("w1 picked:", picked["w1"])
	// Output: w1 picked: false
}

// A smallest-mailbox router steers around a member with a backlog.
func ExampleSmallestMailbox() {
	workers := startWorkers(3)
	defer stopWorkers(workers)

	// w0 is busy, with three jobs waiting behind the one it runs.
	busy, release := make(chan struct{}), make(chan struct{})
	actor.Call(workers[0], func(*Worker) (int, error) { close(busy); <-release; return 0, nil })
	<-busy
	for range 3 {
		_ = workers[0].Tell(Job{Customer: "backlog"})
	}

	r := router.NewSmallestMailbox(workers...)
	count := map[string]int{}
	for range 4 {
		name, _ := router.Call(r, (*Worker).Whoami).Get(context.Background())
		count[name]++
	}
	close(release)
	fmt.Println("to w0:", count["w0"], "to w1 and w2:", count["w1"]+count["w2"])
	// Output: to w0: 0 to w1 and w2: 4
}

// A consistent-hash router sends every job of one customer to the same
// worker, which therefore sees all of that customer's items.
func ExampleConsistentHash() {
	workers := startWorkers(4)
	defer stopWorkers(workers)
	byCustomer := router.NewConsistentHash(func(j Job) string { return j.Customer }, workers...)

	for _, j := range []Job{
		{"alice", "tea"}, {"bob", "milk"}, {"alice", "jam"},
		{"carol", "eggs"}, {"bob", "bread"}, {"alice", "honey"},
	} {
		_ = byCustomer.Tell(j)
	}
	for _, c := range []string{"alice", "bob", "carol"} {
		items, _ := router.CallKey(byCustomer, c, func(w *Worker) ([]string, error) {
			return w.seen[c], nil
		}).Get(context.Background())
		fmt.Println(c, strings.Join(items, ", "))
	}
	// Output:
	// alice tea, jam, honey
	// bob milk, bread
	// carol eggs
}

// A broadcast router asks every member and returns the answers in member
// order, in one future.
func ExampleBroadcastCall() {
	workers := startWorkers(3)
	defer stopWorkers(workers)
	all := router.NewBroadcast(workers...)

	_ = all.Tell(Job{Customer: "everyone", Item: "notice"})
	names, _ := router.BroadcastCall(all, func(w *Worker) (string, error) {
		return w.Name + " saw " + strings.Join(w.seen["everyone"], ""), nil
	}).Get(context.Background())
	fmt.Println(names)
	// Output: [w0 saw notice w1 saw notice w2 saw notice]
}
