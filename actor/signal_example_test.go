//go:build unix

package actor_test

import (
	"context"
	"fmt"
	"os"
	"syscall"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/registry"
)

// report is a writer that keeps the first dump written to it and then
// closes done.
type report struct {
	text string
	done chan struct{}
}

func (r *report) Write(p []byte) (int, error) {
	if r.text == "" {
		r.text = string(p)
		close(r.done)
	}
	return len(p), nil
}

// DumpOnSignal writes the dump each time the process gets the signal: here
// the example signals itself, where a person would run kill -USR1 <pid>.
func ExampleDumpOnSignal() {
	reg := registry.New()
	front := actor.Start(newTurnstile(), actor.WithRegistry(reg), actor.WithName("front"))
	out := &report{done: make(chan struct{})}
	stop := actor.DumpOnSignal(context.Background(), out, reg, false, syscall.SIGUSR1)

	_ = syscall.Kill(os.Getpid(), syscall.SIGUSR1)
	<-out.done
	stop()
	fmt.Print(sanitize(out.text))
	_ = front.Stop(context.Background())
	// Output:
	// actors: 1 at TIME
	// front (URN): idle; mailbox 0, handled 0
}
