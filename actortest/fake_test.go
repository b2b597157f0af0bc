package actortest_test

import (
	"fmt"
	"runtime"
	"sync"
	"testing"
)

// fakeTB stands in for a test whose failures are the subject: it records
// them instead of failing the real test, and runs its cleanups when told.
type fakeTB struct {
	testing.TB // the real test, for what fakeTB does not override
	mu         sync.Mutex
	failures   []string
	cleanups   []func()
}

func newFakeTB(t *testing.T) *fakeTB {
	f := &fakeTB{TB: t}
	t.Cleanup(f.cleanup) // whatever a test left, so no actor outlives it
	return f
}

func (f *fakeTB) Helper() {}

func (f *fakeTB) Errorf(format string, args ...any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.failures = append(f.failures, fmt.Sprintf(format, args...))
}

func (f *fakeTB) Fatalf(format string, args ...any) {
	f.Errorf(format, args...)
	runtime.Goexit()
}

func (f *fakeTB) FailNow() { runtime.Goexit() }

func (f *fakeTB) Cleanup(fn func()) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.cleanups = append(f.cleanups, fn)
}

// cleanup runs the cleanups registered so far, last first, as a test's end does.
func (f *fakeTB) cleanup() {
	f.mu.Lock()
	fns := f.cleanups
	f.cleanups = nil
	f.mu.Unlock()
	for i := len(fns) - 1; i >= 0; i-- {
		fns[i]()
	}
}

func (f *fakeTB) failed() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.failures...)
}

// run calls fn on a goroutine of its own, as a test body, so that a Fatal
// in it ends that goroutine only, and returns whether fn returned normally.
func (f *fakeTB) run(fn func()) (returned bool) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn()
		returned = true
	}()
	<-done
	return returned
}
