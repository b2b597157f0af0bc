package remote

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/micro"
)

// serviceName is the NATS service (micro) every node registers, so that
// `nats micro ls` and `nats micro info troupe` list the nodes.
const serviceName = "troupe"

// protocolVersion is the micro service's version.
const protocolVersion = "1.0.0"

// NodeInfo describes a node found by [Discover].
type NodeInfo struct {
	ID        string   `json:"id"`
	Namespace string   `json:"namespace"`
	Exposures []string `json:"exposures"` // the names it serves, sorted
}

func (n *Node) startDiscovery() error {
	svc, err := micro.AddService(n.nc, micro.Config{
		Name:        serviceName,
		Version:     protocolVersion,
		Description: "troupe actors on NATS",
		Metadata:    map[string]string{"node": n.id, "namespace": n.cfg.namespace},
	})
	if err != nil {
		return fmt.Errorf("register service %q: %w", serviceName, err)
	}
	err = svc.AddEndpoint("exposures", micro.HandlerFunc(func(req micro.Request) {
		_ = req.RespondJSON(n.info())
	}), micro.WithEndpointSubject(n.prefix+"_node."+n.id+".exposures"), micro.WithEndpointQueueGroupDisabled())
	if err != nil {
		_ = svc.Stop()
		return fmt.Errorf("register service %q: %w", serviceName, err)
	}
	n.svc = svc
	return nil
}

func (n *Node) info() NodeInfo {
	n.mu.Lock()
	names := make([]string, 0, len(n.exposures))
	for e := range n.exposures {
		names = append(names, e.name)
	}
	n.mu.Unlock()
	slices.Sort(names)
	return NodeInfo{ID: n.id, Namespace: n.cfg.namespace, Exposures: names}
}

// Discover asks every troupe node of n's namespace, through NATS's service
// API, what it serves. A scatter-gather has no natural end: it collects
// answers until ctx ends (give it a deadline) and returns them sorted by
// id, with n itself among them. It fails only if the request cannot be
// sent.
func Discover(ctx context.Context, n *Node) ([]NodeInfo, error) {
	subject, err := micro.ControlSubject(micro.InfoVerb, serviceName, "")
	if err != nil {
		return nil, fmt.Errorf("remote: Discover: %w", err)
	}
	inbox := n.nc.NewInbox()
	ch := make(chan *nats.Msg, 64)
	sub, err := n.nc.ChanSubscribe(inbox, ch)
	if err != nil {
		return nil, fmt.Errorf("remote: Discover: %w", err)
	}
	defer func() { _ = sub.Unsubscribe() }()
	if err := n.nc.PublishRequest(subject, inbox, nil); err != nil {
		return nil, fmt.Errorf("remote: Discover: %w", err)
	}
	var nodes []NodeInfo
	var asks []*nodeAsk
	for {
		select {
		case m := <-ch:
			var info micro.Info
			if json.Unmarshal(m.Data, &info) != nil || info.Metadata["namespace"] != n.cfg.namespace {
				continue
			}
			asks = append(asks, n.askExposures(ctx, info.Metadata["node"]))
		case <-ctx.Done():
			for _, a := range asks {
				if info, ok := a.wait(); ok {
					nodes = append(nodes, info)
				}
			}
			slices.SortFunc(nodes, func(a, b NodeInfo) int { return strings.Compare(a.ID, b.ID) })
			return nodes, nil
		}
	}
}

// nodeAsk is a request for a node's exposures, in flight.
type nodeAsk struct {
	done chan struct{}
	info NodeInfo
	ok   bool
}

func (n *Node) askExposures(ctx context.Context, id string) *nodeAsk {
	a := &nodeAsk{done: make(chan struct{})}
	m := &nats.Msg{Subject: n.prefix + "_node." + id + ".exposures"}
	n.ask(context.WithoutCancel(ctx), m, func(m *nats.Msg, err error) {
		if err == nil && replyError(m) == nil {
			a.ok = json.Unmarshal(m.Data, &a.info) == nil
		}
		close(a.done)
	})
	return a
}

// wait returns the answer, waiting at most a lease.
func (a *nodeAsk) wait() (NodeInfo, bool) {
	<-a.done
	return a.info, a.ok
}
