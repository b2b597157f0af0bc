package actor_test

import (
	"bytes"
	"context"
	"runtime/pprof"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/future"
	"github.com/troupe-go/troupe/registry"
)

// goroutineGroups returns the goroutine profile (debug=1) split into its
// groups: goroutines with the same stack and labels, each group listing its
// labels and its stack.
func goroutineGroups(t *testing.T) []string {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, pprof.Lookup("goroutine").WriteTo(&b, 1))
	return strings.Split(b.String(), "\n\n")
}

// groupWith returns the one group that contains every one of want.
func groupWith(t *testing.T, groups []string, want ...string) string {
	t.Helper()
	var found []string
	for _, g := range groups {
		all := true
		for _, w := range want {
			all = all && strings.Contains(g, w)
		}
		if all {
			found = append(found, g)
		}
	}
	require.Len(t, found, 1, "groups with %q in:\n%s", want, strings.Join(groups, "\n\n"))
	return found[0]
}

// actorLabels is how the profile prints an actor's labels.
func actorLabels(r registry.Entry) string {
	return `# labels: {"actor":"` + r.Name() + `", "urn":"` + r.URN() + `"}`
}

// profiler is an actor whose handler reads the goroutine profile.
type profiler struct{}

type profileMsg struct{ reply *future.Promise[[]string] }

func (profiler) Receive(_ *actor.Context, m profileMsg) error {
	var b bytes.Buffer
	if err := pprof.Lookup("goroutine").WriteTo(&b, 1); err != nil {
		return err
	}
	m.reply.Resolve(strings.Split(b.String(), "\n\n"))
	return nil
}

func askProfile(p *future.Promise[[]string]) profileMsg { return profileMsg{p} }

func TestLabels(t *testing.T) {
	t.Run("the goroutine running a handler carries the actor's name and URN", func(t *testing.T) {
		reg := testRegistry(t)
		a := actor.Start(profiler{}, actor.WithRegistry(reg), actor.WithName("Profiled"))
		// A context that can end keeps the Ask off the caller's goroutine.
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		groups, err := actor.Ask(ctx, a, askProfile)
		require.NoError(t, err)
		g := groupWith(t, groups, actorLabels(a))
		require.Contains(t, g, "profiler.Receive", "the labelled goroutine is the handler's")
		require.Regexp(t, `actor\.\(\*Ref\[\.\.\.\]\)\.run(Handed)?\+`, g, "on the actor's own goroutine")
	})

	t.Run("an Ask run on the caller's goroutine with pprof.Do's ctx labels it as the actor, then gives back the caller's labels", func(t *testing.T) {
		reg := testRegistry(t)
		a := actor.Start(profiler{}, actor.WithRegistry(reg), actor.WithName("Inline"))
		pprof.Do(context.Background(), pprof.Labels("who", "caller"), func(ctx context.Context) {
			// ctx cannot end and the actor is idle: the handler runs here.
			groups, err := actor.Ask(ctx, a, askProfile)
			require.NoError(t, err)
			g := groupWith(t, groups, actorLabels(a))
			require.Contains(t, g, "tryInline", "the handler ran on the caller's goroutine")
			require.NotContains(t, g, `"who":"caller"`)

			after := groupWith(t, goroutineGroups(t), "TestLabels.func")
			require.Contains(t, after, `# labels: {"who":"caller"}`)
		})
	})

	t.Run("an Ask run on the caller's goroutine with context.Background keeps the labels pprof.Do set", func(t *testing.T) {
		reg := testRegistry(t)
		a := actor.Start(profiler{}, actor.WithRegistry(reg), actor.WithName("Inline"))
		pprof.Do(context.Background(), pprof.Labels("who", "caller"), func(context.Context) {
			// Go cannot read the goroutine's labels back to restore them, so
			// the handler runs under them rather than wipe them.
			groups, err := actor.Ask(context.Background(), a, askProfile)
			require.NoError(t, err)
			g := groupWith(t, groups, "tryInline")
			require.Contains(t, g, `# labels: {"who":"caller"}`)

			after := groupWith(t, goroutineGroups(t), "TestLabels.func")
			require.Contains(t, after, `# labels: {"who":"caller"}`)
		})
	})

	t.Run("an actor's goroutine wears its own labels again after running a stranger's Ask inline", func(t *testing.T) {
		reg := testRegistry(t)
		other := actor.Start(profiler{}, actor.WithRegistry(reg), actor.WithName("Other"))
		a := startPeers(reg, "Caller")[0]
		groups, err := actor.CallContext(a, func(*actor.Context, *peer) ([]string, error) {
			if _, err := actor.Ask(context.Background(), other, askProfile); err != nil {
				return nil, err
			}
			return goroutineGroups(t), nil
		}).Get(context.Background())
		require.NoError(t, err)
		require.Contains(t, groupWith(t, groups, "goroutineGroups"), actorLabels(a))
	})
}

// labelled is an actor whose handler reports its goroutine's id and the
// profile group of that goroutine.
type labelled struct{}

type labelledMsg struct {
	reply *future.Promise[[2]string] // goroutine id, its profile group
}

func (labelled) Receive(_ *actor.Context, m labelledMsg) error {
	var b bytes.Buffer
	if err := pprof.Lookup("goroutine").WriteTo(&b, 1); err != nil {
		return err
	}
	for _, g := range strings.Split(b.String(), "\n\n") {
		if strings.Contains(g, "labelled.Receive") {
			m.reply.Resolve([2]string{goid(), g})
			return nil
		}
	}
	m.reply.Resolve([2]string{goid(), ""})
	return nil
}

func TestLabelsOnRunners(t *testing.T) {
	t.Run("a runner goroutine that runs one actor, then another, wears each one's labels in turn", func(t *testing.T) {
		reg := testRegistry(t)
		refs := []*actor.Ref[labelled, labelledMsg]{
			actor.Start(labelled{}, actor.WithRegistry(reg), actor.WithName("First")),
			actor.Start(labelled{}, actor.WithRegistry(reg), actor.WithName("Second")),
		}
		// A context that can end keeps the Ask off the caller's goroutine.
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		ranOn := map[string]int{} // goroutine id -> which actor ran on it first
		reused := 0
		for i := range 100 {
			which := i % 2
			got, err := actor.Ask(ctx, refs[which], func(p *future.Promise[[2]string]) labelledMsg { return labelledMsg{p} })
			require.NoError(t, err)
			id, group := got[0], got[1]
			require.Contains(t, group, actorLabels(refs[which]), "run %d", i)
			require.NotContains(t, group, actorLabels(refs[1-which]), "run %d", i)
			if first, ok := ranOn[id]; !ok {
				ranOn[id] = which
			} else if first != which {
				reused++
			}
		}
		// Runners are reused while one is parked when the next Ask comes;
		// over 100 Asks that happens, and every run above was labelled right.
		require.Positive(t, reused, "no goroutine ran both actors")
	})
}
