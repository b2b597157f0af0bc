package actor_test

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/actortest"
	"github.com/troupe-go/troupe/future"
)

// This file holds the supervision tests' shared actor, gen: each state a
// lineage makes is one generation, numbered from 1, and tells the lineage's
// probe of each step of its life.

// life is one step of a generation's life, as "g start", "g got n", and
// when it happened.
type life struct {
	line string
	at   time.Time
}

// String quotes the line, for a failing expectation to show.
func (l life) String() string { return strconv.Quote(l.line) }

// lineage makes the generations of one or more actors and holds the probe
// they report to. Lines from several actors keep the order in which their
// hooks ran wherever one hook happens before the other: both reach the
// probe's mailbox in that order.
type lineage struct {
	t     testing.TB
	probe *actortest.Probe[life]

	mu   sync.Mutex
	made int
}

// settleWithin bounds how long a lineage waits for lines it expects; in a
// synctest bubble it is fake time, taken only when a line is missing.
const settleWithin = time.Minute

// newLineage starts a lineage's probe in a registry of t's, which stops it
// when t ends. t must be the bubble's own when the test runs in one.
func newLineage(t testing.TB) *lineage {
	t.Helper()
	return &lineage{t: t, probe: actortest.NewProbe[life](t, actor.WithRegistry(actortest.NewRegistry(t)))}
}

// add tells the probe of one step. It runs on an actor's goroutine, where
// the test cannot end at once, so a refusal fails the test and goes on.
func (l *lineage) add(format string, args ...any) {
	if err := l.probe.Ref().Tell(life{line: fmt.Sprintf(format, args...), at: time.Now()}); err != nil {
		l.t.Errorf("telling the lineage's probe: %v", err)
	}
}

// factory makes generations; those whose number is in failStart fail
// their OnStart with errStart.
func (l *lineage) factory(failStart ...int) func() *gen {
	return func() *gen {
		l.mu.Lock()
		defer l.mu.Unlock()
		l.made++
		g := &gen{l: l, id: l.made}
		for _, n := range failStart {
			g.failStart = g.failStart || n == l.made
		}
		return g
	}
}

// expect requires the lines the probe holds to be want, in order, and no
// more once every goroutine of the bubble has settled.
func (l *lineage) expect(t testing.TB, want ...string) {
	t.Helper()
	require.Equal(t, want, linesOf(l.probe.Next(settleWithin, len(want))))
	synctest.Wait()
	l.probe.ExpectNone(0)
}

// lives waits until every goroutine of the bubble has settled and takes
// every step the probe holds, in order: a second call returns only the
// steps since the first.
func (l *lineage) lives() []life {
	synctest.Wait()
	return l.probe.Drain()
}

// lines is lives, without the times.
func (l *lineage) lines() []string { return linesOf(l.lives()) }

// matching waits as lives does and returns the lines keep accepts, in
// order.
func (l *lineage) matching(keep func(string) bool) []string {
	var out []string
	for _, line := range l.lines() {
		if keep(line) {
			out = append(out, line)
		}
	}
	return out
}

// countEnding returns how many of lines end with suffix ("start", "stop",
// …).
func countEnding(lines []string, suffix string) int {
	n := 0
	for _, line := range lines {
		if strings.HasSuffix(line, " "+suffix) {
			n++
		}
	}
	return n
}

func linesOf(ls []life) []string {
	out := make([]string, len(ls))
	for i, l := range ls {
		out[i] = l.line
	}
	return out
}

// job is gen's message: fail makes the handler return errBoom, hold makes
// it wait for the channel first, and an Ask's reply gets the generation's
// count of jobs done.
type job struct {
	n     int
	fail  bool
	hold  chan struct{}
	reply *future.Promise[int]
}

func askJob(n int) func(*future.Promise[int]) job {
	return func(p *future.Promise[int]) job { return job{n: n, reply: p} }
}

type gen struct {
	l         *lineage
	id        int
	done      int
	failStart bool
}

func (g *gen) Receive(_ *actor.Context, m job) error {
	if m.hold != nil {
		<-m.hold
	}
	if m.fail {
		g.l.add("%d fails %d", g.id, m.n)
		return errBoom
	}
	g.done++
	g.l.add("%d got %d", g.id, m.n)
	if m.reply != nil {
		m.reply.Resolve(g.done)
	}
	return nil
}

func (g *gen) OnStart(*actor.Context) error {
	if g.failStart {
		g.l.add("%d start failed", g.id)
		return errStart
	}
	g.l.add("%d start", g.id)
	return nil
}

func (g *gen) OnStop(*actor.Context) { g.l.add("%d stop", g.id) }

func (g *gen) OnFailure(_ *actor.Context, err error) { g.l.add("%d failure", g.id) }

// askCount asks ref for job n and returns the count the generation reports.
func askCount(t testing.TB, ref *actor.Ref[*gen, job], n int) int {
	t.Helper()
	v, err := actor.Ask(context.Background(), ref, askJob(n))
	require.NoError(t, err)
	return v
}
