package future

import (
	"fmt"
	"runtime/debug"
)

// PanicError is the error a future fails with when the code that should have
// completed it panicked: a callback of [Map], [Then], [Reduce] or [Filter], or
// (as actor.PanicError, the same type) an actor's handler. It keeps the panic
// value and the stack of the panicking goroutine, so nobody waits forever on
// a crashed computation and the crash is not lost.
type PanicError struct {
	Value any    // what was passed to panic
	Stack []byte // the panicking goroutine's stack, from runtime/debug.Stack
}

// Error reports the panic value.
func (e *PanicError) Error() string { return fmt.Sprintf("panic: %v", e.Value) }

// Unwrap returns the panic value when it is an error, so errors.Is and
// errors.As see through a panic(err).
func (e *PanicError) Unwrap() error {
	err, _ := e.Value.(error)
	return err
}

// Recover turns a panic into a *PanicError stored in *err. Use it deferred:
// defer future.Recover(&err).
func Recover(err *error) {
	if v := recover(); v != nil {
		*err = &PanicError{Value: v, Stack: debug.Stack()}
	}
}
