package remote

import (
	"sync/atomic"

	"github.com/google/uuid"
)

// Ref is a handle on a name served somewhere (one exposure, or a queue
// group of them) under the contract C: [Ask], [AskAsync], [Tell] and
// [TellAck] take only C's kinds. Making one sends nothing; a name that
// nobody serves fails the first ask with [ErrNoResponders].
//
// A *Ref is also a member for troupe's member-generic routers: see
// [Ref.IsAlive], [Ref.Len] and [Ref.UUID].
type Ref[C any] struct {
	node    *Node
	name    string
	subject string // "troupe.<ns>.<name>."
	window  *tellWindow
	id      uuid.UUID

	inflight atomic.Int64 // asks through this ref not completed yet
	retryAt  atomic.Int64 // unix ns: 0 while alive; else when to ping again
	probing  atomic.Bool  // a ping is in flight
}

// LookupOption configures a [Ref].
type LookupOption interface{ applyLookup(*lookupConfig) }

type lookupConfig struct{ window int } // TellWindow's size; 0: none

// Lookup returns a handle on name for node n's namespace. It panics if
// name is not a valid name.
func Lookup[C any](n *Node, name string, opts ...LookupOption) *Ref[C] {
	if n == nil {
		panic("remote: Lookup with a nil node")
	}
	if err := checkToken("actor", name); err != nil {
		panic("remote: Lookup: " + err.Error())
	}
	var cfg lookupConfig
	for _, o := range opts {
		o.applyLookup(&cfg)
	}
	r := &Ref[C]{node: n, name: name, subject: n.prefix + name + ".", id: refID(n.cfg.namespace, name)}
	if cfg.window > 0 {
		r.window = newTellWindow(n, r.subject, cfg.window)
	}
	return r
}

// Name returns the name the ref addresses.
func (r *Ref[C]) Name() string { return r.name }

// String names the subjects the ref sends to.
func (r *Ref[C]) String() string { return "remote:" + r.subject + "*" }
