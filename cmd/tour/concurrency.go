package main

// The seed's concurrency scenarios: actors side by side, a race that actors
// do not prevent, a deadlock they do not prevent either but troupe detects,
// and the pool and router the seed builds by hand. Timings here are real:
// sleeps stand for work.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/future"
	"github.com/troupe-go/troupe/pool"
	"github.com/troupe-go/troupe/registry"
	"github.com/troupe-go/troupe/router"
)

// worker is the seed's MyActor: process sleeps to stand for work.
type worker struct {
	actor.NoMessages
	index int
	out   io.Writer
}

func (wk *worker) process(id int, d time.Duration) (int, error) {
	time.Sleep(d)
	fmt.Fprintf(wk.out, "   Completed: ID %d in %v by worker %d\n", id, d, wk.index)
	return id, nil
}

// processing returns the Call function that makes a worker process id for d.
func processing(id int, d time.Duration) func(*worker) (int, error) {
	return func(wk *worker) (int, error) { return wk.process(id, d) }
}

func parallelActors(w io.Writer) error {
	const task = 50 * time.Millisecond
	reg := registry.New()
	a := actor.Start(&worker{index: 0, out: w}, actor.WithRegistry(reg))
	b := actor.Start(&worker{index: 1, out: w}, actor.WithRegistry(reg))
	defer reg.StopAll(context.Background())

	fmt.Fprintf(w, "   tasks 1 and 2 to worker 0, tasks 3 and 4 to worker 1, %v each\n", task)
	start := time.Now()
	ids, err := future.GetAll(context.Background(),
		actor.Call(a, processing(1, task)),
		actor.Call(a, processing(2, task)),
		actor.Call(b, processing(3, task)),
		actor.Call(b, processing(4, task)),
	)
	elapsed := time.Since(start)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "   results %v; Elapsed Time: %v (one actor alone: %v)\n",
		ids, elapsed.Round(time.Millisecond), 4*task)
	return nil
}

// account is the seed's AccountActor.
type account struct {
	actor.NoMessages
	money int
}

func (a *account) balance() (int, error) { return a.money, nil }

// user is the seed's UserActor. both makes each user wait, where the seed
// sleeps, until both have done their first step: the unlucky interleaving
// every time, not by chance.
type user struct {
	actor.NoMessages
	name    string
	out     io.Writer
	account *actor.CallRef[*account]
	both    *sync.WaitGroup
}

// save reads the balance, then writes balance+amount: two calls, with room
// between them for the other user.
func (u *user) save(ctx *actor.Context, amount int) (int, error) {
	balance, err := actor.Call(u.account, (*account).balance).Get(ctx)
	if err != nil {
		return 0, err
	}
	fmt.Fprintf(u.out, "   %s read balance: %d\n", u.name, balance)
	u.both.Done()
	u.both.Wait()
	set := func(a *account) (int, error) { a.money = balance + amount; return a.money, nil }
	balance, err = actor.Call(u.account, set).Get(ctx)
	fmt.Fprintf(u.out, "   %s set balance: %d\n", u.name, balance)
	return balance, err
}

// saveAtomic lets the account add amount in one call.
func (u *user) saveAtomic(ctx *actor.Context, amount int) (int, error) {
	u.both.Done()
	u.both.Wait()
	add := func(a *account) (int, error) { a.money += amount; return a.money, nil }
	balance, err := actor.Call(u.account, add).Get(ctx)
	fmt.Fprintf(u.out, "   %s update balance: %d\n", u.name, amount)
	return balance, err
}

// deposit runs two users saving 50 each into an account of 100 with save,
// and returns the final balance.
func deposit(w io.Writer, save func(*user, *actor.Context, int) (int, error)) (int, error) {
	reg := registry.New()
	defer reg.StopAll(context.Background())
	var both sync.WaitGroup
	both.Add(2)
	acct := actor.Start(&account{money: 100}, actor.WithRegistry(reg))
	var saved []*future.Future[int]
	for _, name := range []string{"UserA", "UserB"} {
		u := actor.Start(&user{name: name, out: w, account: acct, both: &both}, actor.WithRegistry(reg))
		saved = append(saved, actor.CallContext(u, func(ctx *actor.Context, u *user) (int, error) {
			return save(u, ctx, 50)
		}))
	}
	if _, err := future.GetAll(context.Background(), saved...); err != nil {
		return 0, err
	}
	return actor.Call(acct, (*account).balance).Get(context.Background())
}

func bankAccount(w io.Writer) error {
	fmt.Fprintln(w, "   read, then write: both users read before either writes")
	final, err := deposit(w, (*user).save)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "   Final Balance: %d (one deposit lost)\n", final)
	if final != 150 {
		return fmt.Errorf("the lost update left %d, want 150", final)
	}
	fmt.Fprintln(w, "   the fix: the account updates itself in one call")
	final, err = deposit(w, (*user).saveAtomic)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "   Final Balance: %d\n", final)
	if final != 200 {
		return fmt.Errorf("the atomic update left %d, want 200", final)
	}
	return nil
}

// actorA calls B and waits; actorB calls A back and waits.
type actorA struct{ actor.NoMessages }

type actorB struct {
	actor.NoMessages
	a *actor.CallRef[*actorA]
}

// methodA calls b's methodB and waits for it; with no b it just answers.
func (*actorA) methodA(ctx *actor.Context, b *actor.CallRef[*actorB]) (string, error) {
	if b == nil {
		return "A answered", nil
	}
	return actor.CallContext(b, func(ctx *actor.Context, b *actorB) (string, error) {
		return b.methodB(ctx)
	}).Get(ctx)
}

// methodB calls A's methodA, giving it no actor to call, and waits for it.
func (b *actorB) methodB(ctx *actor.Context) (string, error) {
	return actor.CallContext(b.a, func(ctx *actor.Context, a *actorA) (string, error) {
		return a.methodA(ctx, nil)
	}).Get(ctx)
}

func deadlock(w io.Writer) error {
	reg := registry.New()
	defer reg.StopAll(context.Background())
	a := actor.Start(&actorA{}, actor.WithRegistry(reg), actor.WithName("ActorA"))
	b := actor.Start(&actorB{a: a}, actor.WithRegistry(reg), actor.WithName("ActorB"))

	fmt.Fprintln(w, "   A calls B and waits; B calls A and waits. In Pykka both threads hang.")
	start := time.Now()
	_, err := actor.CallContext(a, func(ctx *actor.Context, a *actorA) (string, error) {
		return a.methodA(ctx, b)
	}).Get(context.Background())
	var de *actor.DeadlockError
	if !errors.As(err, &de) {
		return fmt.Errorf("want a *actor.DeadlockError, got %v", err)
	}
	fmt.Fprintf(w, "   detected in %v: %v\n", time.Since(start).Round(time.Microsecond), err)
	fmt.Fprintf(w, "   the cycle, as data: %d actors, errors.Is(err, actor.ErrDeadlock) = %v\n",
		len(de.Cycle), errors.Is(err, actor.ErrDeadlock))
	return nil
}

// randomWork returns the seed's random task length, scaled from 0.1-1s down
// to 10-100ms.
func randomWork() time.Duration { return time.Duration(1+rand.IntN(10)) * 10 * time.Millisecond }

func poolOfWorkers(w io.Writer) error {
	const workers, tasks = 10, 20
	reg := registry.New()
	var made atomic.Int64
	p := pool.New(workers, func() *worker {
		return &worker{index: int(made.Add(1)) - 1, out: w}
	}, actor.WithRegistry(reg))
	defer p.Stop(context.Background())

	ids := make([]int, tasks)
	lengths := make([]time.Duration, tasks)
	var serial time.Duration
	for i := range ids {
		ids[i], lengths[i] = i, randomWork()
		serial += lengths[i]
	}
	fmt.Fprintf(w, "   pool.Map: %d tasks of 10-100ms on %d workers, each task to a free worker\n", tasks, workers)
	start := time.Now()
	answers, err := pool.Map(context.Background(), p, ids, func(wk *worker, id int) (int, error) {
		return wk.process(id, lengths[id])
	})
	elapsed := time.Since(start)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "   *** Calculation Completed *** answers in input order: %v\n", answers)
	fmt.Fprintf(w, "   Elapsed Time: %v (one worker alone: %v)\n", elapsed.Round(time.Millisecond), serial)
	for i, a := range answers {
		if a != i {
			return fmt.Errorf("answer %d is %d: pool.Map lost the input order", i, a)
		}
	}
	return nil
}

func roundRobinRouter(w io.Writer) error {
	const workers, tasks = 5, 10
	reg := registry.New()
	defer reg.StopAll(context.Background())
	refs := make([]*actor.CallRef[*worker], workers)
	for i := range refs {
		refs[i] = actor.Start(&worker{index: i, out: w}, actor.WithRegistry(reg))
	}
	rr := router.NewRoundRobin(refs...)

	fmt.Fprintf(w, "   router.NewRoundRobin over %d workers; %d calls of 10-100ms\n", workers, tasks)
	futures := make([]*future.Future[[2]int], tasks)
	for i := range futures {
		d := randomWork()
		futures[i] = router.Call(rr, func(wk *worker) ([2]int, error) {
			_, err := wk.process(i, d)
			return [2]int{i, wk.index}, err
		})
	}
	fmt.Fprintf(w, "   router.Call returned %T each: one flat future, not a future of a future\n", futures[0])
	answers, err := future.GetAll(context.Background(), futures...)
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "   *** Calculation Completed ***")
	for _, a := range answers {
		fmt.Fprintf(w, "   ID: %d (worker %d = %d mod %d)\n", a[0], a[1], a[0], workers)
		if a[1] != a[0]%workers {
			return fmt.Errorf("task %d went to worker %d, want %d", a[0], a[1], a[0]%workers)
		}
	}
	return nil
}
