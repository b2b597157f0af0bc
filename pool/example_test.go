package pool_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/pool"
)

// Shouter is a worker with state of its own: how many words it shouted.
type Shouter struct {
	actor.NoMessages
	shouted int
}

func (s *Shouter) Shout(word string) (string, error) {
	s.shouted++
	return strings.ToUpper(word) + "!", nil
}

// Map hands the words to free workers and returns the results in input
// order, though "go" finishes first.
func ExampleMap() {
	p := pool.New(4, func() *Shouter { return new(Shouter) })
	defer p.Stop(context.Background())

	words := []string{"ready", "steady", "go"}
	out, err := pool.Map(context.Background(), p, words, func(s *Shouter, w string) (string, error) {
		time.Sleep(time.Duration(len(w)) * time.Millisecond) // longer words take longer
		return s.Shout(w)
	})
	fmt.Println(out, err)
	// Output: [READY! STEADY! GO!] <nil>
}

// Map returns at the first error; elements not yet handed out never run.
func ExampleMap_firstError() {
	p := pool.New(1, func() *Shouter { return new(Shouter) })
	defer p.Stop(context.Background())

	ran := 0 // one worker: the tasks run one after another
	_, err := pool.Map(context.Background(), p, []string{"a", "", "c", "d"}, func(s *Shouter, w string) (string, error) {
		ran++
		if w == "" {
			return "", errors.New("nothing to shout")
		}
		return s.Shout(w)
	})
	fmt.Println(err, "after", ran, "tasks")
	// Output: nothing to shout after 2 tasks
}

// Call runs one function on a free worker and returns a typed future.
func ExampleCall() {
	p := pool.New(2, func() *Shouter { return new(Shouter) })
	defer p.Stop(context.Background())

	f := pool.Call(p, func(s *Shouter) (string, error) { return s.Shout("hello") })
	fmt.Println(f.Get(context.Background()))
	// Output: HELLO! <nil>
}

// MapLimit bounds how many elements of a large batch are in the pool at a
// time, here 2 on a pool of 8.
func ExampleMapLimit() {
	p := pool.New(8, func() *Shouter { return new(Shouter) })
	defer p.Stop(context.Background())

	words := strings.Fields("the quick brown fox jumps over the lazy dog")
	out, err := pool.MapLimit(context.Background(), p, 2, words, (*Shouter).Shout)
	fmt.Println(strings.Join(out, " "), err)
	// Output: THE! QUICK! BROWN! FOX! JUMPS! OVER! THE! LAZY! DOG! <nil>
}
