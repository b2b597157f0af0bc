package actor_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/registry"
)

// quiet keeps the examples' output to what they print: failures that no
// caller receives are logged at Error, and here nobody needs to read them.
var quiet = actor.WithLogger(slog.New(slog.DiscardHandler))

// Printer prints jobs; the job "jam" breaks it.
type Printer struct{ id int }

func (p *Printer) Receive(_ *actor.Context, job string) error {
	if job == "jam" {
		return errors.New("paper jam")
	}
	fmt.Printf("printer %d printed %s\n", p.id, job)
	return nil
}

func (p *Printer) OnStart(*actor.Context) error {
	fmt.Printf("printer %d ready\n", p.id)
	return nil
}

func (p *Printer) OnStop(*actor.Context) { fmt.Printf("printer %d retired\n", p.id) }

// A restarting worker: the job that fails is lost, the jobs queued behind it
// are printed by a fresh state, after a short backoff, through the same ref.
func ExampleSpawn() {
	made := 0
	printer := actor.Spawn(func() *Printer { made++; return &Printer{id: made} },
		actor.WithPolicy(actor.Restart),
		actor.WithBackoff(actor.Backoff{Min: time.Millisecond, Max: 100 * time.Millisecond}),
		actor.WithRegistry(registry.New()), quiet)
	for _, job := range []string{"report", "jam", "invoice", "letter"} {
		printer.Tell(job)
	}
	// A Call queued behind the jobs waits for them, and for the restart.
	id, _ := actor.Call(printer, func(p *Printer) (int, error) { return p.id, nil }).Get(context.Background())
	fmt.Println("now printer", id)
	printer.Stop(context.Background())
	// Output:
	// printer 1 ready
	// printer 1 printed report
	// printer 1 retired
	// printer 2 ready
	// printer 2 printed invoice
	// printer 2 printed letter
	// now printer 2
	// printer 2 retired
}

// Service is a child; its factory numbers its lives.
type Service struct {
	name string
	life int
}

func (s *Service) Receive(_ *actor.Context, cmd string) error {
	if cmd == "crash" {
		return errors.New("disk full")
	}
	return nil
}

func (s *Service) OnStart(*actor.Context) error {
	if s.life > 1 {
		fmt.Println(s.name, "up again")
	}
	return nil
}

func (s *Service) OnStop(*actor.Context) { fmt.Println(s.name, "down") }

func service(name string) func() *Service {
	life := 0
	return func() *Service { life++; return &Service{name: name, life: life} }
}

// Supervisor starts its children in OnStart and restarts the one that fails.
type Supervisor struct {
	actor.NoMessages
	db *actor.Ref[*Service, string]
}

func (s *Supervisor) OnStart(ctx *actor.Context) error {
	s.db = actor.SpawnChild(ctx, service("db"), actor.WithName("db"))
	actor.SpawnChild(ctx, service("cache"), actor.WithName("cache"))
	return nil
}

func (s *Supervisor) OnChildFailure(_ *actor.Context, f actor.ChildFailure) actor.Directive {
	fmt.Printf("supervisor: %s failed (%v), restart it\n", f.Child.Name(), f.Err)
	return actor.Restart
}

func (s *Supervisor) OnStop(*actor.Context) { fmt.Println("supervisor down") }

// A supervised tree: a failed child is restarted by its parent's decision,
// through the same ref; stopping the parent stops its children first,
// newest first.
func ExampleSpawnChild() {
	sup := actor.Start(&Supervisor{}, actor.WithRegistry(registry.New()), quiet)
	db, _ := actor.Call(sup, func(s *Supervisor) (*actor.Ref[*Service, string], error) { return s.db, nil }).Get(context.Background())

	db.Tell("crash")
	// A Call queued behind the crash runs on the restarted db.
	life, _ := actor.Call(db, func(s *Service) (int, error) { return s.life, nil }).Get(context.Background())
	fmt.Println("db life", life)

	sup.Stop(context.Background())
	// Output:
	// db down
	// supervisor: db failed (disk full), restart it
	// db up again
	// db life 2
	// supervisor down
	// cache down
	// db down
}

// Monitor reports the deaths it watches.
type Monitor struct{ reported chan struct{} }

func (m *Monitor) Receive(_ *actor.Context, news string) error {
	fmt.Println("monitor:", news)
	close(m.reported)
	return nil
}

// A death watch: the monitor gets a message of its own type when the
// printer stops, carrying why.
func ExampleWatch() {
	reg := registry.New()
	printer := actor.Start(&Printer{id: 7}, actor.WithRegistry(reg), quiet)
	monitor := &Monitor{reported: make(chan struct{})}
	mon := actor.Start(monitor, actor.WithRegistry(reg), quiet)
	actor.CallContext(mon, func(ctx *actor.Context, _ *Monitor) (bool, error) {
		actor.Watch(ctx, printer, func(err error) string { return fmt.Sprintf("printer stopped: %v", err) })
		return true, nil
	}).Get(context.Background())

	printer.Tell("jam")
	<-monitor.reported
	reg.StopAll(context.Background())
	// Output:
	// printer 7 ready
	// printer 7 retired
	// monitor: printer stopped: paper jam
}

// Heart beats three times, then stops itself.
type Heart struct{ beats int }

// Beat is the heart's timer message.
type Beat struct{}

func (h *Heart) OnStart(ctx *actor.Context) error {
	actor.Every(ctx, 5*time.Millisecond, Beat{})
	return nil
}

func (h *Heart) Receive(ctx *actor.Context, _ Beat) error { return countToThree(ctx, &h.beats, "beat") }

// countToThree counts a timer's message in n, prints the first three and
// stops the actor at the third.
func countToThree(ctx *actor.Context, n *int, what string) error {
	*n++
	if *n > 3 {
		// One queued before the Stop below was asked for (on a busy
		// machine, while the third was waiting its turn) is still handled.
		return nil
	}
	fmt.Println(what, *n)
	if *n == 3 {
		ctx.Stop() // the timer dies with the actor
	}
	return nil
}

// A timer: the actor sends itself a message at an interval.
func ExampleEvery() {
	heart := actor.Start(&Heart{}, actor.WithRegistry(registry.New()), quiet)
	<-heart.Done()
	// Output:
	// beat 1
	// beat 2
	// beat 3
}
