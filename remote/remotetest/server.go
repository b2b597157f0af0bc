package remotetest

import (
	"fmt"
	"net"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
)

// startTimeout bounds how long a test waits for an embedded server to accept
// connections.
const startTimeout = 10 * time.Second

// Server is an embedded NATS server that a test started.
type Server struct {
	*server.Server
	opts *server.Options // with the port the server got
}

// Start starts an embedded NATS server (see [New]) and shuts it down when
// t ends.
func Start(t testing.TB, edit ...func(*server.Options)) *Server {
	t.Helper()
	s, err := New(edit...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Stop)
	return s
}

// New starts an embedded NATS server on 127.0.0.1 with a random port, no
// logging and no signal handlers; the caller stops it. edit, when given,
// changes the options before the start (auth, limits).
func New(edit ...func(*server.Options)) (*Server, error) {
	o := &server.Options{Host: "127.0.0.1", Port: server.RANDOM_PORT, NoLog: true, NoSigs: true}
	for _, e := range edit {
		e(o)
	}
	return run(o)
}

// Restart starts a new server with s's options on the port s had, after s
// was shut down, so clients that knew s reconnect to it; t ends it.
func (s *Server) Restart(t testing.TB) *Server {
	t.Helper()
	r, err := run(s.opts.Clone())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(r.Stop)
	return r
}

// Stop shuts the server down and waits until it is; it may be called more
// than once.
func (s *Server) Stop() {
	s.Shutdown()
	s.WaitForShutdown()
}

func run(o *server.Options) (*Server, error) {
	s, err := server.NewServer(o.Clone())
	if err != nil {
		return nil, fmt.Errorf("remotetest: new server: %w", err)
	}
	go s.Start()
	if !s.ReadyForConnections(startTimeout) {
		s.Shutdown()
		s.WaitForShutdown()
		return nil, fmt.Errorf("remotetest: server not ready within %v", startTimeout)
	}
	o = o.Clone()
	o.Port = s.Addr().(*net.TCPAddr).Port
	return &Server{Server: s, opts: o}, nil
}

// Connect connects to s and closes the connection when t ends.
func (s *Server) Connect(t testing.TB, opts ...nats.Option) *nats.Conn {
	t.Helper()
	nc, err := nats.Connect(s.ClientURL(), opts...)
	if err != nil {
		t.Fatalf("remotetest: connect: %v", err)
	}
	t.Cleanup(nc.Close)
	return nc
}
