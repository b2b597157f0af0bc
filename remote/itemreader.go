package remote

import (
	"encoding/json"
	"errors"
	"reflect"
)

// itemReader decodes a checked frame's items one after another. For JSON
// it reads them as one stream with a json.Decoder, which spares the
// allocation json.Unmarshal makes per call (a tenth of a flood's time).
// The stream gives the decoder one item at a time, so that no value is
// read past its item, and each value must fill its item: an item the
// stream reads otherwise (blank, several values, a value cut off) is
// decoded alone with json.Unmarshal instead. Every item thus decodes
// exactly as Unmarshal decodes it, error included, in time linear in the
// frame's size.
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
func (r *itemReader) next(v any) error {
	item, rest, _ := nextItem(r.rest) // readFrame checked every item
	r.rest = rest
	if _, ok := r.codec.(jsonCodec); !ok || blank(item) {
		return decodeItem(r.codec, item, v)
	}
	if r.dec == nil {
		r.stream = itemStream{}
		r.dec, r.start = json.NewDecoder(&r.stream), 0
	}
	r.stream.cur, r.stream.sep = item, true
	start := r.start
	end := start + int64(len(item))
	r.start = end + 1 // past the newline after the item
	if err := r.dec.Decode(v); err == nil {
		if off := r.dec.InputOffset(); off <= end && blank(item[off-start:]) {
			return nil
		}
	}
	r.dec = nil // out of step with the items: start again at the next one
	reflect.ValueOf(v).Elem().SetZero()
	return decodeItem(r.codec, item, v)
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

// itemStream gives a json.Decoder one item and a newline after it (JSON
// whitespace, so that a number ends with its item), and fails a read past
// them: a value that needs more is not its item's alone.
type itemStream struct {
	cur []byte // what is left of the item
	sep bool   // the newline after cur is still to be read
}

// errPastItem fails a decoder that reads past its item.
var errPastItem = errors.New("remote: a frame item's value runs past the item")

func (s *itemStream) Read(p []byte) (int, error) {
	n := copy(p, s.cur)
	s.cur = s.cur[n:]
	if s.sep && n < len(p) {
		p[n], s.sep, n = '\n', false, n+1
	}
	if n == 0 && len(p) > 0 {
		return 0, errPastItem
	}
	return n, nil
}
