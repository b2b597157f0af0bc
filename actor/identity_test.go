package actor_test

import (
	"context"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/registry"
)

// valueActor is a state held by value, not by pointer.
type valueActor struct{}

func (valueActor) Receive(*actor.Context, msg) error { return nil }

func TestIdentity(t *testing.T) {
	t.Run("the URN is urn:uuid: and a version-4 UUID, distinct per actor", func(t *testing.T) {
		seen := map[string]bool{}
		for range 100 {
			ref := start(&script{})
			urn := ref.URN()
			require.True(t, strings.HasPrefix(urn, "urn:uuid:"), urn)
			id, err := uuid.Parse(strings.TrimPrefix(urn, "urn:uuid:"))
			require.NoError(t, err)
			require.Equal(t, uuid.Version(4), id.Version())
			require.Equal(t, uuid.RFC4122, id.Variant())
			require.Equal(t, id, ref.UUID())
			require.False(t, seen[urn], "URN %s given twice", urn)
			seen[urn] = true
			stop(t, ref)
			require.Equal(t, urn, ref.URN(), "the URN outlives the actor")
		}
	})

	t.Run("the default name is the state's type name without package or pointer", func(t *testing.T) {
		p := start(&script{})
		v := start(valueActor{})
		a := start(&Wallet{})
		require.Equal(t, "script", p.Name())
		require.Equal(t, "valueActor", v.Name())
		require.Equal(t, "Wallet", a.Name())
		stop(t, p)
		stop(t, v)
		stop(t, a)
	})

	t.Run("WithName names the actor, its Context and its registry entry", func(t *testing.T) {
		reg := registry.New()
		ref := start(&script{}, actor.WithName("greeter"), actor.WithRegistry(reg))
		require.Equal(t, "greeter", ref.Name())
		name, err := actor.CallContext(ref, func(ctx *actor.Context, _ *script) (string, error) {
			return ctx.Name(), nil
		}).Get(context.Background())
		require.NoError(t, err)
		require.Equal(t, "greeter", name)
		require.Equal(t, []registry.Entry{ref}, reg.ByName("greeter"))
		require.Empty(t, reg.ByName("script"))
		require.Contains(t, ref.String(), "greeter")
		stop(t, ref)
	})

	t.Run("IsAlive is true until the actor has stopped", func(t *testing.T) {
		ref := start(&script{})
		require.True(t, ref.IsAlive())
		stop(t, ref)
		require.False(t, ref.IsAlive())
	})
}

func TestRegistration(t *testing.T) {
	t.Run("without WithRegistry the actor joins registry.Default and leaves it", func(t *testing.T) {
		ref := actor.Start(&script{}, actor.WithLogger(discard))
		e, ok := registry.Default.ByURN(ref.URN())
		require.True(t, ok)
		require.Same(t, ref, e)
		stop(t, ref)
		_, ok = registry.Default.ByURN(ref.URN())
		require.False(t, ok)
	})

	t.Run("the actor leaves its registry before Done closes, and after OnStop", func(t *testing.T) {
		for range 100 {
			reg := registry.New()
			var inOnStop bool
			ref := start(&hooked{stop: func(ctx *actor.Context) {
				_, inOnStop = reg.ByURN(ctx.URN())
			}}, actor.WithRegistry(reg))
			go func() { _ = ref.Stop(context.Background()) }()
			<-ref.Done()
			_, ok := reg.ByURN(ref.URN())
			require.False(t, ok, "still registered once Done closed")
			require.True(t, inOnStop, "already unregistered in OnStop")
		}
	})

	t.Run("a failed actor leaves its registry too", func(t *testing.T) {
		reg := registry.New()
		ref := start(&script{receive: func(*actor.Context, msg) error { return errBoom }}, actor.WithRegistry(reg))
		require.NoError(t, ref.Tell(msg{}))
		<-ref.Done()
		require.Zero(t, reg.Len())
	})

	t.Run("StopAll stops the actors of a registry, newest first", func(t *testing.T) {
		checkGoroutines(t)
		reg := registry.New()
		var order []string
		stopped := make(chan string, 3)
		for _, name := range []string{"a", "b", "c"} {
			ref := start(&hooked{stop: func(ctx *actor.Context) { stopped <- ctx.Name() }},
				actor.WithRegistry(reg), actor.WithName(name))
			require.NoError(t, ref.Tell(msg{}))
		}
		require.NoError(t, reg.StopAll(context.Background()))
		close(stopped)
		for name := range stopped {
			order = append(order, name)
		}
		require.Equal(t, []string{"c", "b", "a"}, order)
		require.Zero(t, reg.Len())
	})
}
