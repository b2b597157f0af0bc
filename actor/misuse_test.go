package actor_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/registry"
)

func TestMisuse(t *testing.T) {
	t.Run("Start with a nil pointer state panics naming the type, and registers nothing", func(t *testing.T) {
		reg := registry.New()
		require.PanicsWithValue(t, "actor: Start with a nil *actor_test.script state", func() {
			actor.Start((*script)(nil), actor.WithRegistry(reg))
		})
		require.Zero(t, reg.Len())
	})

	t.Run("Start with a nil interface state panics naming the type", func(t *testing.T) {
		require.PanicsWithValue(t,
			"actor: Start with a nil actor.Receiver[github.com/troupe-go/troupe/actor_test.msg] state",
			func() { actor.Start[actor.Receiver[msg]](nil, actor.WithRegistry(registry.New())) })
	})

	ref := start(&script{})
	t.Cleanup(func() { stop(t, ref) })
	for name, tc := range map[string]struct {
		panic string
		fn    func()
	}{
		"Call with a nil func": {"actor: Call with a nil func", func() {
			actor.Call[*script, msg, int](ref, nil)
		}},
		"CallContext with a nil func": {"actor: CallContext with a nil func", func() {
			actor.CallContext[*script, msg, int](ref, nil)
		}},
		"Ask with a nil build func": {"actor: Ask with a nil build func", func() {
			_, _ = actor.Ask[*script, msg, int](t.Context(), ref, nil)
		}},
		"AskAsync with a nil build func": {"actor: AskAsync with a nil build func", func() {
			actor.AskAsync[*script, msg, int](ref, nil)
		}},
		"WithMailbox with capacity 0": {"actor: WithMailbox capacity must be positive, got 0", func() {
			actor.WithMailbox(0, actor.OverflowFail)
		}},
		"WithMailbox with a negative capacity": {"actor: WithMailbox capacity must be positive, got -3", func() {
			actor.WithMailbox(-3, actor.OverflowBlock)
		}},
		"WithMailbox with an unknown overflow": {"actor: WithMailbox with unknown Overflow(7)", func() {
			actor.WithMailbox(1, actor.Overflow(7))
		}},
		"WithRegistry(nil)":    {"actor: WithRegistry(nil)", func() { actor.WithRegistry(nil) }},
		"WithLogger(nil)":      {"actor: WithLogger(nil)", func() { actor.WithLogger(nil) }},
		"WithDeadLetters(nil)": {"actor: WithDeadLetters(nil)", func() { actor.WithDeadLetters(nil) }},
		"a nil Option": {"actor: nil Option", func() {
			actor.Start(&script{}, actor.WithRegistry(registry.New()), nil)
		}},
	} {
		t.Run(name+" panics with a precise message", func(t *testing.T) {
			require.PanicsWithValue(t, tc.panic, tc.fn)
		})
	}

	t.Run("a misused send leaves the actor usable", func(t *testing.T) {
		require.Panics(t, func() { actor.Call[*script, msg, int](ref, nil) })
		got, err := actor.Ask(t.Context(), ref, askN(3))
		require.NoError(t, err)
		require.Equal(t, 3, got)
	})
}
