package router_test

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/router"
)

// fake is a member that is not an actor, as a remote handle is not: the
// test sets whether it is alive, its load, and its identity.
type fake struct {
	name string
	id   uuid.UUID
	down atomic.Bool
	load atomic.Int64
}

func (f *fake) IsAlive() bool    { return !f.down.Load() }
func (f *fake) Len() int         { return int(f.load.Load()) }
func (f *fake) UUID() uuid.UUID  { return f.id }
func (f *fake) String() string   { return f.name }
func (f *fake) setLen(n int64)   { f.load.Store(n) }
func (f *fake) setAlive(ok bool) { f.down.Store(!ok) }

// fakes returns n members named m0…m(n-1), each with a UUID derived from
// its name, as a remote handle's is: fakes(n) called twice gives distinct
// members with the same identities.
func fakes(n int) []*fake {
	fs := make([]*fake, n)
	for i := range fs {
		name := fmt.Sprintf("m%d", i)
		fs[i] = &fake{name: name, id: uuid.NewSHA1(uuid.NameSpaceOID, []byte(name))}
	}
	return fs
}

// An actor ref is a member of every kind, so the generic routers take local
// refs too.
var (
	_ router.MemberWithLen  = (*actor.Ref[*member, msg])(nil)
	_ router.MemberWithUUID = (*actor.Ref[*member, msg])(nil)
)

func TestRoundRobinOf(t *testing.T) {
	t.Run("the k-th pick is ms[k mod n]", func(t *testing.T) {
		fs := fakes(3)
		rr := router.NewRoundRobinOf(fs...)
		for k := range 12 {
			require.Same(t, fs[k%3], rr.Next(), "pick %d", k)
		}
	})
	t.Run("members that are not alive are skipped, the live ones keep alternating", func(t *testing.T) {
		fs := fakes(3)
		rr := router.NewRoundRobinOf(fs...)
		fs[1].setAlive(false)
		var got []string
		for range 6 {
			got = append(got, rr.Next().name)
		}
		require.Equal(t, []string{"m0", "m2", "m0", "m2", "m0", "m2"}, got, "m2 takes m1's turns")
		fs[1].setAlive(true) // 9 turns used: the next is m0's
		require.Equal(t, []*fake{fs[0], fs[1], fs[2]}, []*fake{rr.Next(), rr.Next(), rr.Next()},
			"a member back alive takes its turns again")
	})
	t.Run("the zero member when none is alive", func(t *testing.T) {
		fs := fakes(2)
		rr := router.NewRoundRobinOf(fs...)
		fs[0].setAlive(false)
		fs[1].setAlive(false)
		require.Nil(t, rr.Next())
	})
	t.Run("concurrent picks share exactly evenly", func(t *testing.T) {
		fs := fakes(4)
		rr := router.NewRoundRobinOf(fs...)
		var mu sync.Mutex
		counts := map[*fake]int{}
		var wg sync.WaitGroup
		for range 8 {
			wg.Go(func() {
				local := map[*fake]int{}
				for range 100 {
					local[rr.Next()]++
				}
				mu.Lock()
				for f, c := range local {
					counts[f] += c
				}
				mu.Unlock()
			})
		}
		wg.Wait()
		for _, f := range fs {
			require.Equal(t, 200, counts[f], f.name)
		}
	})
	t.Run("local refs work as members", func(t *testing.T) {
		bubble(t, "in a bubble", func(t *testing.T) {
			refs := startMembers(t, 2)
			rr := router.NewRoundRobinOf(refs...)
			require.Same(t, refs[0], rr.Next())
			require.Same(t, refs[1], rr.Next())
			stop(t, refs[0])
			require.Same(t, refs[1], rr.Next())
			require.Same(t, refs[1], rr.Next())
		})
	})
}

func TestRandomOf(t *testing.T) {
	t.Run("picks among the live members only, each about as often", func(t *testing.T) {
		fs := fakes(3)
		fs[1].setAlive(false)
		r := router.NewRandomOf(fs...)
		counts := map[*fake]int{}
		for range 400 {
			counts[r.Next()]++
		}
		require.Zero(t, counts[fs[1]], "a member that is not alive was picked")
		// Binomial(400, 1/2): 200 ± 10; the bounds are 6 standard deviations.
		require.InDelta(t, 200, counts[fs[0]], 60)
		require.InDelta(t, 200, counts[fs[2]], 60)
	})
	t.Run("the zero member when none is alive", func(t *testing.T) {
		fs := fakes(2)
		fs[0].setAlive(false)
		fs[1].setAlive(false)
		require.Nil(t, router.NewRandomOf(fs...).Next())
	})
}

func TestSmallestOf(t *testing.T) {
	t.Run("picks the live member with the smallest Len", func(t *testing.T) {
		fs := fakes(3)
		fs[0].setLen(5)
		fs[1].setLen(2)
		fs[2].setLen(7)
		s := router.NewSmallestOf(fs...)
		require.Same(t, fs[1], s.Next())
		fs[1].setAlive(false)
		require.Same(t, fs[0], s.Next(), "the least loaded that is alive")
	})
	t.Run("equally loaded members take turns", func(t *testing.T) {
		fs := fakes(3)
		for _, f := range fs {
			f.setLen(1)
		}
		s := router.NewSmallestOf(fs...)
		seen := map[*fake]bool{}
		for range 3 {
			seen[s.Next()] = true
		}
		require.Len(t, seen, 3)
	})
	t.Run("the zero member when none is alive", func(t *testing.T) {
		fs := fakes(1)
		fs[0].setAlive(false)
		require.Nil(t, router.NewSmallestOf(fs...).Next())
	})
}

func TestConsistentHashOf(t *testing.T) {
	ownersOf := func(r *router.ConsistentHashOf[*fake]) map[string]string {
		out := make(map[string]string, len(manyKeys))
		for _, k := range manyKeys {
			out[k] = r.NextKey(k).name
		}
		return out
	}
	t.Run("members with the same UUIDs give the same owners, in any order, in any process", func(t *testing.T) {
		a := fakes(4)
		b := fakes(4) // other handles on the same identities, as in another process
		shuffled := []*fake{b[2], b[0], b[3], b[1]}
		ra, rb := router.NewConsistentHashOf(a...), router.NewConsistentHashOf(shuffled...)
		require.Equal(t, ownersOf(ra), ownersOf(rb))
		counts := map[string]int{}
		for _, o := range ownersOf(ra) {
			counts[o]++
		}
		for _, f := range a {
			requireAboutOneIn(t, 4, counts[f.name], len(manyKeys), f.name)
		}
	})
	t.Run("a member given twice, or a handle with the same UUID, counts once", func(t *testing.T) {
		a, b := fakes(2), fakes(2)
		r := router.NewConsistentHashOf(a[0], a[1], a[0], b[1])
		require.Equal(t, []*fake{a[0], a[1]}, r.Members())
		r.Add(b[0])
		require.Len(t, r.Members(), 2)
	})
	t.Run("a member not alive loses only its own keys; Remove moves only the removed member's", func(t *testing.T) {
		fs := fakes(4)
		r := router.NewConsistentHashOf(fs...)
		before := ownersOf(r)
		fs[2].setAlive(false)
		down := ownersOf(r)
		fs[2].setAlive(true)
		for k, o := range before {
			if o == "m2" {
				require.NotEqual(t, "m2", down[k])
			} else {
				require.Equal(t, o, down[k], "key %s moved although its owner is alive", k)
			}
		}
		r.Remove(fakes(4)[2]) // by identity: another handle on m2
		require.Equal(t, down, ownersOf(r), "removing a member moves its keys where its being down did")
		r.Add(fs[2])
		require.Equal(t, before, ownersOf(r), "adding it back restores its keys")
	})
	t.Run("starts empty and gives the zero member when none is alive", func(t *testing.T) {
		r := router.NewConsistentHashOf[*fake]()
		require.Nil(t, r.NextKey("k"))
		fs := fakes(1)
		r.Add(fs...)
		require.Same(t, fs[0], r.Next())
		fs[0].setAlive(false)
		require.Nil(t, r.NextKey("k"))
	})
}

// lenMember is an interface of members, to check that a nil interface is
// refused as a nil pointer is.
type lenMember interface {
	router.MemberWithLen
	String() string
}

func TestGenericRoutersRefuseMisuse(t *testing.T) {
	fs := fakes(2)
	for name, mk := range map[string]func(...*fake){
		"NewRoundRobinOf": func(ms ...*fake) { router.NewRoundRobinOf(ms...) },
		"NewRandomOf":     func(ms ...*fake) { router.NewRandomOf(ms...) },
		"NewSmallestOf":   func(ms ...*fake) { router.NewSmallestOf(ms...) },
	} {
		require.PanicsWithValue(t, "router: "+name+" needs at least one member", func() { mk() }, name)
		require.PanicsWithValue(t, "router: "+name+": member 1 is nil", func() { mk(fs[0], nil) }, name)
	}
	require.PanicsWithValue(t, "router: NewSmallestOf: member 0 is nil", func() {
		router.NewSmallestOf[lenMember](nil, fs[1])
	})
	require.PanicsWithValue(t, "router: NewConsistentHashOf: member 1 is nil", func() {
		router.NewConsistentHashOf(fs[0], nil)
	})
	require.PanicsWithValue(t, "router: ConsistentHashOf.Add: member 0 is nil", func() {
		router.NewConsistentHashOf(fs...).Add(nil)
	})
}
