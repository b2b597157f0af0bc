package actor_test

import (
	"bytes"
	"context"
	"fmt"
	"regexp"
	"sync"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/registry"
)

// Turnstile handles one visitor at a time: each waits at the gate until the
// example opens it. started tells when the first one is being handled.
type Turnstile struct {
	started chan struct{}
	gate    chan struct{}
	once    sync.Once
}

func newTurnstile() *Turnstile {
	return &Turnstile{started: make(chan struct{}), gate: make(chan struct{})}
}

func (t *Turnstile) Receive(_ *actor.Context, visitor string) error {
	t.once.Do(func() { close(t.started) })
	<-t.gate
	return nil
}

// A bounded mailbox: with room for one queued message and OverflowFail, a
// third Tell, while the first is handled and the second waits, is refused
// at once.
func ExampleWithMailbox() {
	t := newTurnstile()
	ts := actor.Start(t, actor.WithRegistry(registry.New()), actor.WithMailbox(1, actor.OverflowFail))
	fmt.Println("ada:", ts.Tell("ada"))
	<-t.started // ada is being handled: she does not count against the capacity
	fmt.Println("bob:", ts.Tell("bob"))
	fmt.Println("cy:", ts.Tell("cy"))
	close(t.gate)
	_ = ts.Stop(context.Background())
	// Output:
	// ada: <nil>
	// bob: <nil>
	// cy: actor: mailbox full
}

// busyAndIdle starts two turnstiles in reg: "busy", handling one visitor
// with one more waiting, until release is called, and "idle", which never
// had a visitor.
func busyAndIdle(reg *registry.Registry) (release func()) {
	t := newTurnstile()
	busy := actor.Start(t, actor.WithRegistry(reg), actor.WithName("busy"))
	actor.Start(newTurnstile(), actor.WithRegistry(reg), actor.WithName("idle"))
	_ = busy.Tell("ada")
	<-t.started
	_ = busy.Tell("bob")
	return func() { close(t.gate) }
}

// Inspect gives each actor's state as data, in start order.
func ExampleInspect() {
	reg := registry.New()
	release := busyAndIdle(reg)

	for _, s := range actor.Inspect(reg) {
		fmt.Printf("%s: running %v, mailbox %d, handled %d\n", s.Name, !s.Running.IsZero(), s.Mailbox, s.Handled)
	}
	release()
	_ = reg.StopAll(context.Background())
	// Output:
	// busy: running true, mailbox 1, handled 1
	// idle: running false, mailbox 0, handled 0
}

// sanitize replaces what changes from run to run in a dump, the time, the
// URNs and the durations, so that the example can check the rest.
func sanitize(dump string) string {
	dump = regexp.MustCompile(`at \S+\n`).ReplaceAllString(dump, "at TIME\n")
	dump = regexp.MustCompile(`urn:uuid:[0-9a-f-]+`).ReplaceAllString(dump, "URN")
	return regexp.MustCompile(`for [0-9.µnm]*s`).ReplaceAllString(dump, "for D")
}

// Dump writes one line per actor: what it does and for how long, its
// mailbox depth and how many messages it has handled.
func ExampleDump() {
	reg := registry.New()
	release := busyAndIdle(reg)

	var out bytes.Buffer
	_ = actor.Dump(&out, reg)
	fmt.Print(sanitize(out.String()))
	release()
	_ = reg.StopAll(context.Background())
	// Output:
	// actors: 2 at TIME
	// busy (URN): running for D; mailbox 1, handled 1
	// idle (URN): idle; mailbox 0, handled 0
}
