package actor_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/registry"
)

// A name of one's own; without it, the name is the state's type name.
func ExampleWithName() {
	reg := registry.New()
	named := actor.Start(&Greeter{}, actor.WithRegistry(reg), actor.WithName("front desk"))
	unnamed := actor.Start(&Greeter{}, actor.WithRegistry(reg))
	fmt.Println(named.Name(), "/", unnamed.Name())
	_ = reg.StopAll(context.Background())
	// Output: front desk / Greeter
}

// Fuse fails on the message "blow"; its first message waits at the gate,
// so that the example can queue more behind it.
type Fuse struct {
	gate  chan struct{}
	count int
}

func (f *Fuse) Receive(_ *actor.Context, msg string) error {
	if f.gate != nil {
		<-f.gate
		f.gate = nil
	}
	if msg == "blow" {
		return errors.New("fuse blown")
	}
	f.count++
	fmt.Println("handled", msg, f.count)
	return nil
}

// Dead letters: the messages queued behind a failure that stops the actor
// are handed to the function, never silently dropped.
func ExampleWithDeadLetters() {
	gate := make(chan struct{})
	fuse := actor.Start(&Fuse{gate: gate}, actor.WithRegistry(registry.New()), quiet,
		actor.WithDeadLetters(func(dl actor.DeadLetter) {
			fmt.Printf("dead letter %v to %s: %v\n", dl.Message, dl.Actor, dl.Reason)
		}))
	for _, m := range []string{"blow", "a", "b"} {
		_ = fuse.Tell(m)
	}
	close(gate)
	<-fuse.Done()
	// Output:
	// dead letter a to Fuse: fuse blown
	// dead letter b to Fuse: fuse blown
}

// Resume: a failed message is dropped and the actor goes on, state intact.
func ExampleWithPolicy() {
	fuse := actor.Start(&Fuse{}, actor.WithRegistry(registry.New()), quiet, actor.WithPolicy(actor.Resume))
	for _, m := range []string{"a", "blow", "b"} {
		_ = fuse.Tell(m)
	}
	_ = fuse.Stop(context.Background())
	// Output:
	// handled a 1
	// handled b 2
}

// A restart limit: past n restarts within the window, the actor stops, and
// Err says why. The backoff spaces the restarts out.
func ExampleWithRestartLimit() {
	fuse := actor.Spawn(func() *Fuse { return &Fuse{} }, actor.WithRegistry(registry.New()), quiet,
		actor.WithPolicy(actor.Restart),
		actor.WithRestartLimit(1, time.Minute),
		actor.WithBackoff(actor.Backoff{Min: time.Millisecond, Max: 2 * time.Millisecond}))
	for _, m := range []string{"a", "blow", "b", "blow"} {
		_ = fuse.Tell(m)
	}
	<-fuse.Done()
	fmt.Println(errors.Is(fuse.Err(), actor.ErrRestartLimit))
	// Output:
	// handled a 1
	// handled b 1
	// true
}

// TellContext waits for room in a full OverflowBlock mailbox only as long
// as its ctx allows.
func ExampleRef_TellContext() {
	gate := make(chan struct{})
	t := &Turnstile{started: make(chan struct{}), gate: gate}
	ts := actor.Start(t, actor.WithRegistry(registry.New()), actor.WithMailbox(1, actor.OverflowBlock))
	_ = ts.Tell("ada")
	<-t.started
	_ = ts.Tell("bob") // the mailbox is full now
	fmt.Println("queued:", ts.Len())

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Millisecond)
	defer cancel()
	err := ts.TellContext(ctx, "cy")
	fmt.Println(errors.Is(err, context.DeadlineExceeded))
	close(gate)
	_ = ts.Stop(context.Background())
	// Output:
	// queued: 1
	// true
}

// The actor's logs go to the logger given: here failures no caller
// receives (a failed Tell), as text, without the time and URN that change
// from run to run.
func ExampleWithLogger() {
	logger := slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{
		Level: slog.LevelError,
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey || a.Key == "urn" {
				return slog.Attr{}
			}
			return a
		},
	}))
	fuse := actor.Start(&Fuse{}, actor.WithRegistry(registry.New()), actor.WithLogger(logger))
	_ = fuse.Tell("blow")
	<-fuse.Done()
	// Output:
	// level=ERROR msg="actor: tell failed" actor=Fuse err="fuse blown"
}
