package actor_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/registry"
)

// Savings is an account entity: one actor per account, found by its name.
type Savings struct{ balance int }

func (l *Savings) Receive(_ *actor.Context, amount int) error { l.balance += amount; return nil }

func (l *Savings) Balance() (int, error) { return l.balance, nil }

// A unique name: a second live actor of it is refused, with the holder's
// URN in the error.
func ExampleStartUnique() {
	reg := registry.New()
	acct, err := actor.StartUnique("acct-42", &Savings{}, actor.WithRegistry(reg))
	fmt.Println(acct.Name(), err)

	_, err = actor.StartUnique("acct-42", &Savings{}, actor.WithRegistry(reg))
	fmt.Println(errors.Is(err, registry.ErrNameTaken))
	_ = reg.StopAll(context.Background())
	// Output:
	// acct-42 <nil>
	// true
}

// Get-or-start: many goroutines ask for the account at once; one starts
// it, all get the same ref, and every deposit reaches the one actor.
func ExampleGetOrStart() {
	reg := registry.New()
	started := 0 // the factory runs once, so this needs no lock
	newSavings := func() *Savings { started++; return &Savings{} }

	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() {
			acct, err := actor.GetOrStart("acct-42", newSavings, actor.WithRegistry(reg))
			if err == nil {
				_ = acct.Tell(5)
			}
		})
	}
	wg.Wait()

	acct, _ := registry.Lookup[*actor.Ref[*Savings, int]](reg, "acct-42")
	balance, _ := actor.Call(acct, (*Savings).Balance).Get(context.Background())
	fmt.Println("started:", started, "balance:", balance)
	_ = reg.StopAll(context.Background())
	// Output:
	// started: 1 balance: 50
}

// ChatRoom says goodbye when it retires.
type ChatRoom struct {
	name  string
	lines int
}

func (r *ChatRoom) Receive(_ *actor.Context, line string) error {
	r.lines++
	fmt.Printf("%s: %s\n", r.name, line)
	return nil
}

// OnIdle runs after WithIdle's time without messages. This room retires
// once it has been used: without OnIdle, it would stop whenever idle.
func (r *ChatRoom) OnIdle(ctx *actor.Context) {
	if r.lines > 0 {
		ctx.Stop()
	}
}

func (r *ChatRoom) OnStop(*actor.Context) { fmt.Println(r.name, "retired") }

// Passivation: a room with no message for a while stops by itself, and the
// next GetOrStart starts it afresh.
func ExampleWithIdle() {
	reg := registry.New()
	newRoom := func() *ChatRoom { return &ChatRoom{name: "golang"} }
	opts := []actor.Option{actor.WithRegistry(reg), actor.WithIdle(10 * time.Millisecond)}

	room, _ := actor.GetOrStart("golang", newRoom, opts...)
	_ = room.Tell("hello")
	<-room.Done() // 10 ms after the last message

	again, _ := actor.GetOrStart("golang", newRoom, opts...)
	fmt.Println("fresh actor:", again != room)
	_ = again.Stop(context.Background())
	// Output:
	// golang: hello
	// golang retired
	// fresh actor: true
	// golang retired
}
