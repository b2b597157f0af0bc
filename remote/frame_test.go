package remote

import (
	"io"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestAnItemStreamEndsAtItsItem(t *testing.T) {
	s := &itemStream{cur: []byte("[1,"), sep: true}
	got, err := io.ReadAll(io.LimitReader(s, 100))
	require.ErrorIs(t, err, errPastItem, "a value that runs past its item cannot read the next one")
	require.Equal(t, "[1,\n", string(got), "the item and its newline, nothing after")

	// A frame of values that each run into the next item: every item is
	// refused alone, as json.Unmarshal refuses it, and none reads further.
	var frame []byte
	for range 1000 {
		frame = appendItem(frame, []byte("["))
	}
	r := newItemReader(JSON, frame)
	for i := range 1000 {
		var v any
		require.ErrorIs(t, r.next(&v), ErrBadRequest, "item %d", i)
	}
}
