package troupe_test

// The seed article ("Python: Pykka でアクターモデルについて学ぶ") walks through
// Pykka in fourteen small programs. Each Example below is one of them, typed,
// in the seed's order: the comment quotes the Python it replaces.
//
// Every Example keeps its actors in a registry of its own
// (actor.WithRegistry(registry.New())) so that none sees another's actors; a
// program can leave the option out and use registry.Default, as Pykka uses
// its one ActorRegistry. Output is deterministic by construction: the
// Examples wait on futures, Done and channels, never on sleeps.

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/future"
	"github.com/troupe-go/troupe/pool"
	"github.com/troupe-go/troupe/registry"
	"github.com/troupe-go/troupe/router"
)

// Greet is the message of the first scenarios, Pykka's {'name': 'World'}.
type Greet struct{ Name string }

// Greeter prints a greeting for each Greet it receives. Its fields are the
// constructor arguments of a Pykka actor: whoever starts it fills them in.
type Greeter struct {
	greeting string // "Hello" when empty
}

// Receive is Pykka's on_receive, with a typed message.
func (g *Greeter) Receive(_ *actor.Context, m Greet) error {
	greeting := g.greeting
	if greeting == "" {
		greeting = "Hello"
	}
	fmt.Printf("%s, %s!\n", greeting, m.Name)
	return nil
}

// Greeting prints a greeting; it is called through actor.Call. A Go function
// always has a result type, so "no result" is struct{}.
func (g *Greeter) Greeting() (struct{}, error) {
	fmt.Println("Hello, World!")
	return struct{}{}, nil
}

// Hello returns a greeting instead of printing it.
func (g *Greeter) Hello() (string, error) {
	return "Hello, World!", nil
}

// 1. Hello, World, from an actor.
//
//	actor_ref = GreetingActor.start()
//	actor_ref.tell({'name': 'World'})
//	actor_ref.stop()
//
// Tell queues the message and returns. The seed wonders whether it should
// sleep before stop(): here Stop is a poison pill behind the queued
// messages, so the greeting is always printed before Stop returns.
func Example_hello() {
	reg := registry.New()
	ref := actor.Start(&Greeter{}, actor.WithRegistry(reg))

	_ = ref.Tell(Greet{Name: "World"})

	_ = ref.Stop(context.Background())
	// Output: Hello, World!
}

// 2. Constructor arguments.
//
//	actor_ref = GreetingActor.start('Hajimemashite')
//
// Pykka passes start()'s arguments to __init__. A troupe actor's state is a
// value you build yourself, so the arguments are its fields.
func Example_constructorArguments() {
	reg := registry.New()
	ref := actor.Start(&Greeter{greeting: "Hajimemashite"}, actor.WithRegistry(reg))

	_ = ref.Tell(Greet{Name: "Sekai"})

	_ = ref.Stop(context.Background())
	// Output: Hajimemashite, Sekai!
}

// Hello asks for a greeting: the message carries its own typed reply.
type Hello struct {
	Name  string
	Reply *future.Promise[string]
}

// Responder answers each Hello.
type Responder struct{}

// Receive resolves the reply where Pykka's on_receive returns a value.
func (Responder) Receive(_ *actor.Context, m Hello) error {
	m.Reply.Resolve("Hello, " + m.Name + "!")
	return nil
}

// hello builds a Hello around the reply promise that Ask makes.
func hello(name string) func(*future.Promise[string]) Hello {
	return func(p *future.Promise[string]) Hello { return Hello{Name: name, Reply: p} }
}

// 3. Asking for a reply: blocking, with a timeout, as a future, and as a
// future with a timeout.
//
//	answer = actor_ref.ask({'name': 'World'})
//	answer = actor_ref.ask({'name': 'Timeout'}, timeout=1)
//	future = actor_ref.ask({'name': 'Future'}, block=False)
//	answer = future.get()
//	future = actor_ref.ask({'name': 'Future-Timeout'}, block=False)
//	answer = future.get(timeout=1)
//
// Ask blocks until the reply comes or its ctx ends, so a timeout is a ctx
// with a deadline. AskAsync returns the reply's *future.Future[string] at
// once; Get waits on it, GetTimeout with a limit.
func Example_ask() {
	reg := registry.New()
	ref := actor.Start(Responder{}, actor.WithRegistry(reg))
	ctx := context.Background()

	answer, _ := actor.Ask(ctx, ref, hello("World"))
	fmt.Println(answer)

	timeout, cancel := context.WithTimeout(ctx, time.Second)
	answer, _ = actor.Ask(timeout, ref, hello("Timeout"))
	cancel()
	fmt.Println(answer)

	f := actor.AskAsync(ref, hello("Future"))
	answer, _ = f.Get(ctx)
	fmt.Println(answer)

	f = actor.AskAsync(ref, hello("Future-Timeout"))
	answer, _ = f.GetTimeout(time.Second)
	fmt.Println(answer)

	_ = ref.Stop(ctx)
	// Output:
	// Hello, World!
	// Hello, Timeout!
	// Hello, Future!
	// Hello, Future-Timeout!
}

// Faulty fails every Hello, like the seed's ExceptionActor.
type Faulty struct{}

// Receive returns an error instead of a reply.
func (Faulty) Receive(*actor.Context, Hello) error { return errors.New("Oops!") }

// 4. A handler's error reaches the asker.
//
//	class ExceptionActor(pykka.ThreadingActor):
//	    def on_receive(self, message):
//	        raise Exception('Oops!')
//	try:
//	    actor_ref.ask({'name': 'World'})
//	except Exception as e:
//	    print(e)
//
// The error Receive returns (or a panic, as a *actor.PanicError) fails the
// asker's future, and the actor keeps serving. As in Pykka, nobody waits for
// a Tell: its failure is logged and, by default, stops the actor.
func Example_askError() {
	reg := registry.New()
	ref := actor.Start(Faulty{}, actor.WithRegistry(reg))

	_, err := actor.Ask(context.Background(), ref, hello("World"))
	fmt.Println(err)
	fmt.Println("still alive:", ref.IsAlive())

	_ = ref.Stop(context.Background())
	// Output:
	// Oops!
	// still alive: true
}

// Journal counts the lines it is told and says so when it stops.
type Journal struct{ lines int }

// Receive counts a line.
func (j *Journal) Receive(*actor.Context, string) error {
	j.lines++
	return nil
}

// OnStop runs once, after the last queued message.
func (j *Journal) OnStop(ctx *actor.Context) {
	fmt.Printf("%s stopped after %d lines\n", ctx.Name(), j.lines)
}

// 5. What happens at exit: Pykka's daemon threads.
//
//	class ExceptionActor(pykka.ThreadingActor):
//	    use_daemon_thread = True
//
// A Pykka actor is a thread, and Python waits for every non-daemon thread
// before it exits, so an actor left running keeps the program alive;
// use_daemon_thread lets the program exit without it. Go is the other way
// round: when main returns (or os.Exit is called) the program ends, whatever
// goroutines are still running, so nothing ever keeps it alive. An idle
// troupe actor holds no goroutine at all. The risk is the opposite one:
// messages still queued at exit are never handled.
//
// So a program stops its actors before it exits: registry.StopAll (usually
// deferred in main, on registry.Default) stops every actor newest first,
// each after the messages queued before it, running OnStop; its ctx bounds
// how long that may take. A deferred StopAll also runs while a panic unwinds
// main, but not after os.Exit or log.Fatal.
func Example_stopAllAtExit() {
	reg := registry.New()
	for _, name := range []string{"audit", "access"} {
		ref := actor.Start(&Journal{}, actor.WithRegistry(reg), actor.WithName(name))
		for range 3 {
			_ = ref.Tell("a line")
		}
	}

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := reg.StopAll(ctx); err != nil {
		fmt.Println(err)
	}
	fmt.Println("live actors:", reg.Len())
	// Output:
	// access stopped after 3 lines
	// audit stopped after 3 lines
	// live actors: 0
}

// 6. Calling a method through the proxy.
//
//	actor_proxy = actor_ref.proxy()
//	actor_proxy.greeting()
//
// actor.Call is the proxy, typed: it runs the method on the actor's
// goroutine, in turn with its messages, and returns a future. A method
// expression names the method; the compiler checks it. Stop waits for the
// queued call, as it does for messages.
func Example_proxyCall() {
	reg := registry.New()
	ref := actor.Start(&Greeter{}, actor.WithRegistry(reg))

	actor.Call(ref, (*Greeter).Greeting)

	_ = ref.Stop(context.Background())
	// Output: Hello, World!
}

// 7. A proxy call with a result.
//
//	future = actor_proxy.greeting()
//	answer = future.get()
//
// The method's result type becomes the future's: Call(ref, (*Greeter).Hello)
// is a *future.Future[string].
func Example_proxyCallResult() {
	reg := registry.New()
	ref := actor.Start(&Greeter{}, actor.WithRegistry(reg))

	f := actor.Call(ref, (*Greeter).Hello)
	answer, err := f.Get(context.Background())
	fmt.Println(answer, err)

	_ = ref.Stop(context.Background())
	// Output: Hello, World! <nil>
}

// NonActor is a plain object held by an actor, the seed's NonActor.
type NonActor struct{}

// Greeting returns a greeting.
func (NonActor) Greeting() string { return "Hello, World!" }

// Holder is an actor with attributes: a string and a plain object. It serves
// only calls, so it embeds actor.NoMessages.
type Holder struct {
	actor.NoMessages
	message  string
	nonActor NonActor
}

// 8. Reading an attribute through the proxy.
//
//	future = actor_proxy.message
//	answer = future.get()
//
// No accessor is needed: a closure reads the field on the actor's goroutine,
// so the read never races with the actor's own work.
func Example_attributeRead() {
	reg := registry.New()
	ref := actor.Start(&Holder{message: "Hello, World!"}, actor.WithRegistry(reg))

	f := actor.Call(ref, func(h *Holder) (string, error) { return h.message, nil })
	answer, _ := f.Get(context.Background())
	fmt.Println(answer)

	_ = ref.Stop(context.Background())
	// Output: Hello, World!
}

// 9. Calling a method of a nested object ("traversable" attributes).
//
//	class NonActor(object):
//	    pykka_traversable = True
//	future = actor_proxy.non_actor.greeting()
//
// Pykka needs the pykka_traversable flag to reach through an attribute. A
// closure reaches as deep as it likes, and still runs on the actor's
// goroutine, so nested objects need no flag and no proxy of their own.
func Example_nestedObject() {
	reg := registry.New()
	ref := actor.Start(&Holder{}, actor.WithRegistry(reg))

	f := actor.Call(ref, func(h *Holder) (string, error) { return h.nonActor.Greeting(), nil })
	answer, _ := f.Get(context.Background())
	fmt.Println(answer)

	_ = ref.Stop(context.Background())
	// Output: Hello, World!
}

// Worker is the seed's MyActor: Process stands for work that takes a while.
type Worker struct {
	actor.NoMessages
	index int        // which worker this is, for the router scenario
	clock *unitClock // where Process spends its time; nil: no time at all
}

// Process does task id, spending one unit of time on w's clock.
func (w *Worker) Process(id int) (int, error) {
	if w.clock != nil {
		w.clock.spend(id)
	}
	return id, nil
}

// unitClock is a fake clock for tasks that each take one unit of time. A
// task announces that it has begun and waits; the clock ends a unit by
// releasing every task running in it. Counting units is then exact and free
// of real time: two tasks share a unit only if they were running at the same
// moment.
type unitClock struct {
	begun chan unitTask
}

// unitTask is a task waiting for its unit to end.
type unitTask struct {
	id  int
	end chan struct{}
}

func newUnitClock() *unitClock { return &unitClock{begun: make(chan unitTask)} }

// spend runs one unit of task id: it returns when the clock ends the unit.
func (c *unitClock) spend(id int) {
	end := make(chan struct{})
	c.begun <- unitTask{id, end}
	<-end
}

// run drives the clock until tasks tasks have run, at most width at a time
// (one per actor), and returns the ids of the tasks that ran in each unit,
// sorted: one entry per unit of time elapsed. A unit ends once width tasks
// (or all that remain) have begun. If fewer begin, because the actors do not
// in fact run side by side, the unit ends after a grace period with the
// tasks it has, so the count shows the serial time instead of hanging. The
// grace period is a safety net: when the actors run in parallel it is never
// waited out.
func (c *unitClock) run(tasks, width int) [][]int {
	var units [][]int
	for tasks > 0 {
		unit := []unitTask{<-c.begun}
		grace := time.NewTimer(10 * time.Second)
	collect:
		for len(unit) < min(width, tasks) {
			select {
			case t := <-c.begun:
				unit = append(unit, t)
			case <-grace.C:
				break collect
			}
		}
		grace.Stop()
		ids := make([]int, len(unit))
		for i, t := range unit {
			ids[i] = t.id
		}
		slices.Sort(ids)
		units = append(units, ids)
		for _, t := range unit {
			close(t.end)
		}
		tasks -= len(unit)
	}
	return units
}

// 10. Two actors working in parallel.
//
//	actor_proxy_a = MyActor.start().proxy()
//	actor_proxy_b = MyActor.start().proxy()
//	future1 = actor_proxy_a.process(1, 1)
//	future2 = actor_proxy_a.process(2, 1)
//	future3 = actor_proxy_b.process(3, 1)
//	future4 = actor_proxy_b.process(4, 1)
//
// Four tasks of one second each take two seconds on two actors, not four:
// each actor runs its own tasks one at a time, the two actors side by side.
//
// Timing real sleeps would make the output depend on the machine, and an
// Example cannot use testing/synctest's fake clock (that needs a
// *testing.T). So the tasks spend their time on a unitClock the Example
// drives: a unit ends when both actors are inside a task, and the count of
// units is the elapsed time, exactly. (`go run ./cmd/tour` runs the same
// scenario with real sleeps and prints the wall-clock time.)
func Example_parallelActors() {
	reg := registry.New()
	clock := newUnitClock()
	a := actor.Start(&Worker{clock: clock}, actor.WithRegistry(reg), actor.WithName("A"))
	b := actor.Start(&Worker{clock: clock}, actor.WithRegistry(reg), actor.WithName("B"))

	process := func(id int) func(*Worker) (int, error) {
		return func(w *Worker) (int, error) { return w.Process(id) }
	}
	fs := []*future.Future[int]{
		actor.Call(a, process(1)),
		actor.Call(a, process(2)),
		actor.Call(b, process(3)),
		actor.Call(b, process(4)),
	}
	units := clock.run(len(fs), 2)

	ids, err := future.GetAll(context.Background(), fs...)
	for i, unit := range units {
		fmt.Printf("unit %d: tasks %v\n", i+1, unit)
	}
	fmt.Println("completed:", ids, err)
	fmt.Println("elapsed units:", len(units), "(one actor alone: 4)")

	_ = reg.StopAll(context.Background())
	// Output:
	// unit 1: tasks [1 3]
	// unit 2: tasks [2 4]
	// completed: [1 2 3 4] <nil>
	// elapsed units: 2 (one actor alone: 4)
}

// Account is the seed's AccountActor.
type Account struct {
	actor.NoMessages
	money int
}

// Balance returns the balance.
func (a *Account) Balance() (int, error) { return a.money, nil }

// SetBalance overwrites the balance: the non-atomic half of an update.
func (a *Account) SetBalance(money int) (int, error) {
	a.money = money
	return a.money, nil
}

// UpdateBalance adds amount to the balance in one step: the atomic update.
func (a *Account) UpdateBalance(amount int) (int, error) {
	a.money += amount
	return a.money, nil
}

// User is the seed's UserActor: it saves money into an account, stopping at
// its gate where the seed sleeps.
type User struct {
	actor.NoMessages
	name    string
	account *actor.CallRef[*Account]
	gate    gate
}

// Save reads the balance, waits at the gate, then writes balance+amount: a
// read-then-write that another user can slip between. Waiting with the
// actor's ctx lets the runtime detect a deadlock, should there be one.
func (u *User) Save(ctx *actor.Context, amount int) (int, error) {
	balance, err := actor.Call(u.account, (*Account).Balance).Get(ctx)
	if err != nil {
		return 0, err
	}
	fmt.Printf("%s read balance: %d\n", u.name, balance)
	u.gate.pass()
	set := func(a *Account) (int, error) { return a.SetBalance(balance + amount) }
	balance, err = actor.Call(u.account, set).Get(ctx)
	fmt.Printf("%s set balance: %d\n", u.name, balance)
	return balance, err
}

// SaveAtomic waits at the gate, then lets the account add amount itself.
func (u *User) SaveAtomic(ctx *actor.Context, amount int) (int, error) {
	u.gate.pass()
	update := func(a *Account) (int, error) { return a.UpdateBalance(amount) }
	balance, err := actor.Call(u.account, update).Get(ctx)
	fmt.Printf("%s update balance: %d\n", u.name, amount)
	return balance, err
}

// gate holds a user at one point of its work until the Example opens it:
// the seed's time.sleep(1), made into a schedule the Example controls.
type gate struct{ reached, open chan struct{} }

func newGate() gate { return gate{make(chan struct{}), make(chan struct{})} }

// pass reports that the gate is reached and waits until it is opened.
func (g gate) pass() {
	g.reached <- struct{}{}
	<-g.open
}

// bank is the seed's setting: an account holding 100 and two users, each
// with a gate.
type bank struct {
	account      *actor.CallRef[*Account]
	userA, userB *actor.CallRef[*User]
	gateA, gateB gate
}

func openBank(reg *registry.Registry) *bank {
	k := &bank{gateA: newGate(), gateB: newGate()}
	k.account = actor.Start(&Account{money: 100}, actor.WithRegistry(reg))
	k.userA = actor.Start(&User{name: "UserA", account: k.account, gate: k.gateA}, actor.WithRegistry(reg))
	k.userB = actor.Start(&User{name: "UserB", account: k.account, gate: k.gateB}, actor.WithRegistry(reg))
	return k
}

// interleave runs the seed's unlucky schedule, with save being (*User).Save
// or (*User).SaveAtomic: A starts saving 50 and reaches its gate, B starts
// saving 50 and reaches its gate, then A finishes, then B. The gates, not
// luck, make both users pass their first step before either writes. It
// returns the final balance.
func (k *bank) interleave(save func(*User, *actor.Context, int) (int, error)) int {
	ctx := context.Background()
	saving := func(ctx *actor.Context, u *User) (int, error) { return save(u, ctx, 50) }

	savedA := actor.CallContext(k.userA, saving)
	<-k.gateA.reached
	savedB := actor.CallContext(k.userB, saving)
	<-k.gateB.reached

	close(k.gateA.open)
	_, _ = savedA.Get(ctx)
	close(k.gateB.open)
	_, _ = savedB.Get(ctx)

	balance, _ := actor.Call(k.account, (*Account).Balance).Get(ctx)
	return balance
}

// 11a. Actors do not make an application free of races: a lost update.
//
//	def save(self, amount):
//	    balance = self._account_actor.get_balance().get()
//	    time.sleep(1)
//	    self._account_actor.set_balance(balance + amount).get()
//
// Each call runs alone on the account, but a read and a later write are two
// calls, and another user's calls run in between. The seed makes that likely
// with a sleep; here the users' gates make it certain: both read 100, both
// write 150, and one deposit is lost.
func Example_lostUpdate() {
	reg := registry.New()
	k := openBank(reg)

	fmt.Println("Final balance:", k.interleave((*User).Save))

	_ = reg.StopAll(context.Background())
	// Output:
	// UserA read balance: 100
	// UserB read balance: 100
	// UserA set balance: 150
	// UserB set balance: 150
	// Final balance: 150
}

// 11b. The fix: an atomic update.
//
//	def update_balance(self, money):
//	    self._money = self._money + money
//
// The account adds the amount itself, in one call that nothing can
// interrupt. The same unlucky schedule now ends with 200.
func Example_atomicUpdate() {
	reg := registry.New()
	k := openBank(reg)

	fmt.Println("Final balance:", k.interleave((*User).SaveAtomic))

	_ = reg.StopAll(context.Background())
	// Output:
	// UserA update balance: 50
	// UserB update balance: 50
	// Final balance: 200
}

// ActorA calls B and waits for the answer, the seed's ActorA.
type ActorA struct{ actor.NoMessages }

// MethodA calls B's MethodB and waits for it. With no B to call, it just
// answers.
func (*ActorA) MethodA(ctx *actor.Context, b *actor.CallRef[*ActorB]) (string, error) {
	if b == nil {
		return "A answered", nil
	}
	return actor.CallContext(b, func(ctx *actor.Context, b *ActorB) (string, error) {
		return b.MethodB(ctx)
	}).Get(ctx)
}

// ActorB calls back into A and waits for it, the seed's ActorB.
type ActorB struct {
	actor.NoMessages
	a *actor.CallRef[*ActorA]
}

// MethodB calls A's MethodA and waits for it. Like the seed, it passes A no
// actor to call, so A would just answer, if only it were free to.
func (b *ActorB) MethodB(ctx *actor.Context) (string, error) {
	return actor.CallContext(b.a, func(ctx *actor.Context, a *ActorA) (string, error) {
		return a.MethodA(ctx, nil)
	}).Get(ctx)
}

// 12. A deadlock between two actors, detected.
//
//	class ActorA(pykka.ThreadingActor):
//	    def method_a(self, actor_b_proxy):
//	        actor_b_proxy.method_b().get()
//	class ActorB(pykka.ThreadingActor):
//	    def method_b(self):
//	        self.actor_a_proxy.method_a().get()
//
// A waits for B, B waits for A: in Pykka both threads block forever, and the
// seed finds out by sending SIGUSR1 to dump every thread's stack. Here each
// handler waits with its *actor.Context, so the runtime knows who waits on
// whom: the wait that closes the cycle fails at once with a
// *actor.DeadlockError naming it, the error travels back to the caller, and
// both actors are free again.
//
// Which actor's wait closes the cycle depends on timing (it is the last of
// the two to start waiting), and DeadlockError.Cycle starts with that one, so
// the Example prints the cycle starting from A.
func Example_deadlock() {
	reg := registry.New()
	a := actor.Start(&ActorA{}, actor.WithRegistry(reg))
	b := actor.Start(&ActorB{a: a}, actor.WithRegistry(reg))

	f := actor.CallContext(a, func(ctx *actor.Context, a *ActorA) (string, error) {
		return a.MethodA(ctx, b)
	})
	_, err := f.Get(context.Background())

	var de *actor.DeadlockError
	if errors.As(err, &de) {
		fmt.Println("deadlock:", cycleFrom("ActorA", de))
	}
	fmt.Println("matches ErrDeadlock:", errors.Is(err, actor.ErrDeadlock))

	_ = reg.StopAll(context.Background())
	// Output:
	// deadlock: ActorA waits on ActorB waits on ActorA
	// matches ErrDeadlock: true
}

// cycleFrom names the actors of a deadlock cycle, starting from the actor
// called first. (The error's own message also gives each actor's URN,
// which is random.)
func cycleFrom(first string, de *actor.DeadlockError) string {
	names := make([]string, len(de.Cycle))
	for i, m := range de.Cycle {
		names[i] = m.Name
	}
	if i := slices.Index(names, first); i > 0 {
		names = append(names[i:], names[:i]...)
	}
	return strings.Join(append(names, names[0]), " waits on ")
}

// 13. A pool of 10 workers on 20 tasks, results in order.
//
//	actor_proxy_pool = [MyActor.start().proxy() for _ in range(10)]
//	futures = [actor_proxy_pool[i % len(actor_proxy_pool)].process(i)
//	           for i in range(20)]
//	answers = pykka.get_all(futures)
//
// The seed builds its pool by hand and fixes each task's worker up front.
// pool.New starts the workers from a factory, and pool.Map gives each task
// to a free worker and returns the results in input order, whatever order
// they finish in. On the Example's unit clock, ten workers run twenty tasks
// of one unit in two units.
func Example_pool() {
	reg := registry.New()
	clock := newUnitClock()
	p := pool.New(10, func() *Worker { return &Worker{clock: clock} }, actor.WithRegistry(reg))

	tasks := make([]int, 20)
	for i := range tasks {
		tasks[i] = i
	}
	units := make(chan [][]int)
	go func() { units <- clock.run(len(tasks), p.Size()) }()
	answers, err := pool.Map(context.Background(), p, tasks, (*Worker).Process)

	for i, unit := range <-units {
		fmt.Printf("unit %d: %d tasks\n", i+1, len(unit))
	}
	fmt.Println("answers:", answers, err)

	_ = p.Stop(context.Background())
	// Output:
	// unit 1: 10 tasks
	// unit 2: 10 tasks
	// answers: [0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19] <nil>
}

// 14. A round-robin router of 5 workers on 10 tasks, with a flat future.
//
//	router_ref = RoundRobinRouter.start(MyActor, 5)
//	futures = [router_proxy.forward('process', i) for i in range(10)]
//	inner_futures = pykka.get_all(futures)
//	answers = pykka.get_all(inner_futures)
//
// The seed's router is itself an actor, so each request comes back as a
// future of a future. router.NewRoundRobin is a plain value over existing
// refs: the k-th request goes to refs[k mod n], and router.Call returns one
// *future.Future[R], so a single GetAll collects every answer.
func Example_roundRobinRouter() {
	reg := registry.New()
	workers := make([]*actor.CallRef[*Worker], 5)
	for i := range workers {
		workers[i] = actor.Start(&Worker{index: i}, actor.WithRegistry(reg))
	}
	rr := router.NewRoundRobin(workers...)

	futures := make([]*future.Future[string], 10)
	for i := range futures {
		futures[i] = router.Call(rr, func(w *Worker) (string, error) {
			return fmt.Sprintf("task %d handled by worker %d", i, w.index), nil
		})
	}
	answers, err := future.GetAll(context.Background(), futures...)
	for _, answer := range answers {
		fmt.Println(answer)
	}
	fmt.Printf("%T %v\n", futures[0], err)

	_ = reg.StopAll(context.Background())
	// Output:
	// task 0 handled by worker 0
	// task 1 handled by worker 1
	// task 2 handled by worker 2
	// task 3 handled by worker 3
	// task 4 handled by worker 4
	// task 5 handled by worker 0
	// task 6 handled by worker 1
	// task 7 handled by worker 2
	// task 8 handled by worker 3
	// task 9 handled by worker 4
	// *future.Future[string] <nil>
}
