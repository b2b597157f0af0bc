package remote

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
)

// The wire: subjects, and headers that appear only when needed. The
// subject of a request is troupe.<namespace>.<name>.<kind>; its reply
// subject is the asking node's inbox plus a token (see replySubject). The
// root token is the protocol version: a future troupe2 gets no responders,
// not garbage.
const (
	root = "troupe"

	// hdrTimeout carries the time the asker still waits, in microseconds,
	// for askers that make their own reply subjects: a remaining time, not
	// an instant, so clock skew does not matter.
	hdrTimeout = "Troupe-Timeout"
	// hdrStatus marks a heartbeat (102) on a reply subject.
	hdrStatus = "Troupe-Status"
	// hdrError carries an error's code; the body is its message.
	hdrError = "Troupe-Error"
	// hdrContentType names a body's codec when it is not JSON.
	hdrContentType = "Content-Type"
	// natsStatus is the NATS server's own status header (503: no responders).
	natsStatus = "Status"

	statusBeat   = "102"
	noResponders = "503"

	// kindPing is troupe's own kind, served by every exposure: it names the
	// serving node and the exposure's incarnation, for Monitor.
	kindPing = "_ping"
)

// maxTimeout bounds a request's remaining time: a longer one is nonsense.
const maxTimeout = 366 * 24 * time.Hour

// timeoutMark ends an ask's id and starts its remaining time in the last
// token of a reply subject: "<id>~<µs>", or "<id>~" without a deadline.
// Neither NATS inboxes' tokens nor troupe's base-36 ids hold it, so it marks
// a troupe node's reply subject: a reply subject made by another client
// never reads as a timeout, and never gets its replies in a batch.
const timeoutMark = '~'

// replySubject is the reply subject of the ask id sent at now: the node's
// inbox, the id in base 36, the mark and, if the ask has a deadline, the
// remaining time. Carrying the time there rather than in a header spares
// both sides the header's encoding and parsing.
func replySubject(inbox string, id uint64, deadline, now time.Time) string {
	var buf [80]byte
	b := append(buf[:0], inbox...)
	b = strconv.AppendUint(b, id, 36)
	b = append(b, timeoutMark)
	if !deadline.IsZero() {
		b = strconv.AppendInt(b, int64(deadline.Sub(now)/time.Microsecond), 10)
	}
	return string(b)
}

// fromNode reports whether a reply subject is a troupe node's.
func fromNode(reply string) bool {
	i := strings.LastIndexByte(reply, timeoutMark)
	return i >= 0 && strings.IndexByte(reply[i:], '.') < 0
}

// replyID reads the ask's id from a reply subject's last token: base 36,
// as replySubject writes it, up to the mark.
func replyID[T string | []byte](token T) (id uint64, ok bool) {
	for i := range len(token) {
		var d uint64
		switch c := token[i]; {
		case c == timeoutMark && i > 0:
			return id, true
		case '0' <= c && c <= '9':
			d = uint64(c - '0')
		case 'a' <= c && c <= 'z':
			d = uint64(c-'a') + 10
		default:
			return 0, false
		}
		if id > (math.MaxUint64-d)/36 {
			return 0, false
		}
		id = id*36 + d
	}
	return id, len(token) > 0
}

// readTimeout reads a request's remaining time: from its reply subject's
// last token (troupe's askers) or from the Troupe-Timeout header (askers
// that make their own reply subjects, as nats.Request does). ok is false
// without either; an unreadable or out-of-range value is an error.
func readTimeout(reply string, h nats.Header) (d time.Duration, ok bool, err error) {
	v, inReply := "", fromNode(reply)
	if inReply {
		if v = reply[strings.LastIndexByte(reply, timeoutMark)+1:]; v == "" {
			return 0, false, nil
		}
	} else if v = h.Get(hdrTimeout); v == "" {
		return 0, false, nil
	}
	us, err := strconv.ParseInt(v, 10, 64)
	if err != nil || us > int64(maxTimeout/time.Microsecond) || us < -int64(maxTimeout/time.Microsecond) {
		where := "header " + hdrTimeout
		if inReply {
			where = "reply subject " + strconv.Quote(reply)
		}
		return 0, false, fmt.Errorf("%w: %s: %q is not a time in microseconds", ErrBadRequest, where, v)
	}
	return time.Duration(us) * time.Microsecond, true, nil
}

// decodeBody reads a request or reply body of codec c into v, checking the
// content type first.
func decodeBody(c Codec, h nats.Header, data []byte, v any) error {
	if err := checkContentType(c, h); err != nil {
		return err
	}
	return decodeItem(c, data, v)
}

// checkContentType fails unless h names codec c's content type (no
// header: JSON).
func checkContentType(c Codec, h nats.Header) error {
	ct := h.Get(hdrContentType)
	if ct == "" {
		ct = jsonContentType
	}
	if ct != c.ContentType() {
		return fmt.Errorf("%w: content type %q, want %q", ErrBadRequest, ct, c.ContentType())
	}
	return nil
}

// decodeItem decodes data, in codec c, into v.
func decodeItem(c Codec, data []byte, v any) error {
	if err := c.Unmarshal(data, v); err != nil {
		return fmt.Errorf("%w: %v", ErrBadRequest, err)
	}
	return nil
}

// newMsg makes a message whose body is in codec c: with no header for
// JSON, the common case.
func newMsg(subject string, c Codec, data []byte) *nats.Msg {
	return &nats.Msg{Subject: subject, Header: contentHeader(c), Data: data}
}

// contentHeader is the header of a body in codec c: none for JSON.
func contentHeader(c Codec) nats.Header {
	if ct := c.ContentType(); ct != jsonContentType {
		return nats.Header{hdrContentType: []string{ct}}
	}
	return nil
}

// errorMsg is the reply that carries err.
func errorMsg(subject string, err error) *nats.Msg {
	m := &nats.Msg{Subject: subject, Data: []byte(messageOf(err)), Header: nats.Header{}}
	m.Header.Set(hdrError, codeOf(err))
	return m
}

// replyError reads the error a reply carries, if any: an error from the
// serving side, or NATS's no responders.
func replyError(m *nats.Msg) error {
	if code := m.Header.Get(hdrError); code != "" {
		return decodeError(code, string(m.Data))
	}
	if m.Header.Get(natsStatus) == noResponders {
		return ErrNoResponders
	}
	return nil
}
