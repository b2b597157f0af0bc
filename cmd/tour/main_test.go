package main

import (
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/troupe-go/troupe/internal/leakcheck"
)

// shows maps a scenario, by the start of its title, to lines it must print:
// the point the scenario makes. Every scenario must have an entry.
var shows = map[string][]string{
	"Hello:":                   {"actor says: Hello, World!"},
	"Constructor arguments:":   {"actor says: Hajimemashite, Sekai!"},
	"Ask:":                     {"-> Hello, World!", "-> Hello, Timeout!", "-> Hello, Future!", "-> Hello, Future-Timeout!"},
	"A handler's error":        {"Ask returned it: Oops!", "IsAlive() = true"},
	"At exit:":                 {"10000 messages handled, 0 actors left"},
	"Proxy call:":              {"actor says: Hello, World!"},
	"Proxy call with a result": {`Get -> "Hello, World!"`},
	"Reading an attribute":     {`field on the actor's goroutine: "Hello, World!"`},
	"Calling a nested object":  {`no pykka_traversable flag: "Hello, World!"`},
	"Two actors in parallel":   {"Completed: ID 1 in 50ms by worker 0", "Completed: ID 4 in 50ms by worker 1", "results [1 2 3 4]; Elapsed Time: "},
	"The bank account":         {"UserA read balance: 100", "UserB read balance: 100", "Final Balance: 150", "Final Balance: 200"},
	"The A-B deadlock":         {"actor: deadlock: ", "errors.Is(err, actor.ErrDeadlock) = true"},
	"A pool of 10 workers":     {"*** Calculation Completed *** answers in input order: [0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19]", "Elapsed Time: "},
	"A round-robin router":     {"router.Call returned *future.Future[[2]int] each", "ID: 0 (worker 0 = 0 mod 5)", "ID: 9 (worker 4 = 9 mod 5)"},
	"Appendix: a future's Get": {`Get -> "the answer is 42"`},
	"Appendix: GetTimeout":     {"future: timeout after 30ms", "GetTimeout(30ms) -> 7"},
	"Appendix: GetAll":         {"GetAll returned        ant bee cat dog eel"},
	"Appendix: Map":            {`"area 81 m²"`},
	"Appendix: Then":           {"*future.Future[string]", `Get -> "user #300"`},
	"Appendix: a panic":        {"integer divide by zero", "futurePanic.func1"},
}

func TestTour(t *testing.T) {
	t.Run("every scenario runs without error and leaves no goroutine behind", func(t *testing.T) {
		before := leakcheck.Count()
		require.NoError(t, tour(io.Discard, 0))
		// Goroutines that already finished their work (a timer's, an
		// actor's after Done) may still be exiting: give them a bounded while.
		n, dump := leakcheck.Settle(before, 5*time.Second)
		require.LessOrEqual(t, n, before, dump)
	})

	t.Run("-only runs just the scenario asked for, under its heading", func(t *testing.T) {
		var out strings.Builder
		require.NoError(t, tour(&out, 3))
		require.Equal(t, 1, strings.Count(out.String(), "\n== "))
		require.Contains(t, out.String(), "== 3. "+scenarios[2].title)
	})

	t.Run("each scenario prints its heading and the lines that make its point", func(t *testing.T) {
		for i, s := range scenarios {
			t.Run(s.title, func(t *testing.T) {
				var lines []string
				for prefix, l := range shows {
					if strings.HasPrefix(s.title, prefix) {
						require.Nil(t, lines, "two entries of shows match %q", s.title)
						lines = l
					}
				}
				require.NotEmpty(t, lines, "shows has no entry for %q", s.title)

				var out strings.Builder
				require.NoError(t, tour(&out, i+1))
				require.Contains(t, out.String(), fmt.Sprintf("== %d. %s\n", i+1, s.title))
				for _, l := range lines {
					require.Contains(t, out.String(), l)
				}
			})
		}
	})
}
