package registry_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/troupe-go/troupe/registry"
)

// fake is an Entry standing in for an actor. Its URN is made from id, so
// tests and Examples can spell it.
type fake struct {
	urn, name string
	alive     atomic.Bool
	done      chan struct{}
	closeDone sync.Once

	reg     *registry.Registry // left on a successful Stop, as an actor does
	stopErr error              // if set, Stop fails with it
	stuck   bool               // if set, Stop waits until ctx ends
	asked   *[]string          // if set, Stop appends the name: the order of stops
}

func newFake(name string, id int) *fake {
	f := &fake{urn: urn(id), name: name, done: make(chan struct{})}
	f.alive.Store(true)
	return f
}

func urn(id int) string { return fmt.Sprintf("urn:uuid:00000000-0000-4000-8000-%012d", id) }

func (f *fake) URN() string           { return f.urn }
func (f *fake) Name() string          { return f.name }
func (f *fake) IsAlive() bool         { return f.alive.Load() }
func (f *fake) Done() <-chan struct{} { return f.done }

// Stop requests the stop, then behaves as set: stuck, failing, or stopped
// at once.
func (f *fake) Stop(ctx context.Context) error {
	if f.asked != nil {
		*f.asked = append(*f.asked, f.name)
	}
	f.alive.Store(false)
	switch {
	case f.stuck:
		<-ctx.Done()
		return ctx.Err()
	case f.stopErr != nil:
		return f.stopErr
	}
	if f.reg != nil {
		f.reg.Unregister(f)
	}
	f.closeDone.Do(func() { close(f.done) })
	return nil
}

// Two message types, so Broadcast has actors to choose between.
type (
	greet string
	count int
)

// greeter takes greet messages; it refuses them all if refuse is set.
type greeter struct {
	*fake
	refuse error
	mu     sync.Mutex
	got    []greet
}

func newGreeter(name string, id int) *greeter { return &greeter{fake: newFake(name, id)} }

func (g *greeter) Tell(m greet) error {
	if g.refuse != nil {
		return g.refuse
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	g.got = append(g.got, m)
	return nil
}

func (g *greeter) received() []greet {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]greet(nil), g.got...)
}

// counter takes count messages.
type counter struct {
	*fake
	total atomic.Int64
}

func newCounter(name string, id int) *counter { return &counter{fake: newFake(name, id)} }

func (c *counter) Tell(m count) error {
	c.total.Add(int64(m))
	return nil
}

// keyed hands its URN over as 16 bytes and counts how often its URN string
// is asked for, to show that Register then does not parse it.
type keyed struct {
	*fake
	id       uuid.UUID
	urnCalls atomic.Int32
}

func newKeyed(name string, id int) *keyed {
	f := newFake(name, id)
	return &keyed{fake: f, id: uuid.MustParse(f.urn)}
}

func (k *keyed) UUID() uuid.UUID { return k.id }
func (k *keyed) URN() string {
	k.urnCalls.Add(1)
	return k.fake.urn
}

// registered returns a new registry holding entries, in that order.
func registered(t *testing.T, entries ...registry.Entry) *registry.Registry {
	t.Helper()
	r := registry.New()
	for _, e := range entries {
		require.NoError(t, r.Register(e))
	}
	return r
}

func TestRegister(t *testing.T) {
	t.Run("rejects a nil entry", func(t *testing.T) {
		err := registry.New().Register(nil)
		require.ErrorIs(t, err, registry.ErrNilEntry)
	})

	t.Run("rejects a second entry with the same URN, in any spelling", func(t *testing.T) {
		first := newFake("first", 1)
		r := registered(t, first)
		twin := newFake("twin", 1)
		twin.urn = uuid.MustParse(first.urn).String()

		err := r.Register(twin)
		require.ErrorIs(t, err, registry.ErrDuplicateURN)
		require.EqualError(t, err, "registry: duplicate URN "+twin.urn)
		require.Equal(t, []registry.Entry{first}, r.All())
	})

	t.Run("rejects an entry whose URN holds no UUID", func(t *testing.T) {
		f := newFake("bad", 1)
		f.urn = "urn:uuid:nope"
		r := registry.New()

		err := r.Register(f)
		require.ErrorIs(t, err, registry.ErrMalformedURN)
		require.ErrorContains(t, err, `registry: malformed URN "urn:uuid:nope": `)
		require.Zero(t, r.Len())
	})

	t.Run("takes the URN from a UUID method without asking for the string", func(t *testing.T) {
		k := newKeyed("keyed", 7)
		r := registered(t, k)

		got, ok := r.ByURN(urn(7))
		require.True(t, ok)
		require.Same(t, k, got)
		r.Unregister(k)
		require.Zero(t, r.Len())
		require.Zero(t, k.urnCalls.Load())
	})

	t.Run("works on the zero Registry", func(t *testing.T) {
		var r registry.Registry
		f := newFake("zero", 1)
		require.NoError(t, r.Register(f))
		require.Equal(t, []registry.Entry{f}, r.All())
	})

	t.Run("Default is a registry of its own", func(t *testing.T) {
		require.NotNil(t, registry.Default)
		require.NotSame(t, registry.Default, registry.New())
	})
}

func TestLookup(t *testing.T) {
	a, b, c := newFake("worker", 1), newFake("logger", 2), newFake("worker", 3)

	t.Run("All returns entries in start order, in a fresh slice", func(t *testing.T) {
		r := registered(t, a, b, c)
		all := r.All()
		require.Equal(t, []registry.Entry{a, b, c}, all)
		all[0] = nil
		require.Equal(t, []registry.Entry{a, b, c}, r.All())
		require.Equal(t, 3, r.Len())
	})

	t.Run("ByName returns the entries of that name in start order", func(t *testing.T) {
		r := registered(t, c, b, a)
		require.Equal(t, []registry.Entry{c, a}, r.ByName("worker"))
		require.Equal(t, []registry.Entry{b}, r.ByName("logger"))
		require.Empty(t, r.ByName("nobody"))
	})

	t.Run("ByURN finds an entry by its URN or its bare UUID", func(t *testing.T) {
		r := registered(t, a, b)
		got, ok := r.ByURN(b.URN())
		require.True(t, ok)
		require.Same(t, b, got)
		got, ok = r.ByURN(uuid.MustParse(b.URN()).String())
		require.True(t, ok)
		require.Same(t, b, got)
	})

	t.Run("ByURN does not find an unregistered URN", func(t *testing.T) {
		r := registered(t, a)
		got, ok := r.ByURN(urn(99))
		require.False(t, ok)
		require.Nil(t, got)
	})

	t.Run("ByURN does not find a malformed URN", func(t *testing.T) {
		r := registered(t, a)
		for _, bad := range []string{"", "worker", "urn:uuid:", "urn:uuid:00000000-0000-4000-8000-00000000000x"} {
			got, ok := r.ByURN(bad)
			require.False(t, ok, bad)
			require.Nil(t, got, bad)
		}
	})
}

func TestUnregister(t *testing.T) {
	t.Run("removes the entry and keeps the others in start order", func(t *testing.T) {
		a, b, c, d := newFake("a", 1), newFake("b", 2), newFake("c", 3), newFake("d", 4)
		r := registered(t, a, b, c, d)

		r.Unregister(b) // middle
		require.Equal(t, []registry.Entry{a, c, d}, r.All())
		r.Unregister(a) // oldest
		r.Unregister(d) // newest
		require.Equal(t, []registry.Entry{c}, r.All())
		_, ok := r.ByURN(b.URN())
		require.False(t, ok)

		require.NoError(t, r.Register(b), "an unregistered URN may come back")
		require.Equal(t, []registry.Entry{c, b}, r.All(), "as the newest")
		r.Unregister(c)
		r.Unregister(b)
		require.Empty(t, r.All())
		require.Zero(t, r.Len())
	})

	t.Run("does nothing for an absent, foreign or nil entry", func(t *testing.T) {
		a := newFake("a", 1)
		r := registered(t, a)

		r.Unregister(newFake("stranger", 2))
		r.Unregister(newFake("same URN, other entry", 1))
		bad := newFake("bad", 3)
		bad.urn = "bad"
		r.Unregister(bad)
		r.Unregister(nil)
		require.Equal(t, []registry.Entry{a}, r.All())

		r.Unregister(a)
		r.Unregister(a)
		require.Zero(t, r.Len())
	})
}

// teller is what every actor taking greet messages satisfies.
type teller interface{ Tell(greet) error }

func TestFind(t *testing.T) {
	g1, c, g2, plain := newGreeter("g1", 1), newCounter("c", 2), newGreeter("g2", 3), newFake("plain", 4)
	r := registered(t, g1, c, g2, plain)

	t.Run("with an interface T returns every entry satisfying it, in start order", func(t *testing.T) {
		require.Equal(t, []teller{g1, g2}, registry.Find[teller](r))
		require.Len(t, registry.Find[registry.Entry](r), 4)
	})

	t.Run("with a concrete T returns the entries of that type", func(t *testing.T) {
		require.Equal(t, []*counter{c}, registry.Find[*counter](r))
		require.Equal(t, []*fake{plain}, registry.Find[*fake](r))
	})

	t.Run("returns none when nothing matches", func(t *testing.T) {
		require.Empty(t, registry.Find[*keyed](r))
		require.Empty(t, registry.Find[teller](registry.New()))
	})
}

var errRefused = errors.New("mailbox full")

func TestBroadcast(t *testing.T) {
	t.Run("reaches only the live entries that take the message type", func(t *testing.T) {
		g1, c, g2, plain := newGreeter("g1", 1), newCounter("c", 2), newGreeter("g2", 3), newFake("plain", 4)
		stopping := newGreeter("stopping", 5)
		stopping.alive.Store(false)
		r := registered(t, g1, c, g2, plain, stopping)

		require.NoError(t, registry.Broadcast(r, greet("hi")))
		require.NoError(t, registry.Broadcast(r, count(3)))

		require.Equal(t, []greet{"hi"}, g1.received())
		require.Equal(t, []greet{"hi"}, g2.received())
		require.Empty(t, stopping.received())
		require.EqualValues(t, 3, c.total.Load())
	})

	t.Run("reports a refusing actor by name and URN and still tells the rest", func(t *testing.T) {
		g1, full, g3 := newGreeter("g1", 1), newGreeter("full", 2), newGreeter("g3", 3)
		full.refuse = errRefused
		r := registered(t, g1, full, g3)

		err := registry.Broadcast(r, greet("hi"))
		require.ErrorIs(t, err, errRefused)
		require.EqualError(t, err, "registry: tell full "+full.URN()+": mailbox full")
		var ee *registry.EntryError
		require.ErrorAs(t, err, &ee)
		require.Equal(t, registry.EntryError{Op: "tell", Name: "full", URN: full.URN(), Err: errRefused}, *ee)

		require.Equal(t, []greet{"hi"}, g1.received())
		require.Equal(t, []greet{"hi"}, g3.received())
	})

	t.Run("returns nil when nobody takes the message", func(t *testing.T) {
		r := registered(t, newCounter("c", 1))
		require.NoError(t, registry.Broadcast(r, greet("anyone?")))
	})
}

// stopTrio registers three fakes recording their stops into asked: the
// middle one behaves as set by middle.
func stopTrio(t *testing.T, asked *[]string, middle func(*fake)) (*registry.Registry, *fake) {
	t.Helper()
	r := registry.New()
	var m *fake
	for i, name := range []string{"first", "middle", "last"} {
		f := newFake(name, i+1)
		f.reg, f.asked = r, asked
		if name == "middle" {
			middle(f)
			m = f
		}
		require.NoError(t, r.Register(f))
	}
	return r, m
}

func TestStopAll(t *testing.T) {
	t.Run("stops every actor, newest first", func(t *testing.T) {
		var asked []string
		r, _ := stopTrio(t, &asked, func(*fake) {})

		require.NoError(t, r.StopAll(t.Context()))
		require.Equal(t, []string{"last", "middle", "first"}, asked)
		require.Zero(t, r.Len())
	})

	t.Run("goes on past a failing actor and names it in the error", func(t *testing.T) {
		errBroken := errors.New("broken")
		var asked []string
		r, middle := stopTrio(t, &asked, func(f *fake) { f.stopErr = errBroken })

		err := r.StopAll(t.Context())
		require.Equal(t, []string{"last", "middle", "first"}, asked)
		require.ErrorIs(t, err, errBroken)
		require.EqualError(t, err, "registry: stop middle "+middle.URN()+": broken")
		require.Equal(t, []registry.Entry{middle}, r.All(), "a failed actor stays registered")
	})

	t.Run("goes on past a stuck actor once ctx expires", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			var asked []string
			r, middle := stopTrio(t, &asked, func(f *fake) { f.stuck = true })
			ctx, cancel := context.WithTimeout(t.Context(), time.Second)
			defer cancel()

			start := time.Now()
			err := r.StopAll(ctx)
			require.Equal(t, time.Second, time.Since(start), "waits for the stuck actor until ctx expires")
			require.Equal(t, []string{"last", "middle", "first"}, asked)
			require.ErrorIs(t, err, context.DeadlineExceeded)
			require.EqualError(t, err, "registry: stop middle "+middle.URN()+": context deadline exceeded")
			require.Equal(t, []registry.Entry{middle}, r.All())
		})
	})

	t.Run("asks every actor when ctx has already ended, and joins every failure", func(t *testing.T) {
		var asked []string
		r := registry.New()
		for i, name := range []string{"a", "b", "c"} {
			f := newFake(name, i+1)
			f.stuck, f.asked = true, &asked
			require.NoError(t, r.Register(f))
		}
		ctx, cancel := context.WithCancel(t.Context())
		cancel()

		err := r.StopAll(ctx)
		require.Equal(t, []string{"c", "b", "a"}, asked)
		require.ErrorIs(t, err, context.Canceled)
		for _, name := range asked {
			require.ErrorContains(t, err, "registry: stop "+name+" ")
		}
	})

	t.Run("returns nil on an empty registry", func(t *testing.T) {
		require.NoError(t, registry.New().StopAll(t.Context()))
	})
}

func TestConcurrentUse(t *testing.T) {
	t.Run("Register, Unregister and lookups from many goroutines keep start order", func(t *testing.T) {
		// assert, not require: FailNow must not run off the test goroutine.
		const goroutines, each = 8, 100
		r := registry.New()
		var wg sync.WaitGroup
		for g := range goroutines {
			wg.Go(func() {
				mine := make([]*greeter, each)
				for i := range mine {
					mine[i] = newGreeter(fmt.Sprint("g", g), g*each+i+1)
					assert.NoError(t, r.Register(mine[i]))
					_, ok := r.ByURN(mine[i].URN())
					assert.True(t, ok)
					_ = r.Len()
					_ = r.ByName("g0")
					_ = registry.Find[teller](r)
					assert.NoError(t, registry.Broadcast(r, greet("hi")))
				}
				// This goroutine's entries appear in the order it registered them.
				got := registry.Find[*greeter](r)
				var order []*greeter
				for _, e := range got {
					if e.name == mine[0].name {
						order = append(order, e)
					}
				}
				assert.Equal(t, mine, order)
				for _, e := range mine {
					r.Unregister(e)
				}
			})
		}
		wg.Wait()
		require.Zero(t, r.Len())
		require.Empty(t, r.All())
	})
}
