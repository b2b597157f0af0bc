package remote

import (
	"bytes"
	"errors"
	"strconv"
	"testing"

	"github.com/nats-io/nats.go"
)

// FuzzReadFrame feeds what a hostile or broken peer controls in a frame
// (the Troupe-Frame count and the body) to the frame reader a serving node
// runs before it tells anything: it may not panic, every refusal must be a
// bad_request, and a frame it accepts must split into exactly the counted
// items. Items framed by appendItem, as a ref frames them, must read back
// unchanged.
func FuzzReadFrame(f *testing.F) {
	f.Add("1", []byte("\x02{}"))
	f.Add("2", []byte("\x02{}\x09{}"))
	f.Add("3", []byte("\x02{}\x02{}"))
	f.Add("99999999999", []byte("\x02{}"))
	f.Add("-1", []byte(""))
	f.Add("1", []byte("\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01"))
	f.Fuzz(func(t *testing.T, count string, body []byte) {
		n, err := readFrame(nats.Header{hdrFrame: []string{count}}, body)
		if err != nil {
			if !errors.Is(err, ErrBadRequest) {
				t.Fatalf("readFrame(%q, %q): %v is not a bad request", count, body, err)
			}
		} else {
			rest := body
			for i := range n {
				var ok bool
				if _, rest, ok = nextItem(rest); !ok {
					t.Fatalf("readFrame(%q, %q) accepted %d items, item %d unreadable", count, body, n, i+1)
				}
			}
			if len(rest) != 0 {
				t.Fatalf("readFrame(%q, %q) accepted %d items, %d bytes left", count, body, n, len(rest))
			}
		}

		items := bytes.Split(body, []byte(","))
		var frame []byte
		for _, it := range items {
			frame = appendItem(frame, it)
		}
		n, err = readFrame(nats.Header{hdrFrame: []string{strconv.Itoa(len(items))}}, frame)
		if err != nil || n != len(items) {
			t.Fatalf("a frame of %d items read as %d: %v", len(items), n, err)
		}
		rest := frame
		for i, want := range items {
			var got []byte
			got, rest, _ = nextItem(rest)
			if !bytes.Equal(got, want) {
				t.Fatalf("item %d read as %q, framed %q", i+1, got, want)
			}
		}
	})
}
