package remote

import (
	"fmt"
	"strconv"
	"time"

	"github.com/nats-io/nats.go"
)

// The wire, all in headers that appear only when needed. The subject of a
// request is troupe.<namespace>.<name>.<kind>; its reply subject is the
// asking node's inbox plus a token. The root token is the protocol version:
// a future troupe2 gets no responders, not garbage.
const (
	root = "troupe"

	// hdrTimeout carries the time the asker still waits, in microseconds:
	// a remaining time, not an instant, so clock skew does not matter.
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

// maxTimeout bounds the Troupe-Timeout header: a longer one is nonsense.
const maxTimeout = 366 * 24 * time.Hour

// readTimeout parses a request's remaining time. ok is false without the
// header; an unreadable or out-of-range value is an error.
func readTimeout(h nats.Header) (d time.Duration, ok bool, err error) {
	v := h.Get(hdrTimeout)
	if v == "" {
		return 0, false, nil
	}
	us, err := strconv.ParseInt(v, 10, 64)
	if err != nil || us > int64(maxTimeout/time.Microsecond) || us < -int64(maxTimeout/time.Microsecond) {
		return 0, false, fmt.Errorf("%w: header %s=%q is not a time in microseconds", ErrBadRequest, hdrTimeout, v)
	}
	return time.Duration(us) * time.Microsecond, true, nil
}

func writeTimeout(m *nats.Msg, d time.Duration) {
	if m.Header == nil {
		m.Header = nats.Header{}
	}
	m.Header.Set(hdrTimeout, strconv.FormatInt(int64(d/time.Microsecond), 10))
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
	m := &nats.Msg{Subject: subject, Data: data}
	if ct := c.ContentType(); ct != jsonContentType {
		m.Header = nats.Header{hdrContentType: []string{ct}}
	}
	return m
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
