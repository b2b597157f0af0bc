// Command tour walks through troupe live: each scenario runs for real and
// prints what happened and how long it took.
//
//	go run ./cmd/tour           # every scenario, in order
//	go run ./cmd/tour -only 3   # just the third
//
// Scenarios are rows of a table; each package adds its own rows.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"time"
)

// scenario is one step of the tour: a heading and the code that shows it,
// writing its narration to w. An error means the tour did not show what it
// promised, and the command exits non-zero.
type scenario struct {
	title string
	run   func(w io.Writer) error
}

// scenarios is the tour, in order. Numbers shown (and taken by -only) count
// from 1.
var scenarios = []scenario{
	{"A future: Get waits for a value from another goroutine", futureGet},
	{"GetTimeout gives up, and the future still delivers", futureGetTimeout},
	{"GetAll keeps argument order, whatever order values arrive in", futureGetAll},
	{"Map transforms a value when it arrives, without a goroutine", futureMap},
	{"Then chains futures and stays flat", futureThen},
	{"A panic in a callback is caught and reported as an error", futurePanic},
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
func tour(w io.Writer, only int) error {
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
