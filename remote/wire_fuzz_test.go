package remote

import (
	"errors"
	"testing"

	"github.com/nats-io/nats.go"
)

// FuzzDecodeRequest feeds what a hostile or broken peer controls (the
// reply subject, the deadline and content-type headers, the error header
// and the body) to the decoders a serving or asking node runs on it: none
// may panic, and every refusal must be a bad_request.
func FuzzDecodeRequest(f *testing.F) {
	f.Add("_INBOX.a.1~1500000", "", "", `{"N":5}`, "")
	f.Add("_INBOX.a.1", "1500000", "", `{"N":5}`, "")
	f.Add("_INBOX.a.zz~-1", "", "", `{"N":`, "")
	f.Add("_INBOX.a~1.b", "soon", "application/json", "{}", "")
	f.Add("_INBOX.a.1~soon", "", "", "{}", "")
	f.Add("~", "99999999999999999999", "application/msgpack", "\x82\xa1N\x05", "")
	f.Add("", "", "", "kaboom", "panic")
	f.Add("", "", "", "", "bank.unknown")
	f.Fuzz(func(t *testing.T, reply, timeout, contentType, body, code string) {
		h := nats.Header{}
		if timeout != "" {
			h.Set(hdrTimeout, timeout)
		}
		if contentType != "" {
			h.Set(hdrContentType, contentType)
		}
		if _, _, err := readTimeout(reply, h); err != nil && !errors.Is(err, ErrBadRequest) {
			t.Fatalf("readTimeout(%q, %q): %v is not a bad request", reply, timeout, err)
		}
		replyID(reply) // an asking node's reading of a reply's subject: must not panic
		var v struct{ N int }
		if err := decodeBody(JSON, h, []byte(body), &v); err != nil && !errors.Is(err, ErrBadRequest) {
			t.Fatalf("decodeBody: %v is not a bad request", err)
		}
		m := &nats.Msg{Header: nats.Header{}, Data: []byte(body)}
		if code != "" {
			m.Header.Set(hdrError, code)
		}
		if err := replyError(m); code != "" {
			var re *Error
			if !errors.As(err, &re) || re.Code != code || re.Message != body {
				t.Fatalf("replyError(%q, %q) = %v", code, body, err)
			}
		}
	})
}
