package remote

import (
	"fmt"
	"strings"
)

// AskKind is one kind of request of the contract C, with its request type Q
// and reply type R. Both processes share it (declare it in a package they
// both import); only its name and codec cross the wire. C is a phantom type
// naming the contract, so a kind of another contract does not compile where
// a *Ref[C] or an *Exposure[C] is expected.
type AskKind[C, Q, R any] struct{ kind }

// TellKind is one kind of one-way message of the contract C, with the
// message type Q. See [AskKind].
type TellKind[C, Q any] struct{ kind }

// kind is what an AskKind and a TellKind share: the name on the wire and
// the codec.
type kind struct {
	name  string
	codec Codec
}

// Name returns the kind's name, the last token of its subject.
func (k *kind) Name() string { return k.name }

// KindOption configures a kind at [NewAsk] or [NewTell].
type KindOption interface{ applyKind(*kind) }

type kindOptionFunc func(*kind)

func (f kindOptionFunc) applyKind(k *kind) { f(k) }

// WithCodec makes the kind's requests and replies use c instead of JSON.
func WithCodec(c Codec) KindOption {
	if c == nil {
		panic("remote: WithCodec with a nil codec")
	}
	return kindOptionFunc(func(k *kind) { k.codec = c })
}

// NewAsk declares a request kind of contract C named name, taking Q and
// answering R. It panics if name is not a valid kind name (see [NewTell]).
func NewAsk[C, Q, R any](name string, opts ...KindOption) *AskKind[C, Q, R] {
	return &AskKind[C, Q, R]{newKind("NewAsk", name, opts)}
}

// NewTell declares a one-way kind of contract C named name, taking Q. A
// name is one NATS subject token: not empty, without '.', '*', '>' or
// white space, and not starting with '_' (kept for troupe's own kinds). It
// panics if name is not valid.
func NewTell[C, Q any](name string, opts ...KindOption) *TellKind[C, Q] {
	return &TellKind[C, Q]{newKind("NewTell", name, opts)}
}

func newKind(fn, name string, opts []KindOption) kind {
	if err := checkToken("kind", name); err != nil {
		panic(fmt.Sprintf("remote: %s: %v", fn, err))
	}
	k := kind{name: name, codec: JSON}
	for _, o := range opts {
		o.applyKind(&k)
	}
	return k
}

// checkToken reports why s cannot be a kind or actor name: these are NATS
// subject tokens, and names starting with '_' are troupe's own.
func checkToken(what, s string) error {
	switch {
	case s == "":
		return fmt.Errorf("empty %s name", what)
	case strings.HasPrefix(s, "_"):
		return fmt.Errorf("%s name %q starts with '_', kept for troupe's own subjects", what, s)
	case strings.ContainsAny(s, ".*> \t\r\n"):
		return fmt.Errorf("%s name %q contains '.', '*', '>' or white space", what, s)
	}
	return nil
}
