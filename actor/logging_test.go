package actor_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/troupe-go/troupe/actor"
)

func TestLogging(t *testing.T) {
	t.Run("lifecycle events are logged at Debug, all of them by the time Stop returns", func(t *testing.T) {
		for range 200 {
			logger, logs := bufferLogger()
			ref := start(&script{}, actor.WithName("logged"), actor.WithLogger(logger))
			require.NoError(t, ref.Tell(msg{}))
			require.NoError(t, ref.Stop(t.Context()))
			out := logs.String()
			require.Contains(t, out, "level=DEBUG msg=registered actor=logged urn="+ref.URN())
			require.Contains(t, out, "level=DEBUG msg=stopped actor=logged urn="+ref.URN())
		}
	})

	t.Run("a failed actor's last log is written by the time Done closes", func(t *testing.T) {
		for range 200 {
			logger, logs := bufferLogger()
			ref := start(&script{receive: func(*actor.Context, msg) error { return errBoom }},
				actor.WithName("logged"), actor.WithLogger(logger))
			require.NoError(t, ref.Tell(msg{}))
			<-ref.Done()
			require.Contains(t, logs.String(), "level=DEBUG msg=failed actor=logged urn="+ref.URN())
		}
	})
}
