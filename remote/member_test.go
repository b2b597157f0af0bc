package remote

import (
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
)

// A ref's UUID places it on consistent-hash rings in every process, across
// troupe versions too (a rolling upgrade has both): the values are pinned.
func TestRefIDsAreStableAcrossProcessesAndVersions(t *testing.T) {
	require.Equal(t, uuid.MustParse("3df89247-0964-599d-a491-5912493cec01"), refID("default", "acct-42"))
	require.Equal(t, uuid.MustParse("4333c61a-cf6a-56ce-a925-b2f3b4c66fd3"), refID("prod", "acct-42"))
	require.Equal(t, uuid.Version(5), refID("default", "acct-42").Version())
	// Names may hold '/' but not '.': the pair is joined by a '.', so no
	// two (namespace, name) pairs share an identity.
	require.NotEqual(t, refID("a", "b/c"), refID("a/b", "c"))
	require.NotEqual(t, refID("a", "b-c"), refID("a-b", "c"))
}
