package remotetest_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/stretchr/testify/require"

	"github.com/troupe-go/troupe/remote"
)

// TestThePermissionsTemplate runs the package docs' template (namespace
// prod): a serving user and a client user, each allowed only its subjects.
func TestThePermissionsTemplate(t *testing.T) {
	e := newEnv(t, func(o *server.Options) {
		o.Users = []*server.User{
			{Username: "acct_server", Password: "s", Permissions: &server.Permissions{
				Subscribe: &server.SubjectPermission{Allow: []string{"troupe.prod.*.*", "_INBOX.>", "$SRV.>", "troupe.prod._node.*.exposures"}},
				Publish:   &server.SubjectPermission{Allow: []string{"troupe.prod._down.>", "troupe.prod._node.>", "$SRV.>"}},
				Response:  &server.ResponsePermission{MaxMsgs: 100000, Expires: 10 * time.Minute},
			}},
			{Username: "acct_client", Password: "c", Permissions: &server.Permissions{
				Publish: &server.SubjectPermission{
					Allow: []string{"troupe.prod.*.*", "$SRV.INFO.troupe", "troupe.prod._node.*.exposures"},
					Deny:  []string{"troupe.prod._down.>", "troupe.prod._node.*.hb"},
				},
				Subscribe: &server.SubjectPermission{Allow: []string{"_INBOX.>", "troupe.prod._down.>", "troupe.prod._node.*.hb"}},
			}},
			{Username: "sniffer", Password: "x"}, // the test's own eyes, allowed everything
		}
	})
	prod := remote.WithNamespace("prod")
	server := e.nodeOn(e.conn(nats.UserInfo("acct_server", "s")), prod)
	client := e.nodeOn(e.conn(nats.UserInfo("acct_client", "c")), prod, remote.WithoutDiscovery())
	s := serveOwned(t, server, "acct-7")
	ctx := ctxFor(t)
	acct := remote.Lookup[Bank](client, "acct-7")

	b, err := remote.Ask(ctx, acct, Deposit, Amount{N: 7})
	require.NoError(t, err)
	require.Equal(t, Balance{7}, b)
	require.NoError(t, remote.TellAck(ctx, acct, Audit, Note{}))

	beats := sniffBeats(t, e.conn(nats.UserInfo("sniffer", "x")))
	f := remote.AskAsync(ctx, acct, Hold, "slow") // heartbeats, then the reply: many responses to one request
	p := <-s.held
	for range 2 * int(testLease/testHeartbeat) {
		<-beats
	}
	w, err := remote.Monitor(ctx, acct)
	require.NoError(t, err)
	p.Resolve("after beats")
	v, err := f.Get(ctx)
	require.NoError(t, err)
	require.Equal(t, "after beats", v)

	// A batch of replies goes to the reply subject of one of its asks,
	// which allow_responses lets through.
	burstsUntilBatched(t, ctx, acct, s, e.conn(nats.UserInfo("sniffer", "x")), strconv.Itoa)

	nodes, err := remote.Discover(shortCtx(t), client)
	require.NoError(t, err)
	require.Len(t, nodes, 1, "the client, without $SRV, is not listed; the server is")
	require.Equal(t, []string{"acct-7"}, nodes[0].Exposures)

	require.NoError(t, s.ref.Stop(ctx))
	<-w.Done()
	require.NoError(t, w.Err())

	t.Run("a refused subscription fails Start", func(t *testing.T) {
		x := remote.Expose[Bank](client, "acct-8")
		remote.HandleAsk(x, s.ref, Deposit, deposit)
		require.ErrorIs(t, x.Start(ctx), nats.ErrPermissionViolation)
	})
}
