package remote

import (
	"encoding/binary"
	"errors"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/nats-io/nats.go"
)

// The replies of asks served here go to their asking nodes in batches: a
// NATS message costs the client that sends it, the server and the client
// that gets it far more than a few bytes of its body, so a node serving many
// asks of one asking node sends it one message for all the replies ready at
// once. The node's flusher sends them, as it sends Tell windows' frames: a
// reply waits for that goroutine to run, never for a timer, and a lone
// reply goes as it is. A reply that nothing could join (its exposure has
// no other request in flight, and no reply waits) goes at once from the
// goroutine that completed it: a sequential asker waits for no flusher.
//
// A batch goes to the reply subject of one of its asks, which a server
// that allows only responses (allow_responses) lets through, with the
// header Troupe-Batch (the number of replies) and a body of entries, each
// four length-prefixed (uvarint) fields: the last token of the ask's reply
// subject, the error code (empty: none), the content type (empty: JSON)
// and the reply's body.

// hdrBatch marks a batch of replies.
const hdrBatch = "Troupe-Batch"

// replyQueue holds the replies waiting for the flusher.
type replyQueue struct {
	mu      sync.Mutex
	list    []queuedReply
	stopped bool          // the flusher is gone: replies go at once
	wake    chan struct{} // one token: the list turned non-empty
	spare   []queuedReply // the flusher's: the list it sent last
}

type queuedReply struct {
	subject string
	hdr     nats.Header
	data    []byte
}

// reply sends the reply of an ask: batched if the asker is a troupe node,
// unless alone (its exposure has no other request in flight) and no reply
// waits, when nothing could join it: it goes at once, sparing the wait for
// the flusher. A lost reply ends in the asker's lease.
func (n *Node) reply(subject string, hdr nats.Header, data []byte, alone bool) {
	q := &n.replies
	if fromNode(subject) {
		q.mu.Lock()
		if !q.stopped && (!alone || len(q.list) > 0) {
			q.list = append(q.list, queuedReply{subject, hdr, data})
			first := len(q.list) == 1
			q.mu.Unlock()
			if first {
				select {
				case q.wake <- struct{}{}:
				default:
				}
			}
			return
		}
		q.mu.Unlock()
	}
	_ = n.publish(subject, hdr, data)
}

// sendReplies sends what the queue holds, one message per asking node and
// max_payload; with stop, later replies go at once.
func (n *Node) sendReplies(stop bool) {
	q := &n.replies
	q.mu.Lock()
	list := q.list
	q.list, q.stopped = q.spare, q.stopped || stop
	q.mu.Unlock()
	// The replies to one node share its inbox: the subject up to the token.
	slices.SortStableFunc(list, func(a, b queuedReply) int { return strings.Compare(inboxOf(a.subject), inboxOf(b.subject)) })
	limit := int(n.nc.MaxPayload()) - replyHeadroom
	for i := 0; i < len(list); {
		inbox, j, size := inboxOf(list[i].subject), i, 0
		for j < len(list) && inboxOf(list[j].subject) == inbox {
			e := entrySize(inbox, list[j])
			if j > i && size+e > limit {
				break
			}
			size += e
			j++
		}
		n.sendBatch(inbox, list[i:j], size)
		i = j
	}
	clear(list)
	q.spare = list[:0]
}

// sendBatch sends rs, replies to one inbox whose entries take size bytes.
func (n *Node) sendBatch(inbox string, rs []queuedReply, size int) {
	if len(rs) == 1 {
		_ = n.publish(rs[0].subject, rs[0].hdr, rs[0].data)
		return
	}
	body := appendBatch(make([]byte, 0, size), inbox, rs)
	_ = n.nc.PublishMsg(&nats.Msg{Subject: rs[0].subject, Header: nats.Header{hdrBatch: {strconv.Itoa(len(rs))}}, Data: body})
}

// appendBatch appends the entries of rs, replies to inbox, to b.
func appendBatch(b []byte, inbox string, rs []queuedReply) []byte {
	for _, r := range rs {
		b = appendField(b, r.subject[len(inbox):])
		b = appendField(b, r.hdr.Get(hdrError))
		b = appendField(b, r.hdr.Get(hdrContentType))
		b = appendField(b, r.data)
	}
	return b
}

// inboxOf is a reply subject up to its last token, its dot included.
func inboxOf(subject string) string { return subject[:strings.LastIndexByte(subject, '.')+1] }

// entrySize bounds the size of r's entry in a batch.
func entrySize(inbox string, r queuedReply) int {
	return 4*binary.MaxVarintLen64 + len(r.subject) - len(inbox) + len(r.hdr.Get(hdrError)) + len(r.hdr.Get(hdrContentType)) + len(r.data)
}

func appendField[T string | []byte](b []byte, f T) []byte {
	return append(binary.AppendUvarint(b, uint64(len(f))), f...)
}

// errBadBatch is a batch of replies that does not parse.
var errBadBatch = errors.New("remote: malformed batch of replies")

// readBatch calls each with every entry of a batch of replies, as the
// message its reply would have been (one message, reused: valid during the
// call), until the end or the first entry that does not parse.
func readBatch(data []byte, each func(token []byte, m *nats.Msg)) error {
	m := new(nats.Msg)
	for len(data) > 0 {
		var f [4][]byte
		for i := range f {
			l, k := binary.Uvarint(data)
			if k <= 0 || l > uint64(len(data)-k) {
				return errBadBatch
			}
			f[i], data = data[k:k+int(l)], data[k+int(l):]
		}
		*m = nats.Msg{Data: f[3]}
		if len(f[1]) > 0 || len(f[2]) > 0 {
			m.Header = nats.Header{}
			if len(f[1]) > 0 {
				m.Header.Set(hdrError, string(f[1]))
			}
			if len(f[2]) > 0 {
				m.Header.Set(hdrContentType, string(f[2]))
			}
		}
		each(f[0], m)
	}
	return nil
}
