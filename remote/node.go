package remote

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/micro"
	"github.com/nats-io/nuid"
)

// Node is one process's presence on NATS: it serves exposures and sends
// requests through one connection, which the caller owns (connect with TLS
// and credentials as NATS documents: they pass through unchanged). Make one
// per process; Close it before closing the connection.
//
// One goroutine per node keeps time: it sends heartbeats for requests it
// serves that take longer than a heartbeat, fails asks whose lease ran
// out, and beats for monitors. A second one publishes the frames of Tell
// windows ([TellWindow]). Nothing else of a node holds a goroutine.
type Node struct {
	nc     *nats.Conn
	cfg    config
	id     string
	prefix string // "troupe.<namespace>."
	inbox  string // "<inbox>.": reply subjects are inbox + token
	sub    *nats.Subscription
	svc    micro.Service

	mu        sync.Mutex
	closed    bool
	pending   map[string]*pendingAsk // asks sent, by reply token
	served    map[*servedAsk]struct{}
	exposures map[*exposure]struct{}
	monitors  map[*Watch]struct{}

	token  atomic.Uint64
	stats  counters
	frames frameQueue

	quit chan struct{}
	wg   sync.WaitGroup
}

// Stats counts what a node dropped, so that nothing is lost silently.
type Stats struct {
	StrayReplies    int64 // replies to asks this node did not make, or gave up on
	ExpiredRequests int64 // requests that arrived past their deadline, dropped unanswered
	BadRequests     int64 // requests answered bad_request or unknown_kind
	RefusedTells    int64 // un-acknowledged Tells the actor refused (stopped, mailbox full)
	BusyRequests    int64 // requests answered busy (MaxInFlight)
}

type counters struct {
	stray, expired, bad, refused, busy atomic.Int64
}

// Stats returns the node's counters.
func (n *Node) Stats() Stats {
	return Stats{
		StrayReplies:    n.stats.stray.Load(),
		ExpiredRequests: n.stats.expired.Load(),
		BadRequests:     n.stats.bad.Load(),
		RefusedTells:    n.stats.refused.Load(),
		BusyRequests:    n.stats.busy.Load(),
	}
}

// pendingAsk is an ask waiting for its reply. Whoever takes it out of the
// node's map (the reply, the sweeper, the ctx, Close) completes it.
type pendingAsk struct {
	complete func(m *nats.Msg, err error)
	heard    time.Time // last reply or heartbeat, or the send
	deadline time.Time // zero: none
	stopCtx  atomic.Pointer[func() bool]
}

// servedAsk is a request being handled here, beaten for while it runs.
type servedAsk struct {
	reply    string
	since    time.Time
	deadline time.Time
}

// NewNode starts a node on nc. It fails if nc is closed or its server does
// not support headers, or an option is invalid.
func NewNode(nc *nats.Conn, opts ...Option) (*Node, error) {
	if nc == nil {
		return nil, errors.New("remote: NewNode with a nil connection")
	}
	cfg := config{
		namespace:      DefaultNamespace,
		lease:          DefaultLease,
		heartbeat:      DefaultHeartbeat,
		defaultTimeout: DefaultTimeout,
		maxPending:     DefaultMaxPending,
		discovery:      true,
	}
	for _, o := range opts {
		if err := o.apply(&cfg); err != nil {
			return nil, fmt.Errorf("remote: NewNode: %w", err)
		}
	}
	if cfg.lease < 2*cfg.heartbeat {
		return nil, fmt.Errorf("remote: NewNode: lease %v is shorter than two heartbeats (%v)", cfg.lease, cfg.heartbeat)
	}
	if nc.IsClosed() {
		return nil, fmt.Errorf("remote: NewNode: %w", nats.ErrConnectionClosed)
	}
	if !nc.HeadersSupported() {
		return nil, fmt.Errorf("remote: NewNode: %w", nats.ErrHeadersNotSupported)
	}
	n := &Node{
		nc:        nc,
		cfg:       cfg,
		id:        nuid.Next(),
		prefix:    root + "." + cfg.namespace + ".",
		inbox:     nc.NewInbox() + ".",
		pending:   make(map[string]*pendingAsk),
		served:    make(map[*servedAsk]struct{}),
		exposures: make(map[*exposure]struct{}),
		monitors:  make(map[*Watch]struct{}),
		quit:      make(chan struct{}),
		frames:    frameQueue{kick: make(chan struct{}, 1)},
	}
	sub, err := nc.Subscribe(n.inbox+"*", n.onReply)
	if err != nil {
		return nil, fmt.Errorf("remote: NewNode: subscribe to replies: %w", err)
	}
	n.sub = sub
	if cfg.discovery {
		if err := n.startDiscovery(); err != nil {
			_ = sub.Unsubscribe()
			return nil, fmt.Errorf("remote: NewNode: %w", err)
		}
	}
	n.wg.Add(2)
	go n.keepTime()
	go n.flushFrames()
	return n, nil
}

func (n *Node) isClosed() bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.closed
}

// ID returns the node's unique id.
func (n *Node) ID() string { return n.id }

// Namespace returns the node's namespace.
func (n *Node) Namespace() string { return n.cfg.namespace }

// Close publishes the Tells its windows still hold (after which their
// Tells fail with [ErrDisconnected]), stops the node's exposures (draining
// what they received; see [Exposure.Stop]), fails its pending asks with
// [ErrDisconnected] and ends its monitors and its goroutines. It waits
// for the drains until ctx ends. It leaves the connection open: the
// caller owns it.
func (n *Node) Close(ctx context.Context) error {
	n.mu.Lock()
	if n.closed {
		n.mu.Unlock()
		return nil
	}
	exps := make([]*exposure, 0, len(n.exposures))
	for e := range n.exposures {
		exps = append(exps, e)
	}
	n.mu.Unlock()
	n.closeFrames()
	var errs []error
	for _, e := range exps {
		errs = append(errs, e.stop(ctx, nil))
	}
	n.mu.Lock()
	n.closed = true
	pending := n.pending
	n.pending = nil
	monitors := n.monitors
	n.monitors = nil
	n.mu.Unlock()
	close(n.quit)
	n.wg.Wait()
	for _, p := range pending {
		p.finish(nil, ErrDisconnected)
	}
	for w := range monitors {
		w.fire(ErrDisconnected)
	}
	if n.svc != nil {
		errs = append(errs, n.svc.Stop())
	}
	errs = append(errs, n.sub.Unsubscribe())
	if err := errors.Join(errs...); err != nil && !errors.Is(err, nats.ErrConnectionClosed) {
		return fmt.Errorf("remote: Close: %w", err)
	}
	return nil
}

// ask sends m as a request and calls complete exactly once: with the reply
// (a heartbeat is not one), or with an error (no responders comes as a
// reply). Without a deadline in ctx, the default timeout bounds it.
func (n *Node) ask(ctx context.Context, m *nats.Msg, complete func(*nats.Msg, error)) {
	if err := ctx.Err(); err != nil {
		complete(nil, context.Cause(ctx))
		return
	}
	now := time.Now()
	p := &pendingAsk{complete: complete, heard: now}
	if d, ok := ctx.Deadline(); ok {
		p.deadline = d
	} else if n.cfg.defaultTimeout > 0 {
		p.deadline = now.Add(n.cfg.defaultTimeout)
	}
	if !p.deadline.IsZero() {
		writeTimeout(m, p.deadline.Sub(now))
	}
	token := strconv.FormatUint(n.token.Add(1), 36)
	m.Reply = n.inbox + token
	n.mu.Lock()
	switch {
	case n.closed:
		n.mu.Unlock()
		complete(nil, ErrDisconnected)
		return
	case len(n.pending) >= n.cfg.maxPending:
		n.mu.Unlock()
		complete(nil, fmt.Errorf("%w: %d asks pending on this node", ErrBusy, len(n.pending)))
		return
	}
	n.pending[token] = p
	n.mu.Unlock()
	if ctx.Done() != nil {
		stop := context.AfterFunc(ctx, func() { n.fail(token, context.Cause(ctx)) })
		if !p.stopCtx.CompareAndSwap(nil, &stop) { // finished already: nobody else will stop it
			stop()
		}
	}
	if err := n.nc.PublishMsg(m); err != nil {
		if errors.Is(err, nats.ErrConnectionClosed) {
			err = fmt.Errorf("%w: %w", ErrDisconnected, err)
		}
		n.fail(token, err)
	}
}

// finish completes p, once its taker removed it from the map.
func (p *pendingAsk) finish(m *nats.Msg, err error) {
	p.complete(m, err)
	if stop := p.stopCtx.Swap(&doneMark); stop != nil && stop != &doneMark {
		(*stop)()
	}
}

// doneMark marks a finished pendingAsk's stopCtx.
var doneMark = func() bool { return false }

// take removes the ask with token from the map, if it is still there.
func (n *Node) take(token string) *pendingAsk {
	n.mu.Lock()
	defer n.mu.Unlock()
	p := n.pending[token]
	if p != nil {
		delete(n.pending, token)
	}
	return p
}

func (n *Node) fail(token string, err error) {
	if p := n.take(token); p != nil {
		p.finish(nil, err)
	}
}

// onReply handles every message to the node's inbox: heartbeats renew an
// ask's lease, anything else completes it.
func (n *Node) onReply(m *nats.Msg) {
	token := m.Subject[len(n.inbox):]
	if m.Header.Get(hdrStatus) == statusBeat {
		n.mu.Lock()
		p := n.pending[token]
		if p != nil {
			p.heard = time.Now()
		}
		n.mu.Unlock()
		if p == nil {
			n.stats.stray.Add(1)
		}
		return
	}
	p := n.take(token)
	if p == nil {
		n.stats.stray.Add(1)
		return
	}
	p.finish(m, nil)
}

// keepTime is the node's one goroutine: every heartbeat it beats for slow
// requests served here, fails asks past their lease or deadline, and now
// and then beats for monitors.
func (n *Node) keepTime() {
	defer n.wg.Done()
	t := time.NewTicker(n.cfg.heartbeat)
	defer t.Stop()
	for tick := 0; ; tick++ {
		select {
		case <-n.quit:
			return
		case now := <-t.C:
			n.beat(now)
			n.sweep(now)
			if tick%nodeBeatEvery == 0 {
				n.beatNode()
			}
		}
	}
}

// nodeBeatEvery is the number of heartbeats per node beat; a monitor gives
// up after nodeLostAfter node beats missed.
const (
	nodeBeatEvery = 4
	nodeLostAfter = 3
)

func (n *Node) nodeLoss() time.Duration {
	return nodeLostAfter * nodeBeatEvery * n.cfg.heartbeat
}

func (n *Node) beat(now time.Time) {
	var beats []string
	n.mu.Lock()
	for s := range n.served {
		switch {
		case !s.deadline.IsZero() && now.After(s.deadline):
			delete(n.served, s) // the asker gave up: stop beating
		case now.Sub(s.since) >= n.cfg.heartbeat:
			beats = append(beats, s.reply)
		}
	}
	n.mu.Unlock()
	for _, reply := range beats {
		m := &nats.Msg{Subject: reply, Header: nats.Header{}}
		m.Header.Set(hdrStatus, statusBeat)
		_ = n.nc.PublishMsg(m) // a failed beat is a missed beat: the lease decides
	}
}

func (n *Node) sweep(now time.Time) {
	type failed struct {
		p   *pendingAsk
		err error
	}
	var fs []failed
	n.mu.Lock()
	for token, p := range n.pending {
		var err error
		switch {
		case !p.deadline.IsZero() && now.After(p.deadline):
			err = context.DeadlineExceeded
		case now.Sub(p.heard) > n.cfg.lease:
			err = ErrLost
		default:
			continue
		}
		delete(n.pending, token)
		fs = append(fs, failed{p, err})
	}
	n.mu.Unlock()
	for _, f := range fs {
		f.p.finish(nil, f.err)
	}
}

// serve registers a request being handled, for heartbeats.
func (n *Node) serve(reply string, deadline time.Time) *servedAsk {
	s := &servedAsk{reply: reply, since: time.Now(), deadline: deadline}
	n.mu.Lock()
	n.served[s] = struct{}{}
	n.mu.Unlock()
	return s
}

// unserve ends a served request; false if its deadline passed meanwhile
// (nobody waits for the reply any more).
func (n *Node) unserve(s *servedAsk) bool {
	n.mu.Lock()
	_, ok := n.served[s]
	delete(n.served, s)
	n.mu.Unlock()
	return ok
}

// beatNode tells monitors that this node is alive, while it serves.
func (n *Node) beatNode() {
	n.mu.Lock()
	serving := len(n.exposures) > 0
	n.mu.Unlock()
	if serving {
		_ = n.nc.Publish(n.prefix+"_node."+n.id+".hb", nil)
	}
}

// flush waits until the server has processed what this node sent (new
// subscriptions included), until ctx ends or, without a deadline, a lease.
func (n *Node) flush(ctx context.Context) error {
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, n.cfg.lease)
		defer cancel()
	}
	return n.nc.FlushWithContext(ctx)
}
