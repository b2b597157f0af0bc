package remote

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
)

func TestABatchOfRepliesReadsAsItsReplies(t *testing.T) {
	const inbox = "_INBOX.n."
	rs := []queuedReply{
		{subject: inbox + "1~500", data: []byte(`{"N":1}`)},
		{subject: inbox + "2~", hdr: errorMsg("", ErrBusy).Header, data: []byte("busy")},
		{subject: inbox + "a~9", hdr: contentHeader(otherCodec{}), data: []byte{0, 0xff}},
		{subject: inbox + "b~1"},
	}
	var got []queuedReply
	err := readBatch(appendBatch(nil, inbox, rs), func(token []byte, m *nats.Msg) {
		got = append(got, queuedReply{inbox + string(token), m.Header, m.Data})
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(rs) {
		t.Fatalf("read %d replies of %d", len(got), len(rs))
	}
	for i, r := range rs {
		g := got[i]
		if g.subject != r.subject || string(g.data) != string(r.data) ||
			g.hdr.Get(hdrError) != r.hdr.Get(hdrError) || g.hdr.Get(hdrContentType) != r.hdr.Get(hdrContentType) {
			t.Errorf("reply %d: read %+v, sent %+v", i, g, r)
		}
	}
	if err := readBatch(appendBatch(nil, inbox, rs)[:5], func([]byte, *nats.Msg) {}); !errors.Is(err, errBadBatch) {
		t.Errorf("a truncated batch: %v", err)
	}
}

// FuzzReadBatch feeds readBatch what a hostile peer may send to a node's
// inbox as a batch of replies: it must not panic, and it reads only
// entries that lie within what it was given.
func FuzzReadBatch(f *testing.F) {
	f.Add(appendBatch(nil, "i.", []queuedReply{{subject: "i.1~", data: []byte("{}")}, {subject: "i.2~3", hdr: errorMsg("", ErrLost).Header}}))
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01})
	f.Add([]byte{3, 'a', 'b'})
	f.Fuzz(func(t *testing.T, data []byte) {
		total := 0
		err := readBatch(data, func(token []byte, m *nats.Msg) {
			total += len(token) + len(m.Data) + len(m.Header.Get(hdrError)) + len(m.Header.Get(hdrContentType))
		})
		if total > len(data) {
			t.Fatalf("read %d bytes of entries from %d", total, len(data))
		}
		if err != nil && !errors.Is(err, errBadBatch) {
			t.Fatalf("readBatch: %v", err)
		}
	})
}

type otherCodec struct{ jsonCodec }

func (otherCodec) ContentType() string { return "application/x-other" }

func TestReplyIDReadsWhatReplySubjectWrites(t *testing.T) {
	now := time.Now()
	for _, id := range []uint64{0, 1, 35, 36, 1 << 40, math.MaxUint64} {
		for _, deadline := range []time.Time{{}, now.Add(time.Second)} {
			s := replySubject("_INBOX.n.", id, deadline, now)
			got, ok := replyID(s[len("_INBOX.n."):])
			if !ok || got != id {
				t.Errorf("replyID of %q = %d, %v; want %d", s, got, ok, id)
			}
		}
	}
	for _, bad := range []string{"", "~", "~12", "1A~", "1-2~", "zzzzzzzzzzzzzz~"} {
		if id, ok := replyID([]byte(bad)); ok {
			t.Errorf("replyID(%q) = %d, want no id", bad, id)
		}
	}
}
