// Command mistyped must not compile: each line marked "want" hands an actor
// a message of the wrong type, through a timer, a watch or a Tell.
// TestMistypedMessagesDoNotCompile builds it and requires the compiler to
// report each marked line.
package main

import (
	"time"

	"github.com/troupe-go/troupe/actor"
)

// Tick is the clock's message; Tock is another type.
type (
	Tick struct{}
	Tock struct{}
)

// Clock takes Ticks.
type Clock struct{}

func (*Clock) Receive(*actor.Context, Tick) error { return nil }

func main() {
	r := actor.Start(&Clock{})
	r.After(time.Second, Tock{})                       // want: After
	r.Every(time.Second, Tock{})                       // want: Every
	r.Watch(r, func(err error) Tock { return Tock{} }) // want: Watch
	_ = r.Tell(Tock{})                                 // want: Tell
}
