package actor_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/troupe-go/troupe/actor"
)

// event is the interface message type of a logbook; ping and gone are two
// of its kinds.
type event interface{ isEvent() }

type (
	ping string
	gone struct{ err error }
)

func (ping) isEvent() {}
func (gone) isEvent() {}

// logbook records the events it receives.
type logbook struct{ got []string }

func (j *logbook) Receive(_ *actor.Context, e event) error {
	switch e := e.(type) {
	case ping:
		j.got = append(j.got, "ping "+string(e))
	case gone:
		j.got = append(j.got, fmt.Sprintf("gone %v", e.err))
	}
	return nil
}

func logbookOf(t testing.TB, r *actor.Ref[*logbook, event]) []string {
	t.Helper()
	got, err := actor.Call(r, func(j *logbook) ([]string, error) { return slices.Clone(j.got), nil }).Get(context.Background())
	require.NoError(t, err)
	return got
}

func TestInterfaceActorTakesConcreteValues(t *testing.T) {
	cases := map[string]func(r *actor.Ref[*logbook, event], target *actor.Ref[*clock, tick]) func(*actor.Context){
		"through the Context": func(_ *actor.Ref[*logbook, event], target *actor.Ref[*clock, tick]) func(*actor.Context) {
			return func(ctx *actor.Context) {
				actor.After(ctx, time.Second, ping("after"))
				actor.Every(ctx, 2*time.Second, ping("every"))
				actor.Watch(ctx, target, func(err error) gone { return gone{err} })
			}
		},
		"through the ref, checked by the compiler": func(r *actor.Ref[*logbook, event], target *actor.Ref[*clock, tick]) func(*actor.Context) {
			return func(*actor.Context) {
				r.After(time.Second, ping("after"))
				r.Every(2*time.Second, ping("every"))
				r.Watch(target, func(err error) event { return gone{err} })
			}
		},
	}
	for name, schedule := range cases {
		t.Run(name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				r := start(&logbook{})
				target := start(&clock{})
				_, err := actor.CallContext(r, func(ctx *actor.Context, _ *logbook) (struct{}, error) {
					schedule(r, target)(ctx)
					return struct{}{}, nil
				}).Get(context.Background())
				require.NoError(t, err)

				time.Sleep(3 * time.Second)
				synctest.Wait()
				stop(t, target)
				synctest.Wait()
				require.Equal(t, []string{"ping after", "ping every", "gone <nil>"}, logbookOf(t, r))
				stop(t, r)
			})
		})
	}

	t.Run("a value that cannot be assigned panics, naming both types", func(t *testing.T) {
		r := start(&logbook{})
		defer stop(t, r)
		_, err := actor.CallContext(r, func(ctx *actor.Context, _ *logbook) (struct{}, error) {
			actor.After(ctx, time.Second, tick("not an event"))
			return struct{}{}, nil
		}).Get(context.Background())
		var pe *actor.PanicError
		require.ErrorAs(t, err, &pe)
		require.Equal(t, "actor: After: logbook takes messages of type actor_test.event; actor_test.tick is not assignable to it (Ref.After checks this at compile time)", pe.Value)
	})

	t.Run("Offer tells a value of an assignable type and reports the rest", func(t *testing.T) {
		r := start(&logbook{})
		fits, err := r.Offer(ping("offered"))
		require.True(t, fits)
		require.NoError(t, err)
		fits, err = r.Offer(tick("no"))
		require.False(t, fits)
		require.NoError(t, err)
		fits, err = r.Offer(nil)
		require.False(t, fits)
		require.NoError(t, err)
		require.Equal(t, []string{"ping offered"}, logbookOf(t, r))
		stop(t, r)

		fits, err = r.Offer(ping("late"))
		require.True(t, fits)
		require.ErrorIs(t, err, actor.ErrStopped)
	})
}

// TestMistypedMessagesDoNotCompile builds testdata/mistyped, whose marked
// lines hand an actor a message of the wrong type, and requires the build
// to fail on each of them and on nothing else.
func TestMistypedMessagesDoNotCompile(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command")
	}
	src := filepath.Join("testdata", "mistyped", "main.go")
	want := map[int]string{} // line: the method named in its error
	f, err := os.Open(src)
	require.NoError(t, err)
	defer f.Close()
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		if _, method, ok := strings.Cut(sc.Text(), "// want: "); ok {
			want[line] = method
		}
	}
	require.NoError(t, sc.Err())
	require.Len(t, want, 4)

	cmd := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "build", "-o", os.DevNull, "./testdata/mistyped")
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	require.True(t, errors.As(err, &exit), "the build must fail: %v\n%s", err, out)

	got := map[int]string{}
	for _, l := range strings.Split(string(out), "\n") {
		var line, col int
		if _, err := fmt.Sscanf(l, "testdata/mistyped/main.go:%d:%d:", &line, &col); err != nil {
			continue
		}
		for _, m := range []string{"After", "Every", "Watch", "Tell"} {
			if strings.Contains(l, "in argument to r."+m) {
				got[line] = m
			}
		}
	}
	require.Equal(t, want, got, "build output:\n%s", out)
}
