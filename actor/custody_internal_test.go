package actor

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/troupe-go/troupe/future"
	"github.com/troupe-go/troupe/internal/waitgraph"
	"github.com/troupe-go/troupe/registry"
)

// carrier is an actor whose messages are M, to test where custody looks.
type carrier[M any] struct{}

func (carrier[M]) Receive(*Context, M) error { return nil }

type anyMsg interface{}

type (
	onePromise struct{ p *future.Promise[int] } // held in an interface's data word itself
	twoFields  struct {
		n int
		p *future.Promise[string]
	}
	inArray  struct{ ps [2]*future.Promise[int] }
	inSlice  struct{ ps []*future.Promise[int] }
	outOfIts struct{ inner *twoFields } // behind a pointer to a struct
)

// moved reports whether sending m to a fresh actor of message type M moves
// the promise of edge e, in the custody of another actor, to it.
func moved[M any](t *testing.T, m M, e *waitgraph.Edge) bool {
	t.Helper()
	r := Start(carrier[M]{}, WithRegistry(registry.New()))
	defer r.Stop(t.Context())
	other := new(waitgraph.Node)
	e.SetOwner(other)
	r.custody(opAdopt, &envelope[carrier[M], M]{msg: m})
	if e.Owner() != &r.c.node {
		return false
	}
	r.custody(opRelease, &envelope[carrier[M], M]{msg: m})
	require.Nil(t, e.Owner(), "released when the handler returns")
	return true
}

func edgeOf[T any](p *future.Promise[T]) *waitgraph.Edge { return waitgraph.EdgeOf(p) }

func TestCustodyFindsPromisesByValue(t *testing.T) {
	p, q := future.NewPromise[int](), future.NewPromise[string]()
	require.True(t, moved(t, p, edgeOf(p)), "the message is the promise")
	require.True(t, moved(t, twoFields{1, q}, edgeOf(q)), "a field")
	require.True(t, moved(t, inArray{[2]*future.Promise[int]{nil, p}}, edgeOf(p)), "an array element")
	require.True(t, moved[anyMsg](t, onePromise{p}, edgeOf(p)), "an interface holding a one-pointer struct")
	require.True(t, moved[anyMsg](t, twoFields{1, q}, edgeOf(q)), "an interface holding a larger struct")
	require.True(t, moved[anyMsg](t, p, edgeOf(p)), "an interface holding the promise")
	require.False(t, moved(t, inSlice{[]*future.Promise[int]{p}}, edgeOf(p)), "a slice is not looked into")
	require.False(t, moved(t, outOfIts{&twoFields{1, q}}, edgeOf(q)), "nor a pointer to a struct")
	require.False(t, moved[anyMsg](t, nil, edgeOf(p)))
	require.Equal(t, carryNone, carriesOf[int]())
	require.Equal(t, carriesOf[twoFields](), carriesOf[twoFields](), "one plan per type")
}

func TestCustodyLeavesOthersPromises(t *testing.T) {
	t.Run("a promise nobody is known to complete is not adopted", func(t *testing.T) {
		p := future.NewPromise[int]()
		r := Start(carrier[*future.Promise[int]]{}, WithRegistry(registry.New()))
		defer r.Stop(t.Context())
		r.custody(opAdopt, &envelope[carrier[*future.Promise[int]], *future.Promise[int]]{msg: p})
		require.Nil(t, edgeOf(p).Owner())
	})
	t.Run("a completed promise is not adopted", func(t *testing.T) {
		p := future.NewPromise[int]()
		p.Resolve(1)
		require.False(t, moved(t, p, edgeOf(p)))
	})
}
