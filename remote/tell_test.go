package remote

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestTellWindowAdmission(t *testing.T) {
	var c lookupConfig
	TellWindow(8).applyLookup(&c) // an acknowledgement every 2nd Tell, 4 open at most
	w := newTellWindow(nil, "", c.window)
	var acks int
	for range 8 {
		ack, err := w.admit(nil)
		require.NoError(t, err)
		if ack {
			acks++
		}
	}
	require.Equal(t, 4, acks)
	_, err := w.admit(nil)
	require.NoError(t, err, "not an acknowledgement point")
	_, err = w.admit(nil)
	require.ErrorIs(t, err, ErrBusy, "a plain Tell does not wait for a full window")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = w.admit(ctx)
	require.ErrorIs(t, err, context.Canceled, "TellContext waits only while ctx lasts")

	w.acked(ErrLost)
	_, err = w.admit(nil)
	require.ErrorIs(t, err, ErrLost, "a failed acknowledgement is reported to the next Tell")
	ack, err := w.admit(nil)
	require.NoError(t, err, "once")
	require.True(t, ack, "the freed slot takes the pending acknowledgement point")
	require.Panics(t, func() { TellWindow(3) })
}

func TestAWindowEncodesJSONAsMarshalDoes(t *testing.T) {
	w := newTellWindow(nil, "", 8)
	for _, v := range []any{1, "<a & b>", struct{ N []int }{[]int{1, 2}}, map[string]any{"x": nil}} {
		want, err := json.Marshal(v)
		require.NoError(t, err)
		got, err := w.encode(JSON, v)
		require.NoError(t, err)
		require.Equal(t, string(want), string(got), "%#v", v)
	}
	_, err := w.encode(JSON, make(chan int))
	require.Error(t, err, "a value JSON cannot encode")
	got, err := w.encode(JSON, 2)
	require.NoError(t, err)
	require.Equal(t, "2", string(got), "and the encoder still works after an error")
}
