package main

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// freePort finds a loopback port nobody listens on.
func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// syncBuffer is a bytes.Buffer that tells when a line has arrived.
type syncBuffer struct {
	bytes.Buffer
	lines chan string
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.lines <- strings.TrimSpace(string(p))
	return len(p), nil
}

func TestServeAndAsk(t *testing.T) {
	port := freePort(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	serverOut := &syncBuffer{lines: make(chan string, 16)}
	served := make(chan error, 1)
	serveCtx, stopServing := context.WithCancel(ctx)
	go func() { served <- runServer(serveCtx, "", port, serverOut) }()
	require.Equal(t, fmt.Sprintf("serving acct-42 on nats://127.0.0.1:%d (Ctrl-C stops)", port), <-serverOut.lines)

	url := fmt.Sprintf("nats://127.0.0.1:%d", port)
	run := func(dep, wd int) string {
		var out bytes.Buffer
		require.NoError(t, runClient(ctx, url, dep, wd, &out))
		return strings.TrimSpace(out.String())
	}
	require.Equal(t, "balance: 4200 cents", run(4200, 0))
	require.Equal(t, "audit: deposit 4200, withdraw 0", <-serverOut.lines)
	require.Equal(t, "refused: remote: acct-42/Withdraw: remote bank.insufficient: bank: insufficient funds: balance 4200, asked 99999", run(0, 99999))
	require.Equal(t, "balance: 4200 cents", run(0, 0))

	stopServing()
	require.NoError(t, <-served)
	require.ErrorContains(t, runClient(ctx, url, 1, 0, &bytes.Buffer{}), "is `go run ./remote/examples/bank -serve` running?")
}
