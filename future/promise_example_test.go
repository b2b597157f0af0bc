package future_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/troupe-go/troupe/future"
)

// A promise is the writing end of a future: whoever holds it completes the
// future, once; the first completion wins.
func ExampleNewPromise() {
	p := future.NewPromise[string]()
	f := p.Future()
	go p.Resolve("done")

	v, err := f.Get(context.Background())
	fmt.Println(v, err)
	fmt.Println(p.Resolve("again"), p.Reject(errors.New("too late")))
	// Output:
	// done <nil>
	// false false
}

// parse panics on bad input; Recover turns the panic into its error.
func parse(s string) (n int, err error) {
	defer future.Recover(&err)
	if s == "" {
		panic("empty input")
	}
	return len(s), nil
}

// Recover, deferred, turns a panic into a *PanicError holding the value and
// the stack, so that the caller gets an error instead of a crash.
func ExampleRecover() {
	_, err := parse("")
	var pe *future.PanicError
	fmt.Println(errors.As(err, &pe), pe.Value)
	fmt.Println(err)
	// Output:
	// true empty input
	// panic: empty input
}

// Resolved and Failed make futures that are complete from the start: for a
// value at hand where an API wants a future.
func ExampleResolved() {
	cached := future.Resolved(42)
	fmt.Println(cached.Get(context.Background()))
	// Output: 42 <nil>
}

func ExampleFailed() {
	refused := future.Failed[int](errors.New("no such account"))
	fmt.Println(refused.Get(context.Background()))
	// Output: 0 no such account
}
