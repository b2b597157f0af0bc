package actor_test

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/future"
	"github.com/troupe-go/troupe/registry"
)

// spawn spawns in a registry of its own, logging nowhere.
func spawn[S actor.Receiver[M], M any](factory func() S, opts ...actor.Option) *actor.Ref[S, M] {
	return actor.Spawn(factory, append([]actor.Option{actor.WithRegistry(registry.New()), actor.WithLogger(discard)}, opts...)...)
}

func TestPolicy(t *testing.T) {
	t.Run("Stop, the default, ends the actor with the failure as its Err", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			j := newLineage(t)
			ref := spawn(j.factory())
			require.NoError(t, ref.Tell(job{n: 1, fail: true}))
			<-ref.Done()
			require.ErrorIs(t, ref.Err(), errBoom)
			j.expect(t, "1 start", "1 fails 1", "1 failure", "1 stop")
		})
	})

	t.Run("Resume keeps the state and handles the next message", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			j := newLineage(t)
			ref := spawn(j.factory(), actor.WithPolicy(actor.Resume))
			require.NoError(t, ref.Tell(job{n: 1}))
			require.NoError(t, ref.Tell(job{n: 2, fail: true}))
			require.Equal(t, 2, askCount(t, ref, 3), "the state counted the job before the failure")
			require.True(t, ref.IsAlive())
			stop(t, ref)
			j.expect(t, "1 start", "1 got 1", "1 fails 2", "1 failure", "1 got 3", "1 stop")
		})
	})

	t.Run("Resume goes on after a panic too", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			n := 0
			ref := start(&script{receive: func(_ *actor.Context, m msg) error {
				n++
				if m.n < 0 {
					panic("bad n")
				}
				if m.reply != nil {
					m.reply.Resolve(n)
				}
				return nil
			}}, actor.WithPolicy(actor.Resume))
			require.NoError(t, ref.Tell(msg{n: -1}))
			v, err := actor.Ask(context.Background(), ref, askN(1))
			require.NoError(t, err)
			require.Equal(t, 2, v)
			stop(t, ref)
		})
	})

	t.Run("Restart gives a fresh state, OnStop on the old one first, and keeps ref, URN and registration", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			j := newLineage(t)
			reg := registry.New()
			ref := spawn(j.factory(), actor.WithPolicy(actor.Restart), actor.WithRegistry(reg), actor.WithName("w"))
			urn := ref.URN()
			require.Equal(t, 1, askCount(t, ref, 1))
			require.NoError(t, ref.Tell(job{n: 2, fail: true}))
			require.Equal(t, 1, askCount(t, ref, 3), "a fresh state has done nothing yet")
			require.Equal(t, urn, ref.URN())
			e, ok := reg.ByURN(urn)
			require.True(t, ok)
			require.Same(t, ref, e.(*actor.Ref[*gen, job]))
			require.Equal(t, "w", ref.Name())
			stop(t, ref)
			j.expect(t,
				"1 start", "1 got 1", "1 fails 2", "1 failure", "1 stop",
				"2 start", "2 got 3", "2 stop",
			)
		})
	})

	t.Run("messages queued behind the failing one survive the restart, in order", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			j := newLineage(t)
			ref := spawn(j.factory(), actor.WithPolicy(actor.Restart))
			hold := make(chan struct{})
			require.NoError(t, ref.Tell(job{n: 1, hold: hold}))
			require.NoError(t, ref.Tell(job{n: 2, fail: true}))
			require.NoError(t, ref.Tell(job{n: 3}))
			asked := actor.AskAsync(ref, askJob(4))
			require.NoError(t, ref.Tell(job{n: 5}))
			close(hold)
			v, err := asked.Get(context.Background())
			require.NoError(t, err)
			require.Equal(t, 2, v)
			stop(t, ref)
			j.expect(t,
				"1 start", "1 got 1", "1 fails 2", "1 failure", "1 stop",
				"2 start", "2 got 3", "2 got 4", "2 got 5", "2 stop",
			)
		})
	})

	t.Run("an Ask's or a Call's failure goes to its caller and never restarts", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			j := newLineage(t)
			ref := spawn(j.factory(), actor.WithPolicy(actor.Restart))
			_, err := actor.Ask(context.Background(), ref, func(p *future.Promise[int]) job { return job{n: 1, fail: true, reply: p} })
			require.ErrorIs(t, err, errBoom)
			_, err = actor.Call(ref, func(*gen) (int, error) { return 0, errBoom }).Get(context.Background())
			require.ErrorIs(t, err, errBoom)
			require.Equal(t, 1, askCount(t, ref, 2))
			stop(t, ref)
			require.Equal(t, 1, countEnding(j.lines(), "start"))
		})
	})

	t.Run("a failing OnStart during a restart counts as one more failure", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			j := newLineage(t)
			ref := spawn(j.factory(2, 3), actor.WithPolicy(actor.Restart))
			require.NoError(t, ref.Tell(job{n: 1, fail: true}))
			require.Equal(t, 1, askCount(t, ref, 2))
			stop(t, ref)
			// OnStop runs only for the states whose OnStart succeeded.
			j.expect(t,
				"1 start", "1 fails 1", "1 failure", "1 stop",
				"2 start failed", "2 failure",
				"3 start failed", "3 failure",
				"4 start", "4 got 2", "4 stop",
			)
		})
	})

	t.Run("a factory that panics or returns nil during a restart counts as a failure", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			j := newLineage(t)
			calls := 0
			ref := spawn(func() *gen {
				calls++
				switch calls {
				case 2:
					panic("no state today")
				case 3:
					return nil
				}
				return j.factory()()
			}, actor.WithPolicy(actor.Restart))
			require.NoError(t, ref.Tell(job{n: 1, fail: true}))
			require.Equal(t, 1, askCount(t, ref, 2))
			require.Equal(t, 4, calls)
			stop(t, ref)
		})
	})

	t.Run("the first OnStart failing stops the actor even under Restart", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			j := newLineage(t)
			ref := spawn(j.factory(1), actor.WithPolicy(actor.Restart))
			<-ref.Done()
			require.ErrorIs(t, ref.Err(), errStart)
			j.expect(t, "1 start failed", "1 failure")
		})
	})
}

func TestRestartLimit(t *testing.T) {
	t.Run("the failure after n restarts within the window stops the actor with an error that says so", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			j := newLineage(t)
			ref := spawn(j.factory(), actor.WithPolicy(actor.Restart), actor.WithRestartLimit(3, time.Second))
			for n := range 4 {
				require.NoError(t, ref.Tell(job{n: n, fail: true}))
			}
			<-ref.Done()
			err := ref.Err()
			require.ErrorIs(t, err, actor.ErrRestartLimit)
			require.ErrorIs(t, err, errBoom)
			require.EqualError(t, err, "actor: restart limit reached: 3 restarts in 1s: boom")
			lines := j.lines()
			require.Equal(t, 4, countEnding(lines, "start"))
			require.Equal(t, 4, countEnding(lines, "stop"), "OnStop ran once for every state that started")
		})
	})

	t.Run("restarts older than the window no longer count", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			j := newLineage(t)
			ref := spawn(j.factory(), actor.WithPolicy(actor.Restart), actor.WithRestartLimit(1, time.Second))
			for n := range 3 {
				require.NoError(t, ref.Tell(job{n: n, fail: true}))
				synctest.Wait()
				time.Sleep(time.Second + time.Millisecond)
			}
			require.True(t, ref.IsAlive())
			require.Equal(t, 4, countEnding(j.lines(), "start"))
			stop(t, ref)
		})
	})

	t.Run("a limit of 0 stops at the first failure", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			j := newLineage(t)
			ref := spawn(j.factory(), actor.WithPolicy(actor.Restart), actor.WithRestartLimit(0, time.Minute))
			require.NoError(t, ref.Tell(job{fail: true}))
			<-ref.Done()
			require.EqualError(t, ref.Err(), "actor: restart limit reached: 0 restarts in 1m0s: boom")
		})
	})

	t.Run("by default 10 restarts within 10 s are allowed", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			j := newLineage(t)
			ref := spawn(j.factory(), actor.WithPolicy(actor.Restart))
			for n := range 11 {
				require.NoError(t, ref.Tell(job{n: n, fail: true}))
			}
			<-ref.Done()
			require.EqualError(t, ref.Err(), "actor: restart limit reached: 10 restarts in 10s: boom")
			require.Equal(t, 11, countEnding(j.lines(), "start"))
		})
	})
}

// delays returns, for each restart, the time from the failure to the fresh
// state's OnStart, once every goroutine of the bubble has settled.
func (l *lineage) delays() []time.Duration {
	var fails, starts []time.Time
	for _, s := range l.lives() {
		switch {
		case strings.Contains(s.line, " fails "):
			fails = append(fails, s.at)
		case strings.HasSuffix(s.line, " start"):
			starts = append(starts, s.at)
		}
	}
	var ds []time.Duration
	for i, f := range fails {
		if i+1 < len(starts) {
			ds = append(ds, starts[i+1].Sub(f))
		}
	}
	return ds
}

func TestBackoff(t *testing.T) {
	const minDelay = 100 * time.Millisecond

	t.Run("restart delays grow exponentially within the jitter bounds", func(t *testing.T) {
		for range 20 { // the jitter is random: try it several times
			synctest.Test(t, func(t *testing.T) {
				j := newLineage(t)
				ref := spawn(j.factory(), actor.WithPolicy(actor.Restart), actor.WithRestartLimit(100, time.Hour),
					actor.WithBackoff(actor.Backoff{Min: minDelay, Max: time.Hour, Reset: time.Hour}))
				for n := range 6 {
					require.NoError(t, ref.Tell(job{n: n, fail: true}))
				}
				require.Equal(t, 1, askCount(t, ref, 6))
				ds := j.delays()
				require.Len(t, ds, 6)
				for k, d := range ds {
					lo, hi := minDelay<<k, minDelay<<(k+1)
					require.True(t, d >= lo && d <= hi, "restart %d waited %v, not in [%v, %v]", k, d, lo, hi)
				}
				stop(t, ref)
			})
		}
	})

	t.Run("no delay exceeds Max, nor falls below Max/2 once there", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			j := newLineage(t)
			maxDelay := 300 * time.Millisecond
			ref := spawn(j.factory(), actor.WithPolicy(actor.Restart), actor.WithRestartLimit(100, time.Hour),
				actor.WithBackoff(actor.Backoff{Min: minDelay, Max: maxDelay, Reset: time.Hour}))
			for n := range 8 {
				require.NoError(t, ref.Tell(job{n: n, fail: true}))
			}
			askCount(t, ref, 8)
			ds := j.delays()
			require.Len(t, ds, 8)
			require.True(t, ds[0] >= minDelay && ds[0] <= 2*minDelay, "first delay %v", ds[0])
			for k, d := range ds[1:] {
				require.True(t, d >= maxDelay/2 && d <= maxDelay, "restart %d waited %v", k+1, d)
			}
			stop(t, ref)
		})
	})

	t.Run("a quiet period of Reset since the last restart resets the delay to Min", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			j := newLineage(t)
			ref := spawn(j.factory(), actor.WithPolicy(actor.Restart), actor.WithRestartLimit(100, time.Hour),
				actor.WithBackoff(actor.Backoff{Min: minDelay, Max: time.Hour, Reset: 5 * time.Second}))
			for n := range 3 {
				require.NoError(t, ref.Tell(job{n: n, fail: true}))
			}
			askCount(t, ref, 3)
			time.Sleep(5 * time.Second)
			require.NoError(t, ref.Tell(job{n: 4, fail: true}))
			askCount(t, ref, 5)
			ds := j.delays()
			require.Len(t, ds, 4)
			require.True(t, ds[2] >= 4*minDelay, "third delay %v grew", ds[2])
			require.True(t, ds[3] >= minDelay && ds[3] <= 2*minDelay, "after the quiet period: %v", ds[3])
			stop(t, ref)
		})
	})

	t.Run("during the delay the actor holds no goroutine and messages queue up, handled in order after it", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			j := newLineage(t)
			ref := spawn(j.factory(), actor.WithPolicy(actor.Restart),
				actor.WithBackoff(actor.Backoff{Min: time.Second, Max: time.Second}))
			require.NoError(t, ref.Tell(job{n: 1, fail: true}))
			synctest.Wait()
			require.Equal(t, 0, actorGoroutines(), "a goroutine waits out the delay")
			require.NoError(t, ref.Tell(job{n: 2}))
			require.NoError(t, ref.Tell(job{n: 3}))
			asked := actor.AskAsync(ref, askJob(4))
			synctest.Wait()
			require.Equal(t, 0, actorGoroutines(), "a send started a second run loop during the delay")
			require.Equal(t, 3, ref.Len())
			requirePending(t, asked)
			v, err := asked.Get(context.Background())
			require.NoError(t, err)
			require.Equal(t, 3, v)
			stop(t, ref)
			j.expect(t,
				"1 start", "1 fails 1", "1 failure", "1 stop",
				"2 start", "2 got 2", "2 got 3", "2 got 4", "2 stop",
			)
		})
	})

	t.Run("a failure while stopping restarts at once, without the delay", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			j := newLineage(t)
			ref := spawn(j.factory(), actor.WithPolicy(actor.Restart),
				actor.WithBackoff(actor.Backoff{Min: time.Hour, Max: time.Hour}))
			began := time.Now()
			require.NoError(t, stopBehind(t, ref, 6, 1, 3))
			require.Zero(t, time.Since(began), "a restart waited for its delay while stopping")
			require.Equal(t, []string{"1 got 0", "2 got 2", "3 got 4", "3 got 5"}, j.matching(isGot))
		})
	})
}

// stopBehind tells ref jobs 0 to n-1, those in fail failing, and stops it
// while it holds job 0, so that the others are queued before the Stop. It
// returns what Stop returned.
func stopBehind(t *testing.T, ref *actor.Ref[*gen, job], n int, fail ...int) error {
	t.Helper()
	hold := make(chan struct{})
	require.NoError(t, ref.Tell(job{n: 0, hold: hold}))
	for i := 1; i < n; i++ {
		require.NoError(t, ref.Tell(job{n: i, fail: slices.Contains(fail, i)}))
	}
	stopped := make(chan error, 1)
	go func() { stopped <- ref.Stop(context.Background()) }()
	synctest.Wait()
	close(hold)
	return <-stopped
}

// isGot accepts the "g got n" lines.
func isGot(line string) bool { return strings.Contains(line, " got ") }

// handled returns the n of every job the lineage says was handled, in order.
func handled(t testing.TB, l *lineage) []int {
	t.Helper()
	var out []int
	for _, line := range l.matching(isGot) {
		var g, n int
		_, err := fmt.Sscanf(line, "%d got %d", &g, &n)
		require.NoError(t, err)
		out = append(out, n)
	}
	return out
}

// TestStopLosesNothing holds Stop's promise with a backoff and a bounded
// mailbox: what was queued before Stop is handled unless the policy gives
// up, and then Stop's error says how many messages were lost, and why.
func TestStopLosesNothing(t *testing.T) {
	backoff := actor.WithBackoff(actor.Backoff{Min: 50 * time.Millisecond, Max: time.Second})
	for name, opts := range map[string][]actor.Option{
		"unbounded":             nil,
		"bounded, OverflowFail": {actor.WithMailbox(6, actor.OverflowFail)},
		"bounded, OverflowBlock, smaller than the Tells": {actor.WithMailbox(3, actor.OverflowBlock)},
	} {
		t.Run(name+": a Stop during a restart's backoff restarts now and handles the queue", func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				j := newLineage(t)
				ref := spawn(j.factory(), append([]actor.Option{actor.WithPolicy(actor.Restart), backoff}, opts...)...)
				for n := range 6 {
					require.NoError(t, ref.Tell(job{n: n, fail: n == 1}))
				}
				require.NoError(t, ref.Stop(context.Background()))
				require.NoError(t, ref.Err())
				require.Equal(t, []int{0, 2, 3, 4, 5}, handled(t, j))
			})
		})

		t.Run(name+": a Stop that finds the actor waiting out its delay ends the delay", func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				j := newLineage(t)
				ref := spawn(j.factory(), append([]actor.Option{actor.WithPolicy(actor.Restart),
					actor.WithBackoff(actor.Backoff{Min: time.Hour, Max: time.Hour})}, opts...)...)
				require.NoError(t, ref.Tell(job{n: 0}))
				require.NoError(t, ref.Tell(job{n: 1, fail: true}))
				synctest.Wait() // parked for an hour
				require.NoError(t, ref.Tell(job{n: 2}))
				asked := actor.AskAsync(ref, askJob(3))
				began := time.Now()
				require.NoError(t, ref.Stop(context.Background()))
				require.Zero(t, time.Since(began), "Stop waited for the delay")
				v, err := asked.Get(context.Background())
				require.NoError(t, err)
				require.Equal(t, 2, v, "the fresh state handled the queue")
				j.expect(t,
					"1 start", "1 got 0", "1 fails 1", "1 failure", "1 stop",
					"2 start", "2 got 2", "2 got 3", "2 stop",
				)
			})
		})

		t.Run(name+": a stop that dead-letters returns an error naming the count and the cause", func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				j := newLineage(t)
				var letters int
				ref := spawn(j.factory(), append([]actor.Option{actor.WithName("w"),
					actor.WithDeadLetters(func(actor.DeadLetter) { letters++ })}, opts...)...)
				err := stopBehind(t, ref, 4, 1)
				require.ErrorIs(t, err, actor.ErrDeadLetters)
				require.ErrorIs(t, err, errBoom)
				require.EqualError(t, err, "actor: w ("+ref.URN()+") stopped after a failure: 2 messages went to dead letters: boom")
				require.Equal(t, 2, letters)
				require.Equal(t, err, ref.Stop(context.Background()), "a later Stop says the same")
			})
		})
	}

	t.Run("StopAll names an actor that dead-letters, with an error matching ErrDeadLetters", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			reg := registry.New()
			j := newLineage(t)
			ref := spawn(j.factory(), actor.WithRegistry(reg), actor.WithName("w"))
			hold := make(chan struct{})
			require.NoError(t, ref.Tell(job{n: 0, hold: hold}))
			require.NoError(t, ref.Tell(job{n: 1, fail: true}))
			require.NoError(t, ref.Tell(job{n: 2}))
			stopped := make(chan error, 1)
			go func() { stopped <- reg.StopAll(context.Background()) }()
			synctest.Wait()
			close(hold)
			err := <-stopped
			require.ErrorIs(t, err, actor.ErrDeadLetters)
			var entry *registry.EntryError
			require.ErrorAs(t, err, &entry)
			require.Equal(t, "w", entry.Name)
		})
	})

	t.Run("a restart limit that gives up while stopping dead-letters the rest, and Stop says why", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			j := newLineage(t)
			ref := spawn(j.factory(), actor.WithPolicy(actor.Restart), actor.WithRestartLimit(1, time.Hour))
			err := stopBehind(t, ref, 6, 1, 2)
			require.ErrorIs(t, err, actor.ErrDeadLetters)
			require.ErrorIs(t, err, actor.ErrRestartLimit)
			require.Contains(t, err.Error(), ": 3 messages went to dead letters: actor: restart limit reached")
			require.Equal(t, []int{0}, handled(t, j))
		})
	})
}

// actorGoroutines counts the goroutines running an actor's code now.
func actorGoroutines() int {
	buf := make([]byte, 1<<20)
	buf = buf[:runtime.Stack(buf, true)]
	n := 0
	for _, g := range strings.Split(string(buf), "\n\n") {
		if strings.Contains(g, "troupe/actor.(*Ref[") {
			n++
		}
	}
	return n
}

func TestPolicyMisuse(t *testing.T) {
	for name, tc := range map[string]struct {
		fn   func()
		want string
	}{
		"Restart with Start": {func() { start(&script{}, actor.WithPolicy(actor.Restart)) },
			"actor: WithPolicy(Restart) needs a factory for the fresh state: start the actor with Spawn or SpawnChild, not Start"},
		"WithBackoff with Start": {func() { start(&script{}, actor.WithBackoff(actor.Backoff{Min: 1, Max: 1})) },
			"actor: WithBackoff only applies to restarts, which need a factory: start the actor with Spawn or SpawnChild, not Start"},
		"WithRestartLimit with Start": {func() { start(&script{}, actor.WithRestartLimit(1, time.Second)) },
			"actor: WithRestartLimit only applies to restarts, which need a factory: start the actor with Spawn or SpawnChild, not Start"},
		"Escalate as a policy": {func() { actor.WithPolicy(actor.Escalate) },
			"actor: WithPolicy(Escalate): an actor's own policy is Stop, Resume or Restart"},
		"a negative restart limit": {func() { actor.WithRestartLimit(-1, time.Second) },
			"actor: WithRestartLimit count must not be negative, got -1"},
		"a zero window": {func() { actor.WithRestartLimit(1, 0) },
			"actor: WithRestartLimit window must be positive, got 0s"},
		"Max below Min": {func() { actor.WithBackoff(actor.Backoff{Min: time.Second, Max: time.Millisecond}) },
			"actor: WithBackoff needs 0 < Min <= Max and Reset >= 0, got Min 1s, Max 1ms, Reset 0s"},
		"a zero Min": {func() { actor.WithBackoff(actor.Backoff{Max: time.Second}) },
			"actor: WithBackoff needs 0 < Min <= Max and Reset >= 0, got Min 0s, Max 1s, Reset 0s"},
		"Resume for a child": {func() { actor.WithSupervision(actor.OneForOne, actor.Resume) },
			"actor: WithSupervision(OneForOne, Resume): a parent's directive is Stop, Restart or Escalate"},
		"an unknown strategy": {func() { actor.WithSupervision(actor.Strategy(9), actor.Stop) },
			"actor: WithSupervision with unknown Strategy(9)"},
		"a nil factory": {func() { actor.Spawn[*gen](nil) },
			"actor: Spawn with a nil *actor_test.gen factory"},
		"a factory returning nil": {func() { actor.Spawn(func() *gen { return nil }) },
			"actor: Spawn: the factory returned a nil *actor_test.gen"},
	} {
		t.Run(name+" panics precisely", func(t *testing.T) {
			require.PanicsWithValue(t, tc.want, tc.fn)
		})
	}

	t.Run("Directive and Strategy print their names", func(t *testing.T) {
		require.Equal(t, "Stop Resume Restart Escalate Directive(7)",
			fmt.Sprint(actor.Stop, actor.Resume, actor.Restart, actor.Escalate, actor.Directive(7)))
		require.Equal(t, "OneForOne AllForOne", fmt.Sprint(actor.OneForOne, actor.AllForOne))
	})

	t.Run("an OnFailure panic under Resume is logged and the actor goes on", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			logger, logs := bufferLogger()
			ref := start(&hooked{
				script:  script{receive: func(_ *actor.Context, m msg) error { return errors.New("no") }},
				failure: func(*actor.Context, error) { panic("hook") },
			}, actor.WithPolicy(actor.Resume), actor.WithLogger(logger))
			require.NoError(t, ref.Tell(msg{}))
			require.NoError(t, ref.Tell(msg{}))
			synctest.Wait()
			require.True(t, ref.IsAlive())
			require.Equal(t, 2, strings.Count(logs.String(), `msg="actor: hook panicked"`))
			stop(t, ref)
		})
	})
}
