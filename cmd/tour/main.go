package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"sync"
	"time"
)

// scenario is one step of the tour: a heading and the code that shows it,
// writing its narration to w. An error means the tour did not show what it
// promised, and the command exits non-zero.
type scenario struct {
	title string
	run   func(w io.Writer) error
}

// scenarios is the tour, in order: the seed article's fourteen scenarios,
// then an appendix on futures. Numbers shown (and taken by -only) count
// from 1.
var scenarios = []scenario{
	{"Hello: Tell a message, and Stop after it is handled", hello},
	{"Constructor arguments: the state you start is the actor", constructorArguments},
	{"Ask: blocking, with a timeout, as a future, as a future with a timeout", ask},
	{"A handler's error reaches the asker", askError},
	{"At exit: nothing keeps a Go program alive, and StopAll loses nothing", stopAllAtExit},
	{"Proxy call: Call runs a method on the actor's goroutine", proxyCall},
	{"Proxy call with a result: a typed future", proxyCallResult},
	{"Reading an attribute through Call", attributeRead},
	{"Calling a nested object through Call", nestedObject},
	{"Two actors in parallel: four tasks in half the serial time", parallelActors},
	{"The bank account: a lost update, and the atomic fix", bankAccount},
	{"The A-B deadlock, detected and named", deadlock},
	{"A pool of 10 workers on 20 tasks, answers in input order", poolOfWorkers},
	{"A round-robin router of 5 on 10 tasks, with flat futures", roundRobinRouter},
	{"Appendix: a future's Get waits for a value from another goroutine", futureGet},
	{"Appendix: GetTimeout gives up, and the future still delivers", futureGetTimeout},
	{"Appendix: GetAll keeps argument order, whatever order values arrive in", futureGetAll},
	{"Appendix: Map transforms a value when it arrives, without a goroutine", futureMap},
	{"Appendix: Then chains futures and stays flat", futureThen},
	{"Appendix: a panic in a callback is caught and reported as an error", futurePanic},
}

func main() {
	only := flag.Int("only", 0, fmt.Sprintf("run only scenario `N` (1..%d)", len(scenarios)))
	flag.Parse()
	if *only < 0 || *only > len(scenarios) {
		fmt.Fprintf(os.Stderr, "tour: -only %d: scenarios are numbered 1..%d\n", *only, len(scenarios))
		os.Exit(2)
	}
	if err := tour(os.Stdout, *only); err != nil {
		fmt.Fprintln(os.Stderr, "tour:", err)
		os.Exit(1)
	}
}

// tour runs every scenario, or only number only when it is not zero.
// Actors write to w from their own goroutines, so writes are serialised.
func tour(w io.Writer, only int) error {
	w = &syncWriter{w: w}
	for i, s := range scenarios {
		n := i + 1
		if only != 0 && n != only {
			continue
		}
		fmt.Fprintf(w, "\n== %d. %s\n", n, s.title)
		start := time.Now()
		if err := s.run(w); err != nil {
			return fmt.Errorf("scenario %d (%s): %w", n, s.title, err)
		}
		fmt.Fprintf(w, "   (%v)\n", time.Since(start).Round(time.Microsecond))
	}
	return nil
}

// syncWriter lets several goroutines write to one writer.
type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}
