package remote

import (
	"encoding/json"
	"io"
	"reflect"
)

// itemReader decodes a checked frame's items one after another. For JSON
// it reads them as one stream with a json.Decoder, which spares the
// allocation json.Unmarshal makes per call (a tenth of a flood's time),
// and checks that every value lies within its item: an item the stream
// reads differently (empty, several values, a value that runs into the
// next item) is decoded alone with json.Unmarshal instead, so every item
// decodes exactly as Unmarshal decodes it, error included.
type itemReader struct {
	codec Codec
	rest  []byte // the frame's body from the next item's length on

	dec    *json.Decoder // nil until the next JSON item, and after a misread
	stream itemStream
	start  int64 // the stream offset of the next item
}

func newItemReader(c Codec, body []byte) *itemReader {
	return &itemReader{codec: c, rest: body}
}

// next decodes the next item into v, a pointer.
func (f *itemReader) next(v any) error {
	at := f.rest
	item, rest, _ := nextItem(f.rest) // readFrame checked every item
	f.rest = rest
	if _, ok := f.codec.(jsonCodec); !ok || blank(item) {
		f.dec = nil // a blank item would read as the next one's value
		return decodeItem(f.codec, item, v)
	}
	if f.dec == nil {
		f.stream = itemStream{rest: at}
		f.dec, f.start = json.NewDecoder(&f.stream), 0
	}
	start := f.start
	end := start + int64(len(item))
	f.start = end + 1 // past the newline after the item
	if err := f.dec.Decode(v); err == nil {
		if off := f.dec.InputOffset(); off <= end && blank(item[off-start:]) {
			return nil
		}
	}
	f.dec = nil // out of step with the items: start again at the next one
	reflect.ValueOf(v).Elem().SetZero()
	return decodeItem(f.codec, item, v)
}

// blank reports whether b is JSON whitespace only.
func blank(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' && c != '\n' && c != '\r' {
			return false
		}
	}
	return true
}

// itemStream reads a checked frame's items as one stream, each followed by
// a newline (JSON whitespace, so that a number ends with its item).
type itemStream struct {
	rest []byte // the frame's body from the next item's length on
	cur  []byte // what is left of the item being read
	sep  bool   // the newline after cur is still to be read
}

func (s *itemStream) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		switch {
		case len(s.cur) > 0:
			c := copy(p[n:], s.cur)
			s.cur, n = s.cur[c:], n+c
		case s.sep:
			p[n], s.sep, n = '\n', false, n+1
		default:
			item, rest, ok := nextItem(s.rest)
			if !ok {
				if n == 0 {
					return 0, io.EOF
				}
				return n, nil
			}
			s.cur, s.rest, s.sep = item, rest, true
		}
	}
	return n, nil
}
