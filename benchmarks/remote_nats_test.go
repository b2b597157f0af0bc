package benchmarks

import (
	"fmt"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
)

// NATS: an embedded server on 127.0.0.1 at a random port, with no logging,
// and two connections to it, the server side's and the client side's, over
// loopback TCP or NATS's in-process connection. The baseline is a raw
// nats.Request to a subscriber that responds with the request's body: the
// least any request over NATS costs.

// natsConns are an embedded server and two connections to it.
type natsConns struct {
	srv      *server.Server
	snc, cnc *nats.Conn
}

// startNATS starts the server and connects both sides; it fails b if
// either does not come up.
func startNATS(b *testing.B, inProcess bool) *natsConns {
	b.Helper()
	srv, err := server.NewServer(&server.Options{Host: "127.0.0.1", Port: server.RANDOM_PORT, NoLog: true, NoSigs: true})
	if err != nil {
		b.Fatal(err)
	}
	go srv.Start()
	if !srv.ReadyForConnections(remoteTimeout) {
		srv.Shutdown()
		srv.WaitForShutdown()
		b.Fatalf("nats server not ready within %v", remoteTimeout)
	}
	c := &natsConns{srv: srv}
	var opts []nats.Option
	if inProcess {
		opts = append(opts, nats.InProcessServer(srv))
	}
	if c.snc, err = nats.Connect(srv.ClientURL(), opts...); err == nil {
		c.cnc, err = nats.Connect(srv.ClientURL(), opts...)
	}
	if err != nil {
		c.close()
		b.Fatal(err)
	}
	return c
}

// close closes the connections and shuts the server down, waiting until it
// is down.
func (c *natsConns) close() error {
	for _, nc := range []*nats.Conn{c.cnc, c.snc} {
		if nc != nil {
			nc.Close()
		}
	}
	c.srv.Shutdown()
	c.srv.WaitForShutdown()
	return nil
}

// natsLib is the raw-NATS baseline, named "baseline".
func natsLib(inProcess bool) remoteLib {
	return remoteLib{name: "baseline", open: func(b *testing.B) remoteSystem {
		c := startNATS(b, inProcess)
		if _, err := c.snc.Subscribe("echo", func(m *nats.Msg) { _ = m.Respond(m.Data) }); err != nil {
			c.close()
			b.Fatal(err)
		}
		if err := c.snc.Flush(); err != nil {
			c.close()
			b.Fatal(err)
		}
		return &natsSystem{natsConns: c, body: []byte("1")}
	}}
}

type natsSystem struct {
	*natsConns
	body []byte
}

func (s *natsSystem) ask(n int) error {
	for range n {
		if _, err := s.cnc.Request("echo", s.body, remoteTimeout); err != nil {
			return err
		}
	}
	return nil
}

// askInFlight publishes each batch with one reply subject and counts the
// replies that come back on it.
func (s *natsSystem) askInFlight(n, depth int) error {
	replies := make(chan *nats.Msg, depth)
	inbox := s.cnc.NewInbox()
	sub, err := s.cnc.ChanSubscribe(inbox, replies)
	if err != nil {
		return err
	}
	defer func() { _ = sub.Unsubscribe() }()
	return inBatches(n, depth,
		func() error { return s.cnc.PublishRequest("echo", inbox, s.body) },
		func(k int) error {
			timeout := time.NewTimer(remoteTimeout)
			defer timeout.Stop()
			for i := range k {
				select {
				case <-replies:
				case <-timeout.C:
					return fmt.Errorf("%d of %d replies within %v", i, k, remoteTimeout)
				}
			}
			return nil
		})
}
