package actor_test

import (
	"context"
	"fmt"
	"time"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/registry"
)

type requestIDKey struct{}

// Journal keeps entries; it serves only calls.
type Journal struct {
	actor.NoMessages
	entries []string
}

// CallWait runs a function on the actor and waits for it with ctx; the
// function's Context carries ctx's deadline and values, and a call still
// queued when ctx ends is withdrawn, never run.
func ExampleCallWait() {
	r := actor.Start(&Journal{}, actor.WithRegistry(registry.New()))
	defer r.Stop(context.Background())

	ctx, cancel := context.WithTimeout(context.WithValue(context.Background(), requestIDKey{}, "req-7"), time.Minute)
	defer cancel()
	n, err := actor.CallWait(ctx, r, func(ctx *actor.Context, l *Journal) (int, error) {
		_, hasDeadline := ctx.Deadline()
		l.entries = append(l.entries, fmt.Sprint(ctx.Value(requestIDKey{}), " deadline:", hasDeadline))
		return len(l.entries), nil
	})
	fmt.Println(n, err)
	entries, _ := actor.Call(r, func(l *Journal) ([]string, error) { return l.entries, nil }).Get(ctx)
	fmt.Println(entries)
	// Output:
	// 1 <nil>
	// [req-7 deadline:true]
}
