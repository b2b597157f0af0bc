package waitgraph_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/troupe-go/troupe/internal/waitgraph"
)

// actorID is a node's identity in these tests.
type actorID string

func (a actorID) Name() string { return string(a) }
func (a actorID) URN() string  { return "urn:test:" + string(a) }

// running returns a node for an actor whose goroutine is running its code.
func running(name string) *waitgraph.Node {
	n := &waitgraph.Node{ID: actorID(name)}
	n.Enter()
	return n
}

// edge returns a pending edge owned by owner (nil: nobody known).
func edge(owner *waitgraph.Node) *waitgraph.Edge {
	e := new(waitgraph.Edge)
	e.SetOwner(owner)
	return e
}

// names lists the names of a deadlock's cycle.
func names(t *testing.T, err error) []string {
	t.Helper()
	require.ErrorIs(t, err, waitgraph.ErrDeadlock)
	var c waitgraph.Cycle
	require.ErrorAs(t, err, &c)
	out := make([]string, len(c))
	for i, id := range c {
		out[i] = id.Name()
		require.Equal(t, "urn:test:"+id.Name(), id.URN())
	}
	return out
}

func TestBegin(t *testing.T) {
	t.Run("a wait on a future nobody is known to complete is recorded and never a cycle", func(t *testing.T) {
		a := running("A")
		e := edge(nil)
		require.NoError(t, a.Begin(e))
		got, since := a.Waiting()
		require.Same(t, e, got)
		require.False(t, since.IsZero())
		a.End()
		got, _ = a.Waiting()
		require.Nil(t, got)
	})

	t.Run("an actor waiting on a future only it can complete is a cycle of one", func(t *testing.T) {
		a := running("A")
		err := a.Begin(edge(a))
		require.ErrorIs(t, err, waitgraph.ErrDeadlock)
		require.Equal(t, []string{"A"}, names(t, err))
		got, _ := a.Waiting()
		require.Nil(t, got, "a wait that failed is not recorded")
	})

	t.Run("two actors waiting on each other are a cycle, the closing waiter first", func(t *testing.T) {
		a, b := running("A"), running("B")
		require.NoError(t, a.Begin(edge(b)))
		err := b.Begin(edge(a))
		require.Equal(t, []string{"B", "A"}, names(t, err))
		a.End()
	})

	t.Run("a ring of three is found from whichever actor closes it", func(t *testing.T) {
		a, b, c := running("A"), running("B"), running("C")
		require.NoError(t, a.Begin(edge(b)))
		require.NoError(t, b.Begin(edge(c)))
		err := c.Begin(edge(a))
		require.Equal(t, []string{"C", "A", "B"}, names(t, err))
		require.Equal(t, "actor: deadlock: C waits on A waits on B waits on C", err.Error())
	})

	t.Run("a completed future is no edge, nor is one being completed", func(t *testing.T) {
		for _, state := range []uint32{waitgraph.Completing, waitgraph.Done} {
			a, b := running("A"), running("B")
			require.NoError(t, a.Begin(edge(b)))
			e := edge(a)
			e.State.Store(state)
			require.NoError(t, b.Begin(e))
		}
	})

	t.Run("a chain through an unknown completer is not followed", func(t *testing.T) {
		a, b := running("A"), running("B")
		require.NoError(t, a.Begin(edge(nil)))
		require.NoError(t, b.Begin(edge(a)))
	})

	t.Run("a cycle the waiter only leads into is left to its members", func(t *testing.T) {
		a, b, c := running("A"), running("B"), running("C")
		// B and C wait on each other, closed behind the graph's back: B's
		// future learns its owner only after B began waiting.
		bc := edge(nil)
		require.NoError(t, b.Begin(bc))
		require.NoError(t, c.Begin(edge(b)))
		bc.SetOwner(c)
		require.NoError(t, a.Begin(edge(b)), "A waits on the cycle but is not part of it")
	})

	t.Run("the wait of an idle actor is a goroutine left behind and is not recorded", func(t *testing.T) {
		a, b := running("A"), running("B")
		a.Leave()
		require.NoError(t, a.Begin(edge(b)))
		got, _ := a.Waiting()
		require.Nil(t, got)
		require.NoError(t, b.Begin(edge(a)), "A runs nothing, so it will serve B")
		a.End()
	})

	t.Run("a wait from an earlier message is not followed once the actor moved on", func(t *testing.T) {
		a, b := running("A"), running("B")
		require.NoError(t, a.Begin(edge(b)))
		a.Taken.Add(1) // A's goroutine took the next message: it is not blocked
		got, _ := a.Waiting()
		require.Nil(t, got)
		require.NoError(t, b.Begin(edge(a)))
		a.End()
	})

	t.Run("a wait from an earlier run is not followed", func(t *testing.T) {
		a, b := running("A"), running("B")
		require.NoError(t, a.Begin(edge(b)))
		a.Leave()
		a.Enter()
		require.NoError(t, b.Begin(edge(a)))
		a.End()
	})

	t.Run("a run that starts before the last run's goroutine has left is running", func(t *testing.T) {
		// The actor gives its run state up before its goroutine's Leave, so
		// the next goroutine may Enter first: the actor runs all along.
		a, b := running("A"), running("B")
		a.Enter() // the next run
		require.NoError(t, a.Begin(edge(b)))
		got, _ := a.Waiting()
		require.NotNil(t, got, "the new run's wait is recorded")
		a.Leave() // the last run's goroutine leaves
		err := b.Begin(edge(a))
		require.Equal(t, []string{"B", "A"}, names(t, err))
		a.End()
	})

	t.Run("while two goroutines wait with one actor, neither wait is followed", func(t *testing.T) {
		a, b := running("A"), running("B")
		require.NoError(t, a.Begin(edge(b)))
		require.NoError(t, a.Begin(edge(nil)))
		require.NoError(t, b.Begin(edge(a)), "A's own goroutine may wait on the unknown future")
		b.End()
		a.End()
		a.End()
		require.NoError(t, a.Begin(edge(b)), "with both waits over, a new one is recorded again")
		err := b.Begin(edge(a))
		require.Equal(t, []string{"B", "A"}, names(t, err))
	})

	t.Run("a walk is bounded: a ring of thousands is given up on, not followed forever", func(t *testing.T) {
		nodes := make([]*waitgraph.Node, 3000)
		for i := range nodes {
			nodes[i] = running("N")
		}
		for i := range len(nodes) - 1 {
			require.NoError(t, nodes[i].Begin(edge(nodes[i+1])))
		}
		require.NoError(t, nodes[len(nodes)-1].Begin(edge(nodes[0])))
	})
}

func TestWaiterFrom(t *testing.T) {
	t.Run("a plain context has no waiter", func(t *testing.T) {
		require.Nil(t, waitgraph.WaiterFrom(context.Background()))
	})
	t.Run("a context answering Key, or derived from one, names its node", func(t *testing.T) {
		n := running("A")
		ctx := context.WithValue(context.Background(), waitgraph.Key, n)
		sub, cancel := context.WithCancel(ctx)
		defer cancel()
		require.Same(t, n, waitgraph.WaiterFrom(sub))
	})
}

func TestCycle(t *testing.T) {
	t.Run("matches ErrDeadlock and nothing else", func(t *testing.T) {
		err := error(waitgraph.Cycle{actorID("A")})
		require.ErrorIs(t, err, waitgraph.ErrDeadlock)
		require.False(t, errors.Is(err, context.Canceled))
		require.Equal(t, "actor: deadlock: A waits on A", err.Error())
	})
}

func TestDelivery(t *testing.T) {
	t.Run("a queued request given up is withdrawn: the actor cannot take it, the error says not delivered", func(t *testing.T) {
		e := new(waitgraph.Edge)
		e.Queue()
		err, withdrew := e.GiveUp(context.Canceled)
		require.True(t, withdrew)
		require.ErrorIs(t, err, context.Canceled)
		require.ErrorIs(t, err, waitgraph.ErrNotDelivered)
		require.False(t, e.Take())
	})
	t.Run("a taken request given up may have been handled", func(t *testing.T) {
		e := new(waitgraph.Edge)
		e.Queue()
		require.True(t, e.Take())
		err, withdrew := e.GiveUp(context.Canceled)
		require.False(t, withdrew)
		require.ErrorIs(t, err, waitgraph.ErrMaybeHandled)
		require.NotErrorIs(t, err, waitgraph.ErrNotDelivered)
	})
	t.Run("a plain future given up keeps its cause, and is always taken", func(t *testing.T) {
		e := new(waitgraph.Edge)
		err, withdrew := e.GiveUp(context.Canceled)
		require.False(t, withdrew)
		require.Equal(t, context.Canceled, err)
		require.True(t, e.Take())
	})
	t.Run("Release forgets only the owner named", func(t *testing.T) {
		a, b := running("A"), running("B")
		e := edge(a)
		e.Release(b)
		require.Same(t, a, e.Owner())
		e.Release(a)
		require.Nil(t, e.Owner())
	})
}
