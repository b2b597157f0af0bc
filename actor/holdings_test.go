package actor_test

import (
	"context"
	"slices"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/troupe-go/troupe/actor"
)

// heir records the messages it handles and fails on "fail"; its OnStop runs
// lastly, if set.
type heir struct {
	got    []string
	lastly func(*actor.Context)
}

func (h *heir) Receive(_ *actor.Context, m string) error {
	if m == "fail" {
		return errBoom
	}
	h.got = append(h.got, m)
	return nil
}

func (h *heir) OnStop(ctx *actor.Context) {
	if h.lastly != nil {
		h.lastly(ctx)
	}
}

// heirs spawns an actor under Restart whose first state runs lastly in its
// OnStop; the states after it do nothing there.
func heirs(lastly func(*actor.Context), opts ...actor.Option) *actor.Ref[*heir, string] {
	first := true
	return spawn(func() *heir {
		h := &heir{}
		if first {
			h.lastly, first = lastly, false
		}
		return h
	}, append([]actor.Option{actor.WithPolicy(actor.Restart)}, opts...)...)
}

// gotOf returns what the actor's current state has handled.
func gotOf(t testing.TB, r *actor.Ref[*heir, string]) []string {
	t.Helper()
	got, err := actor.Call(r, func(h *heir) ([]string, error) { return slices.Clone(h.got), nil }).Get(context.Background())
	require.NoError(t, err)
	return got
}

// kidOf starts a child of r from a handler and returns it.
func kidOf(t testing.TB, r *actor.Ref[*heir, string]) *actor.Ref[*script, msg] {
	t.Helper()
	kid, err := actor.CallContext(r, func(ctx *actor.Context, _ *heir) (*actor.Ref[*script, msg], error) {
		return actor.StartChild(ctx, &script{}), nil
	}).Get(context.Background())
	require.NoError(t, err)
	return kid
}

func TestHoldings(t *testing.T) {
	t.Run("a timer set by OnStop during a restart never reaches the fresh state", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			r := heirs(func(ctx *actor.Context) {
				actor.After(ctx, time.Second, "after")
				actor.Every(ctx, time.Second, "every")
			})
			require.NoError(t, r.Tell("fail"))
			time.Sleep(time.Minute)
			require.Empty(t, gotOf(t, r), "the old state's timer reached the new one")
			stop(t, r)
		})
	})

	t.Run("a child started by OnStop during a restart stops with the restart", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			kids := make(chan *actor.Ref[*script, msg], 1)
			r := heirs(func(ctx *actor.Context) { kids <- actor.StartChild(ctx, &script{}) })
			require.NoError(t, r.Tell("fail"))
			kid := <-kids
			gotOf(t, r) // the restart is over
			synctest.Wait()
			require.False(t, kid.IsAlive(), "the old state's child outlived the restart")
			stop(t, r)
		})
	})

	t.Run("a watch set by OnStop during a restart is dropped with it", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			target := start(&script{})
			r := heirs(func(ctx *actor.Context) {
				actor.Watch(ctx, target, func(error) string { return "gone" })
			})
			require.NoError(t, r.Tell("fail"))
			gotOf(t, r)
			stop(t, target)
			synctest.Wait()
			require.Empty(t, gotOf(t, r), "the old state's watch reached the new one")
			stop(t, r)
		})
	})

	t.Run("a watch set by a state ends with its restart", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			target := start(&script{})
			r := heirs(nil)
			_, err := actor.CallContext(r, func(ctx *actor.Context, _ *heir) (int, error) {
				actor.Watch(ctx, target, func(error) string { return "gone" })
				return 0, nil
			}).Get(context.Background())
			require.NoError(t, err)
			require.NoError(t, r.Tell("fail"))
			gotOf(t, r)
			stop(t, target)
			synctest.Wait()
			require.Empty(t, gotOf(t, r))
			stop(t, r)
		})
	})

	t.Run("a notice or a tick queued before a restart never reaches the fresh state", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			target := start(&script{})
			r := heirs(nil)
			hold := make(chan struct{})
			_, err := actor.CallContext(r, func(ctx *actor.Context, _ *heir) (int, error) {
				actor.Watch(ctx, target, func(error) string { return "gone" })
				actor.After(ctx, time.Second, "after")
				return 0, nil
			}).Get(context.Background())
			require.NoError(t, err)
			actor.Call(r, func(*heir) (int, error) { <-hold; return 0, nil })
			require.NoError(t, r.Tell("fail"))
			stop(t, target)
			time.Sleep(time.Minute) // the notice and the tick queue up behind the held Call and the failure
			require.Equal(t, 3, r.Len())
			close(hold)
			require.Empty(t, gotOf(t, r))
			stop(t, r)
		})
	})

	t.Run("a watch cancelled after its notice was queued delivers nothing", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			o := start(&observer{})
			target := start(&script{})
			cancel := watch(t, o, target, "gone")
			hold := make(chan struct{})
			actor.Call(o, func(*observer) (int, error) { <-hold; return 0, nil })
			stop(t, target)
			synctest.Wait()
			require.Equal(t, 1, o.Len(), "the notice is not queued")
			cancel()
			close(hold)
			require.Empty(t, notesOf(t, o))
			stop(t, o)
		})
	})

	t.Run("OnStop still reaches the state's children, which stop after it, on a restart and on a stop", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			var kid *actor.Ref[*script, msg]
			reached := make(chan error, 2)
			lastly := func(ctx *actor.Context) {
				_, err := actor.Ask(ctx, kid, askN(1))
				reached <- err
			}
			r := heirs(lastly)
			kid = kidOf(t, r)
			require.NoError(t, r.Tell("fail"))
			require.NoError(t, <-reached, "OnStop found its child stopped")
			gotOf(t, r)
			synctest.Wait()
			require.False(t, kid.IsAlive(), "the child outlived the restart")

			kid = kidOf(t, r)
			_, err := actor.Call(r, func(h *heir) (int, error) {
				h.lastly = lastly
				return 0, nil
			}).Get(context.Background())
			require.NoError(t, err)
			stop(t, r)
			require.NoError(t, <-reached, "OnStop found its child stopped")
			requireClosed(t, kid.Done())
		})
	})

	t.Run("what OnStop sets up at a final stop is released before Stop returns", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			kids := make(chan *actor.Ref[*script, msg], 1)
			r := start(&heir{lastly: func(ctx *actor.Context) {
				kids <- actor.StartChild(ctx, &script{})
				actor.After(ctx, time.Second, "after")
			}})
			stop(t, r)
			requireClosed(t, (<-kids).Done())
			time.Sleep(time.Minute) // the bubble fails if the timer is left
		})
	})
}
