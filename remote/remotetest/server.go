package remotetest

import (
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

// Start starts an embedded NATS server on 127.0.0.1 with a random port, no
// logging and no signal handlers, and shuts it down when t ends. edit, when
// given, changes the options before the start (auth, limits).
func Start(t testing.TB, edit ...func(*server.Options)) *Server {
	t.Helper()
	o := &server.Options{Host: "127.0.0.1", Port: server.RANDOM_PORT, NoLog: true, NoSigs: true}
	for _, e := range edit {
		e(o)
	}
	return start(t, o)
}

// Restart starts a new server with s's options on the port s had, after s
// was shut down, so clients that knew s reconnect to it.
func (s *Server) Restart(t testing.TB) *Server {
	t.Helper()
	return start(t, s.opts.Clone())
}

// Stop shuts the server down and waits until it is.
func (s *Server) Stop() {
	s.Shutdown()
	s.WaitForShutdown()
}

func start(t testing.TB, o *server.Options) *Server {
	t.Helper()
	s, err := server.NewServer(o.Clone())
	if err != nil {
		t.Fatalf("remotetest: new server: %v", err)
	}
	go s.Start()
	t.Cleanup(func() {
		s.Shutdown()
		s.WaitForShutdown()
	})
	if !s.ReadyForConnections(startTimeout) {
		t.Fatalf("remotetest: server not ready within %v", startTimeout)
	}
	o = o.Clone()
	o.Port = s.Addr().(*net.TCPAddr).Port
	return &Server{Server: s, opts: o}
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
