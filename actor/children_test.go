package actor_test

import (
	"context"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/registry"
)

// spawnChild spawns a child of parent from factory, on the parent's
// goroutine.
func spawnChild[S actor.Receiver[job]](t testing.TB, parent *actor.Ref[S, job], factory func() *gen, opts ...actor.Option) *actor.Ref[*gen, job] {
	t.Helper()
	kid, err := actor.CallContext(parent, func(ctx *actor.Context, _ S) (*actor.Ref[*gen, job], error) {
		return actor.SpawnChild(ctx, factory, opts...), nil
	}).Get(context.Background())
	require.NoError(t, err)
	return kid
}

// family spawns a parent with opts and two children.
func family(t testing.TB, opts ...actor.Option) (parent, kid1, kid2 *actor.Ref[*gen, job]) {
	t.Helper()
	j := newLineage(t)
	parent = spawn(j.factory(), opts...)
	return parent, spawnChild(t, parent, j.factory()), spawnChild(t, parent, j.factory())
}

// judge is a gen that decides on its children's failures with decide.
type judge struct {
	*gen
	decide func(*actor.Context, actor.ChildFailure) actor.Directive
}

func (j *judge) OnChildFailure(ctx *actor.Context, f actor.ChildFailure) actor.Directive {
	return j.decide(ctx, f)
}

// restarted waits until the child handled an Ask, and requires that a fresh
// generation did (it reports 1 job done).
func restarted(t testing.TB, kid *actor.Ref[*gen, job]) {
	t.Helper()
	require.Equal(t, 1, askCount(t, kid, 100), "not a fresh state")
}

func TestChildren(t *testing.T) {
	t.Run("children stop newest first, after their parent's OnStop, and use its registry", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			j := newLineage(t)
			reg := registry.New()
			parent := spawn(j.factory(), actor.WithRegistry(reg))
			kid1 := spawnChild(t, parent, j.factory())
			kid2 := spawnChild(t, parent, j.factory())
			_, ok := reg.ByURN(kid2.URN())
			require.True(t, ok, "the child is not in its parent's registry")
			require.Equal(t, 1, askCount(t, kid1, 1))
			stop(t, parent)
			requireClosed(t, kid1.Done())
			requireClosed(t, kid2.Done())
			require.NoError(t, kid1.Err())
			require.Zero(t, reg.Len())
			require.Equal(t, []string{"1 stop", "3 stop", "2 stop"}, j.matching(func(l string) bool { return strings.HasSuffix(l, " stop") }))
		})
	})

	t.Run("a child's failure without supervision stops only that child", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			parent, kid1, kid2 := family(t)
			require.NoError(t, kid1.Tell(job{fail: true}))
			<-kid1.Done()
			require.ErrorIs(t, kid1.Err(), errBoom)
			require.Equal(t, 1, askCount(t, kid2, 1))
			require.Equal(t, 1, askCount(t, parent, 1))
			stop(t, parent)
		})
	})

	t.Run("one-for-one Restart restarts the failed child only, keeping its ref and mailbox", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			pj, j1, j2 := newLineage(t), newLineage(t), newLineage(t)
			parent := spawn(pj.factory(), actor.WithSupervision(actor.OneForOne, actor.Restart))
			kid1 := spawnChild(t, parent, j1.factory())
			kid2 := spawnChild(t, parent, j2.factory())
			require.NoError(t, kid1.Tell(job{n: 1, fail: true}))
			require.NoError(t, kid1.Tell(job{n: 2}))
			require.Equal(t, 2, askCount(t, kid1, 100), "the fresh state got 2, then 100")
			require.Equal(t, 1, askCount(t, kid2, 1))
			stop(t, parent)
			j1.expect(t, "1 start", "1 fails 1", "1 failure", "1 stop", "2 start", "2 got 2", "2 got 100", "2 stop")
			j2.expect(t, "1 start", "1 got 1", "1 stop") // the sibling was left alone
		})
	})

	t.Run("all-for-one Restart restarts every child, the siblings after their queued messages", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			pj, j1, j2 := newLineage(t), newLineage(t), newLineage(t)
			parent := spawn(pj.factory(), actor.WithSupervision(actor.AllForOne, actor.Restart))
			kid1 := spawnChild(t, parent, j1.factory())
			kid2 := spawnChild(t, parent, j2.factory())
			hold := make(chan struct{})
			require.NoError(t, kid2.Tell(job{n: 1, hold: hold}))
			require.NoError(t, kid2.Tell(job{n: 2}))
			require.NoError(t, kid1.Tell(job{n: 1, fail: true}))
			restarted(t, kid1)
			require.NoError(t, kid2.Tell(job{n: 3}))
			close(hold)
			require.Equal(t, 2, askCount(t, kid2, 4), "the sibling's fresh state got 3 and 4")
			stop(t, parent)
			j2.expect(t, "1 start", "1 got 1", "1 got 2", "1 stop", "2 start", "2 got 3", "2 got 4", "2 stop")
		})
	})

	t.Run("one-for-one Stop stops the failed child only; all-for-one Stop stops them all", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			for _, s := range []actor.Strategy{actor.OneForOne, actor.AllForOne} {
				parent, kid1, kid2 := family(t, actor.WithSupervision(s, actor.Stop))
				require.NoError(t, kid1.Tell(job{fail: true}))
				<-kid1.Done()
				require.ErrorIs(t, kid1.Err(), errBoom)
				synctest.Wait()
				require.Equal(t, s == actor.OneForOne, kid2.IsAlive(), "%v", s)
				require.NoError(t, kid2.Err())
				require.True(t, parent.IsAlive())
				stop(t, parent)
			}
		})
	})

	t.Run("Escalate stops the child and fails the parent with a ChildFailure, which stops the others", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			parent, kid1, kid2 := family(t, actor.WithSupervision(actor.OneForOne, actor.Escalate))
			require.NoError(t, kid1.Tell(job{fail: true}))
			<-parent.Done()
			err := parent.Err()
			require.ErrorIs(t, err, errBoom)
			var f actor.ChildFailure
			require.ErrorAs(t, err, &f)
			require.Equal(t, kid1, f.Child)
			require.EqualError(t, f, "actor: child gen ("+kid1.URN()+") failed: boom")
			requireClosed(t, kid1.Done())
			requireClosed(t, kid2.Done())
			require.NoError(t, kid2.Err())
		})
	})

	t.Run("OnChildFailure chooses the directive failure by failure, on the parent's goroutine", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			j := newLineage(t)
			var seen []actor.ChildFailure
			var deciders []string
			var kid2 *actor.Ref[*gen, job]
			parent := spawn(func() *judge {
				return &judge{gen: j.factory()(), decide: func(ctx *actor.Context, f actor.ChildFailure) actor.Directive {
					deciders = append(deciders, ctx.Name())
					seen = append(seen, f)
					if f.Child == kid2 {
						return actor.Stop
					}
					return actor.Restart
				}}
			})
			kid1 := spawnChild(t, parent, j.factory())
			kid2 = spawnChild(t, parent, j.factory())
			require.NoError(t, kid1.Tell(job{fail: true}))
			restarted(t, kid1)
			require.NoError(t, kid2.Tell(job{fail: true}))
			<-kid2.Done()
			require.Len(t, seen, 2)
			require.Equal(t, []string{"judge", "judge"}, deciders)
			require.Equal(t, kid1, seen[0].Child)
			require.ErrorIs(t, seen[0].Err, errBoom)
			stop(t, parent)
		})
	})

	t.Run("OnChildFailure that panics fails the parent", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			j := newLineage(t)
			parent := spawn(func() *judge {
				return &judge{gen: j.factory()(), decide: func(*actor.Context, actor.ChildFailure) actor.Directive { panic("undecided") }}
			})
			kid := spawnChild(t, parent, j.factory())
			require.NoError(t, kid.Tell(job{fail: true}))
			<-parent.Done()
			requirePanic(t, parent.Err(), "undecided")
			require.ErrorIs(t, kid.Err(), errBoom)
		})
	})

	t.Run("a child without a factory cannot restart: Restart stops it", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			j := newLineage(t)
			parent := spawn(j.factory(), actor.WithSupervision(actor.OneForOne, actor.Restart))
			kid, err := actor.CallContext(parent, func(ctx *actor.Context, _ *gen) (*actor.Ref[*gen, job], error) {
				return actor.StartChild(ctx, j.factory()()), nil
			}).Get(context.Background())
			require.NoError(t, err)
			require.NoError(t, kid.Tell(job{fail: true}))
			<-kid.Done()
			require.ErrorIs(t, kid.Err(), errBoom)
			require.True(t, parent.IsAlive())
			stop(t, parent)
		})
	})

	t.Run("a Restart beyond the child's restart limit escalates", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			j := newLineage(t)
			parent := spawn(j.factory(), actor.WithSupervision(actor.OneForOne, actor.Restart))
			kid := spawnChild(t, parent, j.factory(), actor.WithRestartLimit(1, time.Minute))
			require.NoError(t, kid.Tell(job{fail: true}))
			restarted(t, kid)
			require.NoError(t, kid.Tell(job{fail: true}))
			<-parent.Done()
			require.ErrorIs(t, parent.Err(), actor.ErrRestartLimit)
			require.ErrorIs(t, kid.Err(), actor.ErrRestartLimit)
			require.EqualError(t, kid.Err(), "actor: restart limit reached: 1 restarts in 1m0s: boom")
		})
	})

	t.Run("a parent's restart asks its children to stop", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			j := newLineage(t)
			parent := spawn(j.factory(), actor.WithPolicy(actor.Restart))
			kid := spawnChild(t, parent, j.factory())
			require.NoError(t, parent.Tell(job{fail: true}))
			<-kid.Done()
			require.NoError(t, kid.Err())
			restarted(t, parent)
			stop(t, parent)
		})
	})

	t.Run("a child started by its parent's OnStop is stopped before the parent's Stop returns", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			j := newLineage(t)
			late := make(chan *actor.Ref[*gen, job], 1)
			parent := start(&lastWords{gen: j.factory()(), late: late, j: j})
			stop(t, parent)
			kid := <-late
			requireClosed(t, kid.Done())
			require.ErrorIs(t, kid.Tell(job{}), actor.ErrStopped)
		})
	})

	t.Run("a child started after its parent stopped its children is stopped at once", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			j := newLineage(t)
			parent := spawn(j.factory())
			ctx, err := actor.CallContext(parent, func(ctx *actor.Context, _ *gen) (*actor.Context, error) { return ctx, nil }).Get(context.Background())
			require.NoError(t, err)
			stop(t, parent)
			kid := actor.SpawnChild(ctx, j.factory())
			requireClosed(t, kid.Done())
			require.ErrorIs(t, kid.Tell(job{}), actor.ErrStopped)
		})
	})

	t.Run("a child waiting on an Ask to its failing parent does not hang the parent's end", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			j := newLineage(t)
			parent := spawn(j.factory())
			asked := make(chan error, 1)
			kid, err := actor.CallContext(parent, func(ctx *actor.Context, _ *gen) (*actor.Ref[*script, msg], error) {
				return actor.StartChild(ctx, &script{receive: func(ctx *actor.Context, _ msg) error {
					_, err := actor.Ask(ctx, parent, askJob(2))
					asked <- err
					return nil
				}}), nil
			}).Get(context.Background())
			require.NoError(t, err)
			hold := make(chan struct{})
			require.NoError(t, parent.Tell(job{n: 1, hold: hold, fail: true}))
			require.NoError(t, kid.Tell(msg{}))
			synctest.Wait() // the child waits on an Ask queued behind the parent's failing job
			close(hold)
			<-parent.Done()
			require.ErrorIs(t, parent.Err(), errBoom)
			require.ErrorIs(t, <-asked, actor.ErrStopped)
			requireClosed(t, kid.Done())
		})
	})

	t.Run("a child stopped while its parent decides stops with its failure", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			j := newLineage(t)
			parent := spawn(j.factory(), actor.WithSupervision(actor.OneForOne, actor.Restart))
			kid := spawnChild(t, parent, j.factory())
			hold := make(chan struct{})
			require.NoError(t, parent.Tell(job{hold: hold}))
			require.NoError(t, kid.Tell(job{fail: true}))
			synctest.Wait() // the child parked; its parent is busy
			require.True(t, kid.IsAlive())
			require.NoError(t, kid.Stop(context.Background()))
			require.ErrorIs(t, kid.Err(), errBoom)
			close(hold)
			require.Equal(t, 2, askCount(t, parent, 1))
			require.False(t, kid.IsAlive(), "the parent's late decision revived the child")
			stop(t, parent)
			require.Equal(t, []string{"2 start", "2 fails 0", "2 failure", "2 stop"}, j.matching(func(l string) bool { return strings.HasPrefix(l, "2 ") }))
		})
	})

	t.Run("a parent's stop ends a child waiting out its restart backoff at once", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			j := newLineage(t)
			parent := spawn(j.factory())
			kid := spawnChild(t, parent, j.factory(), actor.WithPolicy(actor.Restart),
				actor.WithBackoff(actor.Backoff{Min: time.Hour, Max: time.Hour}))
			require.NoError(t, kid.Tell(job{fail: true}))
			synctest.Wait()
			began := time.Now()
			stop(t, parent)
			require.Zero(t, time.Since(began), "the parent waited for the backoff")
			requireClosed(t, kid.Done())
			require.NoError(t, kid.Err())
			require.Equal(t, []string{"2 stop"}, j.matching(func(l string) bool { return l == "2 stop" }))
		})
	})

	t.Run("an escalation climbs the tree: the middle actor fails, its parent restarts it with a fresh child", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			rj, mj, lj := newLineage(t), newLineage(t), newLineage(t)
			root := spawn(rj.factory(), actor.WithSupervision(actor.OneForOne, actor.Restart))
			middle, err := actor.CallContext(root, func(ctx *actor.Context, _ *gen) (*actor.Ref[*mid, job], error) {
				return actor.SpawnChild(ctx, func() *mid { return &mid{gen: mj.factory()(), leaves: lj} },
					actor.WithSupervision(actor.OneForOne, actor.Escalate)), nil
			}).Get(context.Background())
			require.NoError(t, err)
			leafOf := func() *actor.Ref[*gen, job] {
				l, err := actor.Call(middle, func(m *mid) (*actor.Ref[*gen, job], error) { return m.leaf, nil }).Get(context.Background())
				require.NoError(t, err)
				return l
			}
			leaf1 := leafOf()
			require.NoError(t, leaf1.Tell(job{fail: true}))
			<-leaf1.Done() // the middle actor is failing by now: a Call reaches its next state
			require.ErrorIs(t, leaf1.Err(), errBoom)
			leaf2 := leafOf()
			require.True(t, leaf1 != leaf2, "the middle actor kept its old leaf")
			require.True(t, middle.IsAlive())
			mj.expect(t, "1 start", "1 failure", "1 stop", "2 start")
			require.Equal(t, 1, askCount(t, root, 1), "the root was restarted")
			stop(t, root)
			requireClosed(t, leaf2.Done())
		})
	})

	t.Run("StartChild and SpawnChild panic on a nil Context", func(t *testing.T) {
		require.PanicsWithValue(t, "actor: StartChild with a nil *Context", func() { actor.StartChild(nil, &script{}) })
		require.PanicsWithValue(t, "actor: SpawnChild with a nil *Context", func() { actor.SpawnChild(nil, func() *script { return &script{} }) })
	})
}

// lastWords starts a child from its OnStop.
type lastWords struct {
	*gen
	j    *lineage
	late chan *actor.Ref[*gen, job]
}

func (l *lastWords) OnStop(ctx *actor.Context) {
	l.late <- actor.SpawnChild(ctx, l.j.factory())
}

// mid is a gen that spawns a leaf child in its OnStart.
type mid struct {
	*gen
	leaves *lineage
	leaf   *actor.Ref[*gen, job]
}

func (m *mid) OnStart(ctx *actor.Context) error {
	m.leaf = actor.SpawnChild(ctx, m.leaves.factory())
	return m.gen.OnStart(ctx)
}
