package remote

import (
	"context"
	"errors"
	"fmt"
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
// windows ([TellWindow]) and the replies of the asks served here, those
// ready together for one asking node in one message. Nothing else of a
// node holds a goroutine.
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
	pending   map[uint64]*pendingAsk        // asks sent, by id
	watches   map[<-chan struct{}]*ctxWatch // by the Done of their ctx
	exposures map[*exposure]struct{}
	monitors  map[*Watch]struct{}

	fresh   atomic.Pointer[servedAsk] // requests served since the last beat, newest first
	served  []*servedAsk              // the time keeper's: requests running at a beat
	replies replyQueue
	frames  frameQueue
	token   atomic.Uint64
	stats   counters

	quit chan struct{}
	wg   sync.WaitGroup
}

// Stats counts what a node dropped, so that nothing is lost silently.
type Stats struct {
	StrayReplies    int64 // replies to asks this node did not make, or gave up on (a malformed batch counts once)
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
	to       completer
	id       uint64    // its key in the node's map, the reply token's
	heard    time.Time // last reply or heartbeat, or the send
	deadline time.Time // zero: none

	// The asks sharing a ctx hang in a list from that ctx's watch.
	watch      *ctxWatch
	prev, next *pendingAsk
}

// completer completes an ask: with the reply (a heartbeat is not one), or
// with an error. m is the completer's only during the call.
type completer interface{ complete(m *nats.Msg, err error) }

// completeFunc is a func as a completer.
type completeFunc func(*nats.Msg, error)

func (f completeFunc) complete(m *nats.Msg, err error) { f(m, err) }

// ctxWatch fails the pending asks made with one ctx when it ends: one
// context.AfterFunc for all the asks in flight with a ctx rather than one
// per ask. A watch is keyed by ctx.Done(), always comparable; contexts that
// share their Done channel end together.
type ctxWatch struct {
	ctx  context.Context
	done <-chan struct{}
	stop func() bool
	asks *pendingAsk // the head of the list, nil once empty
}

// servedAsk is a request being handled here, beaten for while it runs.
// Serving one takes no lock: it joins the node's stack of fresh requests,
// which the time keeper takes over at its next beat.
//
// It keeps no start time (a time.Now per request): a request still running
// at the beat after the one that took it from the fresh stack has run for
// a heartbeat at least, and is beaten for from then on.
type servedAsk struct {
	reply    string
	deadline time.Time
	state    atomic.Int32 // servedRunning, then servedDone or servedExpired
	old      bool         // seen running at a beat: beaten for at the next
	next     *servedAsk   // in the stack of fresh requests
}

const (
	servedRunning = iota
	servedDone    // replied to
	servedExpired // past its deadline: no reply, no more beats
)

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
		pending:   make(map[uint64]*pendingAsk),
		watches:   make(map[<-chan struct{}]*ctxWatch),
		exposures: make(map[*exposure]struct{}),
		monitors:  make(map[*Watch]struct{}),
		quit:      make(chan struct{}),
		frames:    frameQueue{kick: make(chan struct{}, 1)},
	}
	n.replies.wake = make(chan struct{}, 1)
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
	for _, w := range n.watches {
		w.asks = nil // the asks are Close's to fail
		w.stop()
	}
	n.watches = nil
	monitors := n.monitors
	n.monitors = nil
	n.mu.Unlock()
	close(n.quit)
	n.wg.Wait()
	for _, p := range pending {
		p.to.complete(nil, ErrDisconnected)
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
	n.request(ctx, &pendingAsk{to: completeFunc(complete)}, true, m.Subject, m.Header, m.Data)
}

// request is ask with the completion in p, which request fills in and owns
// until p.to completes it. Without watchCtx, the caller takes p out when
// ctx ends (the sweeper does at its deadline).
func (n *Node) request(ctx context.Context, p *pendingAsk, watchCtx bool, subject string, hdr nats.Header, data []byte) {
	if err := ctx.Err(); err != nil {
		p.to.complete(nil, context.Cause(ctx))
		return
	}
	now := time.Now()
	p.heard = now
	if d, ok := ctx.Deadline(); ok {
		p.deadline = d
	} else if n.cfg.defaultTimeout > 0 {
		p.deadline = now.Add(n.cfg.defaultTimeout)
	}
	p.id = n.token.Add(1)
	reply := replySubject(n.inbox, p.id, p.deadline, now)
	n.mu.Lock()
	switch {
	case n.closed:
		n.mu.Unlock()
		p.to.complete(nil, ErrDisconnected)
		return
	case len(n.pending) >= n.cfg.maxPending:
		n.mu.Unlock()
		p.to.complete(nil, fmt.Errorf("%w: %d asks pending on this node", ErrBusy, len(n.pending)))
		return
	}
	n.pending[p.id] = p
	if done := ctx.Done(); done != nil && watchCtx {
		n.watchLocked(ctx, done, p)
	}
	n.mu.Unlock()
	if err := n.publishRequest(subject, reply, hdr, data); err != nil {
		if errors.Is(err, nats.ErrConnectionClosed) {
			err = fmt.Errorf("%w: %w", ErrDisconnected, err)
		}
		n.fail(p.id, err)
	}
}

// publishRequest sends a request; without a header, it needs no nats.Msg.
func (n *Node) publishRequest(subject, reply string, hdr nats.Header, data []byte) error {
	if hdr == nil {
		return n.nc.PublishRequest(subject, reply, data)
	}
	return n.nc.PublishMsg(&nats.Msg{Subject: subject, Reply: reply, Header: hdr, Data: data})
}

// publish sends a reply.
func (n *Node) publish(subject string, hdr nats.Header, data []byte) error {
	if hdr == nil {
		return n.nc.Publish(subject, data)
	}
	return n.nc.PublishMsg(&nats.Msg{Subject: subject, Header: hdr, Data: data})
}

// watchLocked hangs p in the list of ctx's watch, making the watch if p is
// the only ask in flight with ctx.
func (n *Node) watchLocked(ctx context.Context, done <-chan struct{}, p *pendingAsk) {
	w := n.watches[done]
	if w == nil {
		w = &ctxWatch{ctx: ctx, done: done}
		n.watches[done] = w
		// The lock is held: w.stop is set before ctxEnded can look at w.
		w.stop = context.AfterFunc(ctx, func() { n.ctxEnded(w) })
	}
	p.watch, p.next = w, w.asks
	if w.asks != nil {
		w.asks.prev = p
	}
	w.asks = p
}

// ctxEnded fails the asks still pending with w's ctx.
func (n *Node) ctxEnded(w *ctxWatch) {
	var ps []*pendingAsk
	n.mu.Lock()
	if n.watches[w.done] == w {
		delete(n.watches, w.done)
	}
	for p := w.asks; p != nil; p = p.next { // none of them is in its list any more
		delete(n.pending, p.id)
		ps = append(ps, p)
	}
	w.asks = nil
	n.mu.Unlock()
	err := context.Cause(w.ctx)
	for _, p := range ps {
		p.to.complete(nil, err)
	}
}

// takeLocked removes p from the map and from its watch's list; the watch
// stops once it has no ask left.
func (n *Node) takeLocked(p *pendingAsk) {
	delete(n.pending, p.id)
	w := p.watch
	if w == nil {
		return
	}
	if p.prev != nil {
		p.prev.next = p.next
	} else {
		w.asks = p.next
	}
	if p.next != nil {
		p.next.prev = p.prev
	}
	p.watch, p.prev, p.next = nil, nil, nil
	if w.asks == nil {
		delete(n.watches, w.done)
		w.stop() // it takes no lock of ours
	}
}

// take removes the ask with id from the map, if it is still there.
func (n *Node) take(id uint64) *pendingAsk {
	n.mu.Lock()
	defer n.mu.Unlock()
	p := n.pending[id]
	if p != nil {
		n.takeLocked(p)
	}
	return p
}

func (n *Node) fail(id uint64, err error) {
	if p := n.take(id); p != nil {
		p.to.complete(nil, err)
	}
}

// onReply handles every message to the node's inbox: heartbeats renew an
// ask's lease, a batch completes each of its asks, anything else completes
// its ask.
func (n *Node) onReply(m *nats.Msg) {
	if m.Header.Get(hdrBatch) != "" {
		if err := readBatch(m.Data, func(token []byte, m *nats.Msg) { replied(n, token, m) }); err != nil {
			n.stats.stray.Add(1) // the rest of it
		}
		return
	}
	replied(n, m.Subject[len(n.inbox):], m)
}

// replied handles the reply m to the ask whose reply subject ends in token.
func replied[T string | []byte](n *Node, token T, m *nats.Msg) {
	id, ok := replyID(token)
	if !ok {
		n.stats.stray.Add(1)
		return
	}
	if m.Header.Get(hdrStatus) == statusBeat {
		n.mu.Lock()
		p := n.pending[id]
		if p != nil {
			p.heard = time.Now()
		}
		n.mu.Unlock()
		if p == nil {
			n.stats.stray.Add(1)
		}
		return
	}
	p := n.take(id)
	if p == nil {
		n.stats.stray.Add(1)
		return
	}
	p.to.complete(m, nil)
}

// keepTime is the node's time keeper: every heartbeat it beats for slow
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

// beat sends a heartbeat for every request served here for a heartbeat or
// more, and forgets the requests replied to or past their deadline.
func (n *Node) beat(now time.Time) {
	for s := n.fresh.Swap(nil); s != nil; {
		next := s.next
		s.next = nil
		n.served = append(n.served, s)
		s = next
	}
	var beats []string
	kept := n.served[:0]
	for _, s := range n.served {
		if s.state.Load() != servedRunning {
			continue
		}
		if !s.deadline.IsZero() && now.After(s.deadline) {
			s.state.CompareAndSwap(servedRunning, servedExpired) // the asker gave up: stop beating
			continue
		}
		if s.old {
			beats = append(beats, s.reply)
		}
		s.old = true
		kept = append(kept, s)
	}
	clear(n.served[len(kept):])
	n.served = kept
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
	for _, p := range n.pending {
		var err error
		switch {
		case !p.deadline.IsZero() && now.After(p.deadline):
			err = context.DeadlineExceeded
		case now.Sub(p.heard) > n.cfg.lease:
			err = ErrLost
		default:
			continue
		}
		n.takeLocked(p)
		fs = append(fs, failed{p, err})
	}
	n.mu.Unlock()
	for _, f := range fs {
		f.p.to.complete(nil, f.err)
	}
}

// serve registers a request being handled, for heartbeats.
func (n *Node) serve(reply string, deadline time.Time) *servedAsk {
	s := &servedAsk{reply: reply, deadline: deadline}
	for {
		s.next = n.fresh.Load()
		if n.fresh.CompareAndSwap(s.next, s) {
			return s
		}
	}
}

// unserve ends a served request; false if its deadline passed meanwhile
// (nobody waits for the reply any more).
func (n *Node) unserve(s *servedAsk) bool {
	return s.state.CompareAndSwap(servedRunning, servedDone)
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
