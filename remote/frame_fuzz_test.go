package remote

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
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

// FuzzItemReader checks that the serving side decodes a frame's JSON items
// exactly as json.Unmarshal decodes each alone: the same values, the same
// errors, whatever the items hold (several values, a value cut off, one
// that would run into the next item). The body's '|' separate the items.
func FuzzItemReader(f *testing.F) {
	f.Add([]byte(`1|2|3`))
	f.Add([]byte(`[1,|2]|3`))
	f.Add([]byte(`1 2|3`))
	f.Add([]byte(`|1| |"a"`))
	f.Add([]byte(` 1 |"a\n"|null`))
	f.Add([]byte(`{"N":1}|{"N":"x"}|{"N":2,"S":"s"}`))
	f.Add([]byte(`{"N":|1}|{"S":"|"}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		items := bytes.Split(body, []byte("|"))
		var frame []byte
		for _, it := range items {
			frame = appendItem(frame, it)
		}
		type target struct {
			N int
			S string
		}
		anyReader, typedReader := newItemReader(JSON, frame), newItemReader(JSON, frame)
		for i, it := range items {
			var got, want any
			gotErr, wantErr := anyReader.next(&got), decodeItem(JSON, it, &want)
			if fmt.Sprint(gotErr) != fmt.Sprint(wantErr) || (wantErr == nil && !reflect.DeepEqual(got, want)) {
				t.Fatalf("item %d %q: read %#v, %v; Unmarshal %#v, %v", i+1, it, got, gotErr, want, wantErr)
			}
			var gotT, wantT target
			gotErr, wantErr = typedReader.next(&gotT), decodeItem(JSON, it, &wantT)
			if fmt.Sprint(gotErr) != fmt.Sprint(wantErr) || (wantErr == nil && gotT != wantT) {
				t.Fatalf("item %d %q as a struct: read %#v, %v; Unmarshal %#v, %v", i+1, it, gotT, gotErr, wantT, wantErr)
			}
		}
	})
}
