package main

import (
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestTour(t *testing.T) {
	t.Run("every scenario runs without error", func(t *testing.T) {
		require.NoError(t, tour(io.Discard, 0))
	})

	t.Run("-only runs just the scenario asked for, under its heading", func(t *testing.T) {
		var out strings.Builder
		require.NoError(t, tour(&out, 3))
		require.Equal(t, 1, strings.Count(out.String(), "\n== "))
		require.Contains(t, out.String(), "== 3. "+scenarios[2].title)
	})
}
