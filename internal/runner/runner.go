package runner

import (
	"context"
	"runtime"
	"runtime/pprof"
	"sync"
	"time"
)

// Task is what a runner runs.
type Task interface{ Run() }

// IdleFor is how long a tick lasts: a runner parked through a whole tick
// leaves at its end.
const IdleFor = 100 * time.Millisecond

// runner is a parked runner: the channel it waits on (a nil task tells it
// to leave) and the tick in which it parked.
type runner struct {
	work  chan Task
	since uint64
}

// pool is the set of parked runners, newest last, and the tasks that wait
// for a tick to pass.
var pool struct {
	mu      sync.Mutex
	parked  []runner
	later   []laterTask
	tick    uint64
	ticking bool // the goroutine that retires idle runners and runs later tasks is running
}

// laterTask is a task given to Later and the tick in which it was.
type laterTask struct {
	t     Task
	since uint64
}

// Go runs t on a parked runner, or on a new one if none is parked. It does
// not wait for t. A task that belongs to a synctest bubble must not be given
// to Go, since a parked runner is outside every bubble: see Bubbled.
func Go(t Task) {
	pool.mu.Lock()
	if n := len(pool.parked); n > 0 {
		r := pool.parked[n-1]
		pool.parked[n-1] = runner{}
		pool.parked = pool.parked[:n-1]
		pool.mu.Unlock()
		r.work <- t // never blocks: capacity 1, and the runner holds nothing else
		return
	}
	pool.mu.Unlock()
	if Bubbled() {
		go t.Run() // a runner started here would belong to the bubble
		return
	}
	go run(t)
}

// noLabels is what a parked runner's profiler labels are set back to.
var noLabels = context.Background()

// run is a runner's goroutine: it runs tasks until it is told to leave, or
// finds enough runners parked.
func run(t Task) {
	var work chan Task // made when it first parks
	for t != nil {
		t.Run()
		pprof.SetGoroutineLabels(noLabels) // a parked runner is no actor's
		if !park(&work) {
			return
		}
		t = <-work
	}
}

// parkedPerProc bounds the parked runners, per processor: when wake-ups
// come faster than runners get a processor (a burst of them), the runners
// made meanwhile end rather than park, and their stacks go back to the
// runtime at once.
const parkedPerProc = 4

// park puts the runner on the parked list, and starts the ticking that
// retires idle runners if it is not running. It reports false if enough
// runners are parked: this one then ends.
func park(work *chan Task) bool {
	pool.mu.Lock()
	if len(pool.parked) >= parkedPerProc*runtime.GOMAXPROCS(0) {
		pool.mu.Unlock()
		return false
	}
	if *work == nil {
		*work = make(chan Task, 1)
	}
	pool.parked = append(pool.parked, runner{*work, pool.tick})
	startTicking()
	return true
}

// startTicking starts the ticking goroutine if it is not running, and
// unlocks pool.mu.
func startTicking() {
	start := !pool.ticking
	pool.ticking = true
	pool.mu.Unlock()
	if start {
		go retire()
	}
}

// Later runs t on the ticking goroutine once a whole tick has passed (one
// to two ticks from now), unless RunLater runs it first. Tasks run one at a
// time and must be short. Go's own goroutines run them, so a task given
// from inside a synctest bubble must not touch the bubble's channels.
func Later(t Task) {
	pool.mu.Lock()
	pool.later = append(pool.later, laterTask{t, pool.tick})
	startTicking()
}

// RunLater runs now, on the calling goroutine, every task given to Later
// so far. Benchmarks and tests call it to see what the tasks leave behind
// without waiting a tick.
func RunLater() {
	pool.mu.Lock()
	due := pool.later
	pool.later = nil
	pool.mu.Unlock()
	for _, l := range due {
		l.t.Run()
	}
}

// retire ends, at the end of each tick, the runners that stayed parked
// through all of it and runs the Later tasks given before it began; it ends
// itself once no runner is parked and no task waits.
func retire() {
	for {
		time.Sleep(IdleFor)
		pool.mu.Lock()
		pool.tick++
		// Both lists are in the order their entries came: the due ones first.
		idle := takeDue(&pool.parked, func(r runner) uint64 { return r.since })
		due := takeDue(&pool.later, func(l laterTask) uint64 { return l.since })
		done := len(pool.parked) == 0 && len(pool.later) == 0
		if done {
			pool.ticking = false
		}
		pool.mu.Unlock()
		for _, r := range idle {
			r.work <- nil
		}
		for _, l := range due {
			l.t.Run()
		}
		if done {
			return
		}
	}
}

// takeDue removes from list, and returns, the entries at its front that
// came at least a whole tick ago.
func takeDue[E any](list *[]E, since func(E) uint64) []E {
	n := 0
	for n < len(*list) && since((*list)[n])+2 <= pool.tick {
		n++
	}
	due := make([]E, n)
	copy(due, *list)
	rest := append((*list)[:0], (*list)[n:]...)
	clear((*list)[len(rest):])
	*list = rest
	return due
}

// Parked returns the number of parked runners.
func Parked() int {
	pool.mu.Lock()
	defer pool.mu.Unlock()
	return len(pool.parked)
}

// realStart is a time before any synctest bubble's clock could be late
// enough to pass it.
var realStart = time.Now()

// Bubbled reports whether the calling goroutine is in a testing/synctest
// bubble. Go offers no call for it; a bubble's fake clock starts at
// midnight UTC on 2000-01-01, long before this process started, and would
// have to run for decades to reach it. Cost: one clock read.
func Bubbled() bool { return time.Now().Before(realStart) }
