package remote

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestNamesAreSubjectTokens(t *testing.T) {
	require.NotPanics(t, func() { NewAsk[struct{}, int, int]("Deposit-2") })
	for _, bad := range []string{"", "_ping", "a.b", "a*", ">", "a b"} {
		require.Panics(t, func() { NewTell[struct{}, int](bad) }, "kind %q", bad)
	}
	require.PanicsWithValue(t, `remote: NewAsk: kind name "a.b" contains '.', '*', '>' or white space`, func() { NewAsk[struct{}, int, int]("a.b") })
}
