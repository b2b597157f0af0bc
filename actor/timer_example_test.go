package actor_test

import (
	"context"
	"fmt"
	"time"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/registry"
)

// AlarmMsg is an alarm clock's message type, an interface: Ring and Snooze
// are its kinds.
type AlarmMsg interface{ alarmMsg() }

type (
	Ring   struct{ Label string }
	Snooze struct{}
)

func (Ring) alarmMsg()   {}
func (Snooze) alarmMsg() {}

// Alarm prints a ring and stops, unless it was snoozed.
type Alarm struct{ snoozed bool }

func (a *Alarm) Receive(ctx *actor.Context, msg AlarmMsg) error {
	switch m := msg.(type) {
	case Snooze:
		a.snoozed = true
	case Ring:
		fmt.Println("ring:", m.Label)
		if !a.snoozed {
			ctx.Stop()
		}
		a.snoozed = false
	}
	return nil
}

// Sleeper is an alarm set from the start.
type Sleeper struct{ Alarm }

// OnStart sets an alarm from the handler's Context. Ring is not AlarmMsg,
// but can be assigned to it: After takes it as it is.
func (s *Sleeper) OnStart(ctx *actor.Context) error {
	actor.After(ctx, 5*time.Millisecond, Ring{Label: "wake up"})
	return nil
}

// A one-shot timer set from a handler: the message arrives once, after the
// delay, in turn with the actor's other messages.
func ExampleAfter() {
	sleeper := actor.Start(&Sleeper{}, actor.WithRegistry(registry.New()))
	<-sleeper.Done()
	// Output:
	// ring: wake up
}

// The same from outside the actor, through its ref: the message's type is
// checked by the compiler (Ring is an AlarmMsg; a string would not compile).
func ExampleRef_After() {
	alarm := actor.Start(&Alarm{}, actor.WithRegistry(registry.New()))
	alarm.After(5*time.Millisecond, Ring{Label: "tea is ready"})
	<-alarm.Done()
	// Output:
	// ring: tea is ready
}

// Metronome counts ticks and stops at the third.
type Metronome struct{ ticks int }

// Tick is a metronome's message.
type Tick struct{}

func (m *Metronome) Receive(ctx *actor.Context, _ Tick) error {
	return countToThree(ctx, &m.ticks, "tick")
}

// A periodic timer set through the ref.
func ExampleRef_Every() {
	m := actor.Start(&Metronome{}, actor.WithRegistry(registry.New()))
	m.Every(2*time.Millisecond, Tick{})
	<-m.Done()
	// Output:
	// tick 1
	// tick 2
	// tick 3
}

// Mourner prints the notice of a death it watches, then stops.
type Mourner struct{}

func (*Mourner) Receive(ctx *actor.Context, notice string) error {
	fmt.Println(notice)
	ctx.Stop()
	return nil
}

// A death watch through the ref: notice returns the watcher's own message
// type, checked by the compiler.
func ExampleRef_Watch() {
	reg := registry.New()
	worker := actor.Start(&Metronome{}, actor.WithRegistry(reg), actor.WithName("worker"))
	mourner := actor.Start(&Mourner{}, actor.WithRegistry(reg))
	mourner.Watch(worker, func(err error) string { return fmt.Sprintf("worker stopped (err %v)", err) })

	_ = worker.Stop(context.Background())
	<-mourner.Done()
	// Output:
	// worker stopped (err <nil>)
}

// Offer tells a value held as any if the actor's message type can take it:
// the way registry.Broadcast reaches actors of every type.
func ExampleRef_Offer() {
	alarm := actor.Start(&Alarm{}, actor.WithRegistry(registry.New()))
	for _, v := range []any{"not an alarm message", Ring{Label: "offered"}} {
		fits, err := alarm.Offer(v)
		fmt.Printf("%T fits: %v, err: %v\n", v, fits, err)
	}
	<-alarm.Done()
	// Unordered output:
	// string fits: false, err: <nil>
	// actor_test.Ring fits: true, err: <nil>
	// ring: offered
}
