package remote

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/future"
)

// Errors of this package, matched with errors.Is.
var (
	// ErrNoResponders: nobody serves the name (NATS answered 503), so the
	// request certainly was not handled. It matches actor.ErrStopped.
	ErrNoResponders error = &matchingError{"remote: no responders", actor.ErrStopped}
	// ErrLost: neither a reply nor a heartbeat came within the lease (the
	// serving process died, or the network between them failed). The
	// request may or may not have run, so it does not match
	// actor.ErrStopped: retry only what is idempotent.
	ErrLost = errors.New("remote: lost: no reply or heartbeat within the lease; the request may have run")
	// ErrDisconnected: the local node is closed, or its connection is. It
	// matches actor.ErrStopped.
	ErrDisconnected error = &matchingError{"remote: node closed", actor.ErrStopped}
	// ErrBusy: too many requests in flight (the serving exposure's
	// MaxInFlight, the asking node's MaxPending, or a Tell window that is
	// full). It matches actor.ErrMailboxFull.
	ErrBusy error = &matchingError{"remote: busy", actor.ErrMailboxFull}
	// ErrUnknownKind: the serving side has no handler for the kind.
	ErrUnknownKind = errors.New("remote: unknown kind")
	// ErrBadRequest: the serving side could not read the request (a body
	// that does not decode, another codec, a nonsense deadline).
	ErrBadRequest = errors.New("remote: bad request")
	// ErrReplyTooLarge: the reply is larger than the server's max_payload.
	ErrReplyTooLarge = errors.New("remote: reply too large")
	// ErrNodeLost: a monitored actor's node sent no heartbeat for a while;
	// the actor may still run. [Monitor]'s Err reports it.
	ErrNodeLost = errors.New("remote: node lost: no heartbeat")
)

// matchingError is a sentinel that also matches a wider one of package
// actor, so callers that know only actor's errors handle it right.
type matchingError struct {
	msg string
	is  error
}

func (e *matchingError) Error() string { return e.msg }
func (e *matchingError) Unwrap() error { return e.is }

// Error is an error that crossed the wire: the serving side's code and
// message. Unwrap gives the local error its code stands for (actor's
// sentinels, context.DeadlineExceeded, a *future.PanicError, an error
// registered with [RegisterError]), so errors.Is and errors.As work on it
// as on a local error.
type Error struct {
	Code    string // "stopped", "panic", a registered code, or "error" for one without a code
	Message string // the remote error's text
	err     error
}

// Error names the code and gives the remote error's text.
func (e *Error) Error() string { return "remote " + e.Code + ": " + e.Message }

// Unwrap returns the local error the code stands for, or nil.
func (e *Error) Unwrap() error { return e.err }

// Coder is an error that names its own code on the wire. The receiving side
// gets a *Error with that code, which matches an error registered under it.
type Coder interface{ RemoteCode() string }

// codeGeneric is the code of an error that has none.
const codeGeneric = "error"

// builtinCodes map codes to local errors, most specific first: encoding an
// error takes the first that matches.
var builtinCodes = []struct {
	code string
	err  error
}{
	{"no_responders", ErrNoResponders},
	{"disconnected", ErrDisconnected},
	{"busy", ErrBusy},
	{"lost", ErrLost},
	{"node_lost", ErrNodeLost},
	{"unknown_kind", ErrUnknownKind},
	{"bad_request", ErrBadRequest},
	{"reply_too_large", ErrReplyTooLarge},
	{"stopped", actor.ErrStopped},
	{"mailbox_full", actor.ErrMailboxFull},
	{"deadlock", actor.ErrDeadlock},
	{"deadline", context.DeadlineExceeded},
	{"canceled", context.Canceled},
}

const codePanic = "panic"

var registered struct {
	sync.RWMutex
	codes []string
	errs  map[string]error
}

// RegisterError makes err cross the wire under code: an error matching err
// (errors.Is) that a handler returns reaches the asker as a *Error matching
// err. Register the same codes in both processes, at init. It panics on an
// empty code, a code troupe uses, a nil err, or a code registered twice.
func RegisterError(code string, err error) {
	if code == "" || err == nil {
		panic("remote: RegisterError with an empty code or a nil error")
	}
	if code == codePanic || code == codeGeneric || builtinErr(code) != nil {
		panic(fmt.Sprintf("remote: RegisterError: code %q is troupe's own", code))
	}
	registered.Lock()
	defer registered.Unlock()
	if _, dup := registered.errs[code]; dup {
		panic(fmt.Sprintf("remote: RegisterError: code %q registered twice", code))
	}
	if registered.errs == nil {
		registered.errs = make(map[string]error)
	}
	registered.errs[code] = err
	registered.codes = append(registered.codes, code)
}

func builtinErr(code string) error {
	for _, b := range builtinCodes {
		if b.code == code {
			return b.err
		}
	}
	return nil
}

// codeOf finds the wire code of err: its own (Coder, or a *Error passing
// through), a registered one, troupe's, "panic", or "error".
func codeOf(err error) string {
	var c Coder
	if errors.As(err, &c) {
		return c.RemoteCode()
	}
	var re *Error
	if errors.As(err, &re) {
		return re.Code
	}
	registered.RLock()
	for _, code := range registered.codes {
		if errors.Is(err, registered.errs[code]) {
			registered.RUnlock()
			return code
		}
	}
	registered.RUnlock()
	var pe *future.PanicError
	if errors.As(err, &pe) {
		return codePanic
	}
	for _, b := range builtinCodes {
		if errors.Is(err, b.err) {
			return b.code
		}
	}
	return codeGeneric
}

// messageOf is the text sent with err: a panic's value, else err's text.
func messageOf(err error) string {
	var pe *future.PanicError
	if errors.As(err, &pe) && codeOf(err) == codePanic {
		return fmt.Sprint(pe.Value)
	}
	return err.Error()
}

// decodeError rebuilds an error that crossed the wire.
func decodeError(code, msg string) *Error {
	e := &Error{Code: code, Message: msg}
	switch code {
	case codePanic:
		e.err = &future.PanicError{Value: msg}
	case codeGeneric:
	default:
		if e.err = builtinErr(code); e.err == nil {
			registered.RLock()
			e.err = registered.errs[code]
			registered.RUnlock()
		}
	}
	return e
}
