package future_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/troupe-go/troupe/future"
)

// A promise is completed by one goroutine; Get blocks the reader until then.
func ExampleFuture_Get() {
	p := future.NewPromise[string]()
	go p.Resolve("hello from another goroutine")

	v, err := p.Future().Get(context.Background())
	fmt.Println(v, err)
	// Output: hello from another goroutine <nil>
}

// GetTimeout gives up after a duration; the future itself still completes.
func ExampleFuture_GetTimeout() {
	p := future.NewPromise[int]()

	_, err := p.Future().GetTimeout(time.Millisecond)
	fmt.Println(errors.Is(err, future.ErrTimeout))

	p.Resolve(42)
	v, err := p.Future().GetTimeout(time.Millisecond)
	fmt.Println(v, err)
	// Output:
	// true
	// 42 <nil>
}

// Peek reads a future without blocking.
func ExampleFuture_Peek() {
	p := future.NewPromise[int]()
	_, err := p.Future().Peek()
	fmt.Println(err)

	p.Resolve(7)
	fmt.Println(p.Future().Peek())
	// Output:
	// future: not complete
	// 7 <nil>
}

// Done makes a future one case of a select.
func ExampleFuture_Done() {
	p := future.NewPromise[string]()
	go p.Resolve("ready")

	select {
	case <-p.Future().Done():
		fmt.Println(p.Future().Peek())
	case <-time.After(time.Minute):
		fmt.Println("too slow")
	}
	// Output: ready <nil>
}

// GetAll returns values in argument order, whatever order they complete in:
// here the last future completes first.
func ExampleGetAll() {
	words := []string{"futures", "keep", "their", "order"}
	ps := make([]*future.Promise[string], len(words))
	fs := make([]*future.Future[string], len(words))
	for i := range ps {
		ps[i] = future.NewPromise[string]()
		fs[i] = ps[i].Future()
	}
	go func() {
		for i := len(ps) - 1; i >= 0; i-- {
			ps[i].Resolve(words[i])
		}
	}()

	vs, err := future.GetAll(context.Background(), fs...)
	fmt.Println(strings.Join(vs, " "), err)
	// Output: futures keep their order <nil>
}

// GetAll stops at the first error, without waiting for the futures still
// pending.
func ExampleGetAll_firstError() {
	never := future.NewPromise[int]().Future()
	_, err := future.GetAll(context.Background(), future.Resolved(1), future.Failed[int](errors.New("disk full")), never)
	fmt.Println(err)
	// Output: disk full
}

// Map transforms a value when it arrives, without a goroutine.
func ExampleMap() {
	p := future.NewPromise[int]()
	squared := future.Map(p.Future(), func(v int) (int, error) { return v * v, nil })
	label := future.Map(squared, func(v int) (string, error) { return fmt.Sprintf("area %d", v), nil })

	p.Resolve(9)
	fmt.Println(label.Get(context.Background()))
	// Output: area 81 <nil>
}

// Then chains a step that itself returns a future; the result is flat, a
// *Future[string] rather than a future of a future.
func ExampleThen() {
	lookupID := func(name string) *future.Future[int] { return future.Resolved(len(name)) }
	fetchUser := func(id int) *future.Future[string] { return future.Resolved(fmt.Sprintf("user #%d", id)) }

	var user *future.Future[string] = future.Then(lookupID("ada"), fetchUser)
	fmt.Println(user.Get(context.Background()))
	// Output: user #3 <nil>
}

// A panic in a callback fails the future with a *PanicError; nobody hangs.
func ExampleMap_panic() {
	f := future.Map(future.Resolved(0), func(v int) (int, error) { return 10 / v, nil })

	_, err := f.Get(context.Background())
	var pe *future.PanicError
	fmt.Println(errors.As(err, &pe))
	fmt.Println(err)
	// Output:
	// true
	// panic: runtime error: integer divide by zero
}

// Join turns futures into one future of all their values, in order.
func ExampleJoin() {
	a, b := future.NewPromise[string](), future.NewPromise[string]()
	both := future.Join(a.Future(), b.Future())
	b.Resolve("world")
	a.Resolve("hello")
	fmt.Println(both.Get(context.Background()))
	// Output: [hello world] <nil>
}

// Reduce folds a future slice in order, as Pykka's Future.reduce.
func ExampleReduce() {
	prices := future.Resolved([]int{3, 4, 5})
	total := future.Reduce(prices, 100, func(acc, p int) (int, error) { return acc + p, nil })
	fmt.Println(total.Get(context.Background()))
	// Output: 112 <nil>
}

// Filter keeps the matching elements of a future slice, in order.
func ExampleFilter() {
	nums := future.Resolved([]int{1, 2, 3, 4, 5, 6})
	even := future.Filter(nums, func(n int) bool { return n%2 == 0 })
	fmt.Println(even.Get(context.Background()))
	// Output: [2 4 6] <nil>
}

// OnComplete callbacks run in registration order, on the goroutine that
// completes the future.
func ExampleFuture_OnComplete() {
	p := future.NewPromise[string]()
	p.Future().OnComplete(func(v string, err error) { fmt.Println("first:", v) })
	p.Future().OnComplete(func(v string, err error) { fmt.Println("second:", v) })
	p.Resolve("done")
	// Output:
	// first: done
	// second: done
}
