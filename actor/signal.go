package actor

import (
	"context"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime/pprof"

	"github.com/troupe-go/troupe/registry"
)

// DumpOnSignal writes [Dump]'s report of reg (registry.Default when reg is
// nil) to w each time the process receives one of sig, and with stacks set
// follows it with every goroutine's stack, grouped, each group with its
// profiler labels, so the goroutines running actor code show the actor's
// name and URN. It is Pykka's log_thread_tracebacks, with the actors'
// waits, mailboxes and names beside the stacks:
//
//	defer actor.DumpOnSignal(ctx, os.Stderr, nil, true, syscall.SIGUSR1)()
//
// and then, from a shell, kill -USR1 <pid>.
//
// The signals are caught from the moment DumpOnSignal returns until ctx
// ends or the returned stop is called; stop ends the listening, waits for a
// dump in progress, and restores the signals' default behaviour (for
// SIGUSR1, ending the process). A failed write is logged with
// slog.Default at Error. DumpOnSignal panics if w is nil or sig is empty
// (signal.Notify would take that to mean every signal).
func DumpOnSignal(ctx context.Context, w io.Writer, reg *registry.Registry, stacks bool, sig ...os.Signal) (stop func()) {
	if w == nil {
		panic("actor: DumpOnSignal with a nil writer")
	}
	if len(sig) == 0 {
		panic("actor: DumpOnSignal needs at least one signal")
	}
	caught := make(chan os.Signal, 1) // signals that come during a dump make one more
	signal.Notify(caught, sig...)
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer signal.Stop(caught)
		for {
			select {
			case <-caught:
				if err := dump(w, reg, stacks); err != nil {
					slog.Error("actor: DumpOnSignal could not write", "err", err)
				}
			case <-ctx.Done():
				return
			}
		}
	}()
	return func() {
		cancel()
		<-done
	}
}

// dump writes Dump's report, then the goroutine stacks if asked.
func dump(w io.Writer, reg *registry.Registry, stacks bool) error {
	if err := Dump(w, reg); err != nil || !stacks {
		return err
	}
	return pprof.Lookup("goroutine").WriteTo(w, 1)
}
