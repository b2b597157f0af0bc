package remote

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/future"
)

var errAppTest = errors.New("app: test failure")

func init() { RegisterError("app.test", errAppTest) }

type selfCoded struct{}

func (selfCoded) Error() string      { return "self coded" }
func (selfCoded) RemoteCode() string { return "app.self" }

// crossed is err as the other side of the wire sees it.
func crossed(err error) error { return decodeError(codeOf(err), messageOf(err)) }

func TestErrorsKeepTheirMeaningAcrossTheWire(t *testing.T) {
	for _, c := range []struct {
		name string
		err  error
		is   []error
		not  []error
	}{
		{"stopped", fmt.Errorf("x: %w", actor.ErrStopped), []error{actor.ErrStopped}, []error{ErrLost}},
		{"mailbox full", actor.ErrMailboxFull, []error{actor.ErrMailboxFull}, []error{ErrBusy}},
		{"busy", ErrBusy, []error{ErrBusy, actor.ErrMailboxFull}, nil},
		{"deadlock", &actor.DeadlockError{}, []error{actor.ErrDeadlock}, nil},
		{"deadline", context.DeadlineExceeded, []error{context.DeadlineExceeded}, []error{context.Canceled}},
		{"canceled", context.Canceled, []error{context.Canceled}, nil},
		{"no responders", ErrNoResponders, []error{ErrNoResponders, actor.ErrStopped}, nil},
		{"lost", ErrLost, []error{ErrLost}, []error{actor.ErrStopped}},
		{"registered", fmt.Errorf("wrapped: %w", errAppTest), []error{errAppTest}, []error{actor.ErrStopped}},
		{"registered beats built-in", errors.Join(errAppTest, actor.ErrStopped), []error{errAppTest}, nil},
		{"plain", errors.New("plain"), nil, []error{actor.ErrStopped, errAppTest}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := crossed(c.err)
			var re *Error
			require.ErrorAs(t, got, &re)
			require.Equal(t, c.err.Error(), re.Message)
			for _, want := range c.is {
				require.ErrorIs(t, got, want)
			}
			for _, not := range c.not {
				require.NotErrorIs(t, got, not)
			}
		})
	}
	t.Run("a panic becomes a *future.PanicError with the value as text", func(t *testing.T) {
		var pe *future.PanicError
		require.ErrorAs(t, crossed(&future.PanicError{Value: 42}), &pe)
		require.Equal(t, "42", pe.Value)
	})
	t.Run("an error naming its own code keeps it", func(t *testing.T) {
		var re *Error
		require.ErrorAs(t, crossed(fmt.Errorf("w: %w", selfCoded{})), &re)
		require.Equal(t, "app.self", re.Code)
	})
	t.Run("a crossed error crosses again unchanged", func(t *testing.T) {
		twice := crossed(fmt.Errorf("hop: %w", crossed(errAppTest)))
		require.ErrorIs(t, twice, errAppTest)
	})
}

func TestRegisterErrorMisuse(t *testing.T) {
	require.PanicsWithValue(t, `remote: RegisterError: code "stopped" is troupe's own`, func() { RegisterError("stopped", errors.New("x")) })
	require.PanicsWithValue(t, `remote: RegisterError: code "app.test" registered twice`, func() { RegisterError("app.test", errors.New("x")) })
	require.Panics(t, func() { RegisterError("", errors.New("x")) })
	require.Panics(t, func() { RegisterError("app.nil", nil) })
}
