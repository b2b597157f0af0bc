package remote

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
)

// ErrGroupMonitor: a queue group has no single actor to watch.
var ErrGroupMonitor = errors.New("remote: Monitor: the name is served by a queue group; monitor its members")

// Watch follows a remote actor's life: it is an actor.Watchable, so
// actor.Watch(ctx, w, notice) gives a local actor death watch across
// nodes. Done closes once, when the exposure stopped (Err: its owner's
// error, nil after a clean stop), when its node sent no heartbeat for
// twelve heartbeats ([ErrNodeLost]: the actor may still run), or when the
// local node closed ([ErrDisconnected]).
type Watch struct {
	node   *Node
	onDown func() // marks the watched ref down (not alive)
	done   chan struct{}
	once   sync.Once
	err    error
	mu     sync.Mutex
	subs   []*nats.Subscription
	timer  *time.Timer
}

// Done closes when the watched actor is down or lost.
func (w *Watch) Done() <-chan struct{} { return w.done }

// Err says why Done closed; nil before.
func (w *Watch) Err() error {
	select {
	case <-w.done:
		return w.err
	default:
		return nil
	}
}

// Stop ends the watch without closing Done.
func (w *Watch) Stop() {
	w.node.mu.Lock()
	delete(w.node.monitors, w)
	w.node.mu.Unlock()
	w.release()
}

// Monitor starts watching the actor r names. It asks the serving exposure
// which node and incarnation serve it, then follows the exposure's down
// notice and its node's heartbeats. It fails as Ask fails (no responders:
// nothing to watch) or with [ErrGroupMonitor].
func Monitor[C any](ctx context.Context, r *Ref[C]) (*Watch, error) {
	n := r.node
	w := &Watch{node: n, done: make(chan struct{}), onDown: r.markDown}
	var (
		mu    sync.Mutex
		inc   string // the incarnation, once known
		early []downNotice
	)
	onDown := func(m *nats.Msg) {
		var d downNotice
		if json.Unmarshal(m.Data, &d) != nil {
			return
		}
		mu.Lock()
		if inc == "" {
			early = append(early, d)
			mu.Unlock()
			return
		}
		match := d.Incarnation == inc
		mu.Unlock()
		if match {
			w.fire(d.err())
		}
	}
	down, err := n.nc.Subscribe(n.prefix+"_down."+r.name, onDown)
	if err != nil {
		return nil, fmt.Errorf("remote: Monitor %s: %w", r.name, err)
	}
	w.subs = append(w.subs, down)
	if err := n.flush(ctx); err != nil {
		w.release()
		return nil, fmt.Errorf("remote: Monitor %s: %w", r.name, err)
	}
	p, err := pingOf(ctx, r)
	if err == nil && p.Group != "" {
		err = ErrGroupMonitor
	}
	if err != nil {
		w.release()
		return nil, fmt.Errorf("remote: Monitor %s: %w", r.name, err)
	}
	loss := n.nodeLoss()
	w.mu.Lock()
	w.timer = time.AfterFunc(loss, func() { w.fire(ErrNodeLost) })
	w.mu.Unlock()
	hb, err := n.nc.Subscribe(n.prefix+"_node."+p.Node+".hb", func(*nats.Msg) {
		w.mu.Lock()
		defer w.mu.Unlock()
		if w.timer != nil && w.subs != nil { // not released: a late beat must not re-arm a stopped timer
			w.timer.Reset(loss)
		}
	})
	if err != nil {
		w.release()
		return nil, fmt.Errorf("remote: Monitor %s: %w", r.name, err)
	}
	w.mu.Lock()
	w.subs = append(w.subs, hb)
	w.mu.Unlock()
	n.mu.Lock()
	if n.closed {
		n.mu.Unlock()
		w.release()
		return nil, fmt.Errorf("remote: Monitor %s: %w", r.name, ErrDisconnected)
	}
	n.monitors[w] = struct{}{}
	n.mu.Unlock()

	mu.Lock()
	inc = p.Incarnation
	seen := early
	mu.Unlock()
	for _, d := range seen { // down notices that came before the ping's answer
		if d.Incarnation == p.Incarnation {
			w.fire(d.err())
		}
	}
	return w, nil
}

func (d downNotice) err() error {
	if d.Code == "" {
		return nil
	}
	return decodeError(d.Code, d.Message)
}

// pingOf asks the exposure behind r which node and incarnation serve it.
func pingOf[C any](ctx context.Context, r *Ref[C]) (pingReply, error) {
	type result struct {
		p   pingReply
		err error
	}
	done := make(chan result, 1)
	m := &nats.Msg{Subject: r.subject + kindPing}
	r.send(ctx, m, func(m *nats.Msg, err error) {
		var res result
		if res.err = err; err == nil {
			if res.err = replyError(m); res.err == nil {
				res.err = json.Unmarshal(m.Data, &res.p)
			}
		}
		done <- res
	})
	res := <-done
	return res.p, res.err
}

// fire closes Done with err, once, and lets go of the subscriptions.
func (w *Watch) fire(err error) {
	w.once.Do(func() {
		w.err = err
		w.onDown() // before Done closes: who sees Done sees the ref down
		close(w.done)
		w.node.mu.Lock()
		if w.node.monitors != nil {
			delete(w.node.monitors, w)
		}
		w.node.mu.Unlock()
		w.release()
	})
}

func (w *Watch) release() {
	w.mu.Lock()
	subs := w.subs
	w.subs = nil
	t := w.timer
	w.mu.Unlock()
	if t != nil {
		t.Stop()
	}
	for _, s := range subs {
		_ = s.Unsubscribe()
	}
}
