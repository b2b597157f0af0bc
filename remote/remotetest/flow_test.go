package remotetest_test

import (
	"strings"
	"sync"
	"testing"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/stretchr/testify/require"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/remote"
)

func notesOf(t *testing.T, s *served) int {
	t.Helper()
	n, err := actor.Call(s.ref, func(a *account) (int, error) { return a.notes, nil }).Get(ctxFor(t))
	require.NoError(t, err)
	return n
}

func TestTellFloodWithAWindowLosesNothing(t *testing.T) {
	e := newEnv(t)
	server, client := e.node(), e.node()
	s := serve(t, server, "flood")
	ctx := ctxFor(t)
	acct := remote.Lookup[Bank](client, "flood", remote.TellWindow(1024))

	const n = 20_000
	for i := range n {
		require.NoError(t, remote.TellContext(ctx, acct, Audit, Note{"n"}), "tell %d", i)
	}
	require.NoError(t, remote.TellAck(ctx, acct, Audit, Note{"last"}))
	require.Equal(t, n+1, notesOf(t, s), "every accepted Tell handled")
}

func TestATellWindowReportsAFailedAcknowledgement(t *testing.T) {
	e := newEnv(t)
	client := e.node()
	ctx := ctxFor(t)
	acct := remote.Lookup[Bank](client, "nobody", remote.TellWindow(4)) // every Tell asks for an acknowledgement
	require.NoError(t, remote.TellContext(ctx, acct, Audit, Note{}))
	var err error
	for err == nil { // the next Tell after the no-responders answer reports it
		err = remote.TellContext(ctx, acct, Audit, Note{})
	}
	require.ErrorIs(t, err, remote.ErrNoResponders)
}

func TestExpiredRequestsAreDroppedUnanswered(t *testing.T) {
	e := newEnv(t)
	server := e.node()
	serve(t, server, "late")
	raw := e.conn()

	// The remaining time comes in the reply subject from troupe's askers,
	// in a header from askers that make their own reply subjects.
	for i, way := range []struct{ name, header, suffix string }{
		{"in the reply subject", "", "~-1"},
		{"in a header", "-1", ""},
	} {
		t.Run(way.name, func(t *testing.T) {
			m := nats.NewMsg("troupe.default.late.Deposit")
			m.Data = []byte(`{"N":5}`)
			if way.header != "" {
				m.Header.Set("Troupe-Timeout", way.header)
			}
			m.Reply = raw.NewInbox() + way.suffix
			sub, err := raw.SubscribeSync(m.Reply)
			require.NoError(t, err)
			require.NoError(t, raw.PublishMsg(m))
			reply, err := raw.Request("troupe.default.late.Balance", []byte(`{}`), testDeadline) // handled after: same sender, same subscription
			require.NoError(t, err)
			require.Equal(t, `{"N":0}`, string(reply.Data), "the expired deposit never ran")
			require.EqualValues(t, i+1, server.Stats().ExpiredRequests)
			_, err = sub.NextMsg(0)
			require.ErrorIs(t, err, nats.ErrTimeout, "and got no answer")
		})
	}
}

func TestMalformedRequestsGetPerRequestErrors(t *testing.T) {
	e := newEnv(t)
	server, client := e.node(), e.node()
	serve(t, server, "hostile")
	raw := e.conn()
	ctx := ctxFor(t)

	cases := []struct {
		name, kind, body, header, value, suffix, code string
	}{
		{"a body that is not JSON", "Deposit", "{not json", "", "", "", "bad_request"},
		{"a truncated body", "Deposit", `{"N":`, "", "", "", "bad_request"},
		{"another codec", "Deposit", "\x82\xa1N\x05", "Content-Type", "application/msgpack", "", "bad_request"},
		{"a nonsense deadline", "Deposit", `{"N":1}`, "Troupe-Timeout", "soon", "", "bad_request"},
		{"a deadline out of range", "Deposit", `{"N":1}`, "Troupe-Timeout", "99999999999999999999", "", "bad_request"},
		{"a nonsense deadline in the reply subject", "Deposit", `{"N":1}`, "", "", "~soon", "bad_request"},
		{"a hexadecimal deadline in the reply subject", "Deposit", `{"N":1}`, "", "", "~0x10", "bad_request"},
		{"a deadline out of range in the reply subject", "Deposit", `{"N":1}`, "", "", "~99999999999999999999", "bad_request"},
		{"an unknown kind", "Steal", `{"N":1}`, "", "", "", "unknown_kind"},
		{"a bad Tell body", "Audit", "[]", "", "", "", "bad_request"},
		{"a frame with a nonsense count", "Audit", "\x02{}", "Troupe-Frame", "two", "", "bad_request"},
		{"a frame with no items", "Audit", "", "Troupe-Frame", "0", "", "bad_request"},
		{"a frame with a negative count", "Audit", "\x02{}", "Troupe-Frame", "-1", "", "bad_request"},
		{"a frame counting more items than bytes", "Audit", "\x02{}", "Troupe-Frame", "99999999999", "", "bad_request"},
		{"a frame with fewer items than counted", "Audit", "\x02{}\x02{}", "Troupe-Frame", "3", "", "bad_request"},
		{"a frame with more items than counted", "Audit", "\x02{}\x02{}", "Troupe-Frame", "1", "", "bad_request"},
		{"a frame whose length runs past the end", "Audit", "\x02{}\x09{}", "Troupe-Frame", "2", "", "bad_request"},
		{"a frame with an unreadable length", "Audit", "\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01", "Troupe-Frame", "1", "", "bad_request"},
		{"a frame truncated in an item", "Audit", "\x0a{\"Text\"", "Troupe-Frame", "1", "", "bad_request"},
		{"a frame with an item that does not decode", "Audit", "\x02{}\x02[]", "Troupe-Frame", "2", "", "bad_request"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := nats.NewMsg("troupe.default.hostile." + c.kind)
			m.Data = []byte(c.body)
			if c.header != "" {
				m.Header.Set(c.header, c.value)
			}
			m.Reply = raw.NewInbox() + c.suffix
			sub, err := raw.SubscribeSync(m.Reply)
			require.NoError(t, err)
			require.NoError(t, raw.PublishMsg(m))
			reply, err := sub.NextMsg(testDeadline)
			require.NoError(t, err)
			require.Equal(t, c.code, reply.Header.Get("Troupe-Error"), "body %q", reply.Data)
		})
	}

	t.Run("a flood of them while well-formed asks keep succeeding", func(t *testing.T) {
		before := server.Stats().BadRequests
		acct := remote.Lookup[Bank](client, "hostile")
		var wg sync.WaitGroup
		const bad, good = 2000, 200
		wg.Go(func() {
			for i := range bad {
				c := cases[i%len(cases)]
				m := nats.NewMsg("troupe.default.hostile." + c.kind)
				m.Data = []byte(c.body)
				if c.header != "" {
					m.Header.Set(c.header, c.value)
				}
				if i%2 == 0 {
					m.Reply = "_INBOX.nobody-listens" + c.suffix
				}
				_ = raw.PublishMsg(m)
			}
		})
		for range good {
			_, err := remote.Ask(ctx, acct, Deposit, Amount{N: 1})
			require.NoError(t, err)
		}
		wg.Wait()
		require.NoError(t, raw.Flush())
		b, err := remote.Ask(ctx, acct, GetBalance, struct{}{})
		require.NoError(t, err)
		require.Equal(t, good, b.N)
		require.Greater(t, server.Stats().BadRequests, before)
	})

	t.Run("replies to asks nobody made are dropped and counted", func(t *testing.T) {
		probe := make(chan string, 1)
		_, err := raw.Subscribe("troupe.default.probe.*", func(m *nats.Msg) { probe <- m.Reply; _ = m.Respond(nil) })
		require.NoError(t, err)
		require.NoError(t, raw.Flush())
		require.NoError(t, remote.TellAck(ctx, remote.Lookup[Bank](client, "probe"), Audit, Note{}))
		inbox := <-probe
		before := client.Stats().StrayReplies
		require.NoError(t, raw.Publish(inbox, []byte("again")))       // answered before
		require.NoError(t, raw.Publish(inbox+"zz", []byte("forged"))) // never asked
		batch := func(body string) *nats.Msg {
			return &nats.Msg{Subject: inbox, Header: nats.Header{"Troupe-Batch": {"2"}}, Data: []byte(body)}
		}
		require.NoError(t, raw.PublishMsg(batch("\x02zz\x00\x00\x02{}"))) // a batch of one reply to an ask never made
		require.NoError(t, raw.PublishMsg(batch("\x02zz\x00\x00\x09{}"))) // a truncated batch
		require.NoError(t, raw.PublishMsg(batch("\xff\xff\xff\xff\xff"))) // a length that is not one
		require.NoError(t, raw.Flush())
		require.NoError(t, remote.TellAck(ctx, remote.Lookup[Bank](client, "probe"), Audit, Note{})) // the strays came first
		<-probe
		require.Equal(t, before+5, client.Stats().StrayReplies)
	})
}

func TestBusyAndOversized(t *testing.T) {
	e := newEnv(t, func(o *server.Options) { o.MaxPayload = 8 << 10 })
	server, client := e.node(), e.node()
	s := serve(t, server, "small", remote.MaxInFlight(2))
	ctx := ctxFor(t)
	acct := remote.Lookup[Bank](client, "small")

	t.Run("past MaxInFlight asks are answered busy", func(t *testing.T) {
		f1, f2 := remote.AskAsync(ctx, acct, Hold, "1"), remote.AskAsync(ctx, acct, Hold, "2")
		p1, p2 := <-s.held, <-s.held
		_, err := remote.Ask(ctx, acct, Hold, "3")
		require.ErrorIs(t, err, remote.ErrBusy)
		require.ErrorIs(t, err, actor.ErrMailboxFull)
		p1.Resolve("a")
		p2.Resolve("b")
		_, err = f1.Get(ctx)
		require.NoError(t, err)
		_, err = f2.Get(ctx)
		require.NoError(t, err)
	})
	t.Run("a reply over max_payload is reported, not left to the lease", func(t *testing.T) {
		f := remote.AskAsync(ctx, acct, Hold, "big")
		(<-s.held).Resolve(strings.Repeat("x", 16<<10))
		_, err := f.Get(ctx)
		require.ErrorIs(t, err, remote.ErrReplyTooLarge)
	})
	t.Run("a request over max_payload fails at once", func(t *testing.T) {
		_, err := remote.Ask(ctx, acct, Hold, strings.Repeat("x", 16<<10))
		require.ErrorIs(t, err, nats.ErrMaxPayload)
	})
}

func TestCredentialsPassThrough(t *testing.T) {
	e := newEnv(t, func(o *server.Options) { o.Username, o.Password = "svc", "s3cret" })
	_, err := nats.Connect(e.srv.ClientURL(), nats.MaxReconnects(0))
	require.ErrorIs(t, err, nats.ErrAuthorization, "no credentials: refused with a clear error")

	nc := e.conn(nats.UserInfo("svc", "s3cret"))
	server, client := e.nodeOn(nc), e.nodeOn(e.conn(nats.UserInfo("svc", "s3cret")))
	serve(t, server, "secure")
	b, err := remote.Ask(ctxFor(t), remote.Lookup[Bank](client, "secure"), Deposit, Amount{N: 3})
	require.NoError(t, err)
	require.Equal(t, Balance{3}, b)
}
