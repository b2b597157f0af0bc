package pool_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/troupe-go/troupe/pool"
)

// elementError is the error of the element that the fuzzer makes fail.
type elementError struct{ i int }

func (e elementError) Error() string { return fmt.Sprintf("element %d failed", e.i) }

// FuzzPoolMapOrder runs MapLimit with task durations the fuzzer picks (in
// fake time) and checks that the results come back in input order, or that
// the one element made to fail is the error returned.
func FuzzPoolMapOrder(f *testing.F) {
	f.Fuzz(func(t *testing.T, size, limit uint8, delays []byte, failAt uint8) {
		if len(delays) > 200 {
			delays = delays[:200]
		}
		synctest.Test(t, func(t *testing.T) {
			fx := newFixture(1 + int(size)%8)
			defer fx.stop(t)
			in := indexes(len(delays))
			got, err := pool.MapLimit(context.Background(), fx.p, 1+int(limit)%10, in, func(_ *worker, i int) (string, error) {
				time.Sleep(time.Duration(delays[i]) * time.Millisecond)
				if i == int(failAt) {
					return "", elementError{i}
				}
				return fmt.Sprint("r", i), nil
			})
			if int(failAt) < len(in) {
				var ee elementError
				require.True(t, errors.As(err, &ee), "err = %v", err)
				require.Equal(t, int(failAt), ee.i)
				require.Nil(t, got)
				return
			}
			require.NoError(t, err)
			require.Len(t, got, len(in))
			for i, v := range got {
				require.Equal(t, fmt.Sprint("r", i), v)
			}
		})
	})
}
