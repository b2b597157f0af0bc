package remote

import (
	"context"
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
