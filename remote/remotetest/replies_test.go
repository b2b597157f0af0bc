package remotetest_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/stretchr/testify/require"

	"github.com/troupe-go/troupe/future"
	"github.com/troupe-go/troupe/remote"
)

// The replies of asks served together go to their asking node in batches,
// one NATS message for many, split under max_payload: every ask still gets
// its own reply, the errors among them keep their codes.
func TestRepliesReadyTogetherGoInBatches(t *testing.T) {
	e := newEnv(t, func(o *server.Options) { o.MaxPayload = 8 << 10 })
	s, acct := e.servePair("batched")
	big := strings.Repeat("x", 3<<10) // no three of them fit in one message
	burstsUntilBatched(t, ctxFor(t), acct, s, e.conn(), func(i int) string { return big + strconv.Itoa(i) })
}

// burstsUntilBatched asks Hold in bursts, answering every fifth with an
// error and the others with reply(i), and checks each answer, until a
// sniffer on sniff has seen a batch of replies (one is all but certain in
// the first burst: the answers are ready at once).
func burstsUntilBatched(t *testing.T, ctx context.Context, acct *remote.Ref[Bank], s *served, sniff *nats.Conn, reply func(int) string) {
	t.Helper()
	seen := make(chan *nats.Msg, 4096)
	sub, err := sniff.ChanSubscribe("_INBOX.>", seen)
	require.NoError(t, err)
	defer func() { _ = sub.Unsubscribe() }()
	require.NoError(t, sniff.Flush())
	const burst = 64
	for round := 0; ; round++ {
		require.Less(t, round, 50, "no batch of replies in %d bursts", round)
		fs := make([]*future.Future[string], burst)
		for i := range fs {
			fs[i] = remote.AskAsync(ctx, acct, Hold, strconv.Itoa(i))
		}
		held := make([]*future.Promise[string], burst)
		for i := range held { // in the order sent: one sender, one subscription
			held[i] = <-s.held
		}
		for i, p := range held {
			if i%5 == 0 {
				p.Reject(errInsufficient)
			} else {
				p.Resolve(reply(i))
			}
		}
		for i, f := range fs {
			v, err := f.Get(ctx)
			if i%5 == 0 {
				require.ErrorIs(t, err, errInsufficient)
				continue
			}
			require.NoError(t, err)
			require.Equal(t, reply(i), v)
		}
		require.NoError(t, sniff.Flush()) // what the server sent before is in seen
		for batched := false; ; {
			select {
			case m := <-seen:
				batched = batched || m.Header.Get("Troupe-Batch") != ""
				continue
			default:
			}
			if batched {
				return
			}
			break
		}
	}
}
