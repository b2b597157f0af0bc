package actor_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/registry"
)

// Crawler fetches pages; a fetch watches its Context, as any I/O with a
// ctx does.
type Crawler struct{ started chan struct{} }

// Receive fetches url, which here never answers: it waits for its Context.
func (c *Crawler) Receive(ctx *actor.Context, url string) error {
	close(c.started)
	<-ctx.Done()
	fmt.Println("fetch of", url, "ended:", context.Cause(ctx))
	return nil
}

// StopNow ends the running handler through its Context and leaves the
// queue unhandled: each Tell still queued goes to the dead-letter function,
// and the error says how many there were.
func ExampleRef_StopNow() {
	var dead []any
	c := &Crawler{started: make(chan struct{})}
	r := actor.Start(c, actor.WithRegistry(registry.New()), actor.WithName("crawler"),
		actor.WithDeadLetters(func(d actor.DeadLetter) { dead = append(dead, d.Message) }))
	_ = r.Tell("https://a.example")
	<-c.started
	_ = r.Tell("https://b.example")
	_ = r.Tell("https://c.example")

	err := r.StopNow(context.Background())
	fmt.Println("stopped now:", errors.Is(err, actor.ErrStoppedNow))
	fmt.Println("dead letters:", dead)
	// Output:
	// fetch of https://a.example ended: actor: stopped now
	// stopped now: true
	// dead letters: [https://b.example https://c.example]
}
