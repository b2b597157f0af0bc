package remote

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/nats-io/nats.go"
)

// A *Ref is a member for troupe's member-generic routers
// (router.NewRoundRobinOf, NewRandomOf, NewSmallestOf, NewConsistentHashOf):
// IsAlive, Len and UUID are what they ask of a member. The router picks a
// ref; the caller sends to it with Ask, AskAsync, Tell or TellAck.

// refNamespace is the v5 UUID namespace of ref identities.
var refNamespace = uuid.NewSHA1(uuid.NameSpaceURL, []byte("https://github.com/troupe-go/troupe/remote#ref"))

// refID is the identity of name in namespace ns: the same in every process.
// Tokens hold no '.', so "<ns>.<name>" (the subject's middle) is one
// pair's alone.
func refID(ns, name string) uuid.UUID { return uuid.NewSHA1(refNamespace, []byte(ns+"."+name)) }

// UUID returns the ref's identity, a version-5 UUID of its namespace and
// name: the same for every ref on that name in every process, so that a
// consistent-hash router over remote refs sends a key to the same name from
// every process.
func (r *Ref[C]) UUID() uuid.UUID { return r.id }

// Len returns the number of asks in flight through this ref from this
// process (Ask, AskAsync, TellAck, a Tell window's acknowledgements and
// Monitor's ping that have not completed yet): the load a least-loaded router compares. It
// knows nothing of other processes' asks or of the remote mailbox.
func (r *Ref[C]) Len() int { return int(r.inflight.Load()) }

// IsAlive reports whether the name may be served: false while this node is
// closed, and after an ask through this ref got no responders or a
// [Monitor] on it fired, until a reply arrives. A ref that is not alive
// retries on its own: once a heartbeat (the node's [WithHeartbeat]) has
// passed since it went down, the next IsAlive sends one ping to the name
// (no user request is spent on it), and the ref is alive again when the
// ping is answered. IsAlive never blocks; true is a hint, not a promise:
// an ask to a name whose last server just left still fails with
// [ErrNoResponders], and marks the ref down for the next pick.
func (r *Ref[C]) IsAlive() bool {
	if r.node.isClosed() {
		return false
	}
	retry := r.retryAt.Load()
	if retry == 0 {
		return true
	}
	if time.Now().UnixNano() >= retry && r.probing.CompareAndSwap(false, true) {
		r.probe()
	}
	return false
}

// send is the node's ask for a request through r, after the Tells that
// r's window holds (so they are handled first).
func (r *Ref[C]) send(ctx context.Context, m *nats.Msg, complete func(*nats.Msg, error)) {
	if r.window != nil {
		r.window.flush(false)
	}
	r.request(ctx, m, complete)
}

// request is the node's ask through r: it counts the ask in Len and learns
// from its outcome whether anyone serves r.
func (r *Ref[C]) request(ctx context.Context, m *nats.Msg, complete func(*nats.Msg, error)) {
	r.inflight.Add(1)
	r.node.ask(ctx, m, func(m *nats.Msg, err error) {
		r.inflight.Add(-1)
		r.observe(m, err)
		complete(m, err)
	})
}

// observe marks r down on no responders and up on any other reply; an
// error without a reply (lost, deadline, closed) says nothing of the name.
// It reports whether the outcome was a reply from a server of the name.
func (r *Ref[C]) observe(m *nats.Msg, err error) bool {
	switch {
	case err != nil:
		return false
	case m.Header.Get(natsStatus) == noResponders:
		r.markDown()
		return false
	}
	r.retryAt.Store(0)
	return true
}

// markDown makes IsAlive false until a reply, or a ping a heartbeat from
// now answered.
func (r *Ref[C]) markDown() {
	r.retryAt.Store(time.Now().Add(r.node.cfg.heartbeat).UnixNano())
}

// probe pings the name once; an answer brings r back, anything else puts
// the next ping a heartbeat later. It costs no goroutine.
func (r *Ref[C]) probe() {
	m := &nats.Msg{Subject: r.subject + kindPing}
	ctx, cancel := context.WithTimeout(context.Background(), r.node.cfg.lease)
	r.node.ask(ctx, m, func(m *nats.Msg, err error) {
		cancel()
		if !r.observe(m, err) {
			r.markDown()
		}
		r.probing.Store(false)
	})
}
