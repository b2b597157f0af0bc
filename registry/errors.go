package registry

import "errors"

// Errors returned by [Registry.Register] and [Registry.RegisterUnique],
// matched with [errors.Is].
var (
	// ErrNilEntry reports a nil Entry handed to Register.
	ErrNilEntry = errors.New("registry: nil entry")
	// ErrDuplicateURN reports an Entry whose URN is already registered.
	ErrDuplicateURN = errors.New("registry: duplicate URN")
	// ErrMalformedURN reports an Entry whose URN does not hold a UUID.
	ErrMalformedURN = errors.New("registry: malformed URN")
	// ErrNameTaken reports a name that another live entry holds, when
	// one of the two was registered with [Registry.RegisterUnique].
	ErrNameTaken = errors.New("registry: name taken")
)

// EntryError is one actor's failure within [Broadcast] or
// [Registry.StopAll], which join one EntryError per failing actor. It
// names the actor and wraps the cause, so both [errors.Is] on the cause and
// [errors.As] to *EntryError see through the joined error.
type EntryError struct {
	Op   string // "tell" or "stop"
	Name string // the actor's Name
	URN  string // the actor's URN
	Err  error  // what Tell or Stop returned
}

// Error returns e.g. "registry: stop Greeter urn:uuid:…: context deadline exceeded".
func (e *EntryError) Error() string {
	return "registry: " + e.Op + " " + e.Name + " " + e.URN + ": " + e.Err.Error()
}

// Unwrap returns the cause, for [errors.Is] and [errors.As].
func (e *EntryError) Unwrap() error { return e.Err }

// entryError wraps err, if any, in an *EntryError naming e.
func entryError(op string, e Entry, err error) error {
	if err == nil {
		return nil
	}
	return &EntryError{Op: op, Name: e.Name(), URN: e.URN(), Err: err}
}
