package benchmarks

// A lib is one actor library as the workloads see it. Each adapter file
// (baseline_test.go, troupe_test.go, protoactor_test.go) defines one.
type lib struct {
	name string
	// open sets up what the library's actors live in (an actor system, a
	// registry); the workloads call it outside the timed region.
	open func() system
}

// A system is one library set up for one benchmark run. Its hot loops (send,
// ask) live inside the adapters, on concrete types, so that the workloads pay
// one interface call per batch of messages and not one per message.
type system interface {
	// counter starts an actor that counts the messages it handles and closes
	// its done channel once it handled target of them (at once if target is 0).
	counter(target int) sink
	// echo starts an idle actor that answers every request with 1.
	echo() asker
	// spawnAskStop starts an echo actor, asks it once and stops it, waiting
	// until it stopped.
	spawnAskStop() error
	// idle starts n actors, each registered, and returns once every one of
	// them handled one Tell; stop stops them all and waits until they stopped.
	idle(n int) (stop func(), err error)
	// close stops whatever is left and releases the system.
	close()
}

// A sink is a running counter actor.
type sink interface {
	// send tells n messages, one at a time, from the calling goroutine.
	send(n int) error
	// done is closed by the actor once it handled its target.
	done() <-chan struct{}
	// stop stops the actor and waits until it stopped.
	stop()
}

// An asker is a running echo actor.
type asker interface {
	// ask makes n sequential request/reply round trips.
	ask(n int) error
	// handled is how many requests the actor handled; read it after ask returned.
	handled() int
	// stop stops the actor and waits until it stopped.
	stop()
}

// libs in the order in which every workload runs them: baseline first.
var libs = []lib{baselineLib, troupeLib, protoactorLib}

// newDone makes a counter's done channel, already closed when target is 0.
func newDone(target int) chan struct{} {
	done := make(chan struct{})
	if target == 0 {
		close(done)
	}
	return done
}
