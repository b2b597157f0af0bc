package remote

import (
	"encoding/binary"
	"fmt"
	"strconv"

	"github.com/nats-io/nats.go"
)

// A frame carries several Tells of one kind in one NATS message, so that a
// flood pays NATS's per-message cost once per frame instead of once per
// Tell. Its Troupe-Frame header holds the number of items; its body is,
// for each item, the uvarint length of the item's encoded request and
// those bytes; nothing follows the last. The Content-Type header, when
// present, is every item's.
const hdrFrame = "Troupe-Frame"

// Caps of a frame a ref builds: a frame is published when it holds
// frameItems Tells or frameLimit bytes of body, whichever comes first (a
// larger Tell goes in a frame of its own). They keep the serving side's
// pauses short, and a frame well under the server's max_payload.
const (
	frameItems = 1024
	frameBytes = 32 << 10
)

// frameLimit is the body size past which a frame is published, on a
// connection whose server takes max bytes per message.
func frameLimit(max int64) int {
	return int(min(frameBytes, max/2))
}

// appendItem adds one encoded request to a frame's body.
func appendItem(body, item []byte) []byte {
	body = binary.AppendUvarint(body, uint64(len(item)))
	return append(body, item...)
}

// readFrame checks a frame's structure before any of it is handled: its
// count is a number from 1 to the body's length (every item takes at least
// its length byte), and the body holds exactly that many items, each within
// the body. A frame that fails gets one bad_request, and none of its items
// is handled.
func readFrame(h nats.Header, data []byte) (count int, err error) {
	v := h.Get(hdrFrame)
	count, err = strconv.Atoi(v)
	if err != nil || count < 1 || count > len(data) {
		return 0, fmt.Errorf("%w: header %s=%q is not an item count from 1 to %d", ErrBadRequest, hdrFrame, v, len(data))
	}
	rest := data
	for i := range count {
		_, next, ok := nextItem(rest)
		if !ok {
			return 0, fmt.Errorf("%w: frame item %d of %d: length past the end of %d bytes", ErrBadRequest, i+1, count, len(data))
		}
		rest = next
	}
	if len(rest) != 0 {
		return 0, fmt.Errorf("%w: frame of %d items has %d bytes after the last", ErrBadRequest, count, len(rest))
	}
	return count, nil
}

// nextItem splits the first item off a frame's body; ok is false when its
// length is unreadable or runs past the end.
func nextItem(data []byte) (item, rest []byte, ok bool) {
	n, w := binary.Uvarint(data)
	if w <= 0 || n > uint64(len(data)-w) {
		return nil, nil, false
	}
	end := w + int(n)
	return data[w:end], data[end:], true
}
