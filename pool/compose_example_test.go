package pool_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/pool"
	"github.com/troupe-go/troupe/router"
)

// Crawler fetches pages, keeping each host's pages on one worker (its
// politeness state per host lives there).
type Crawler struct{ pages map[string][]string }

// Page is a crawler's message: a path on a host.
type Page struct{ Host, Path string }

func (c *Crawler) Receive(_ *actor.Context, p Page) error {
	if c.pages == nil {
		c.pages = map[string][]string{}
	}
	c.pages[p.Host] = append(c.pages[p.Host], p.Path)
	return nil
}

// A pool's workers behind a consistent-hash router: each host's pages go to
// the worker that owns the host. The workers restart in place if a page
// fails them (WithPolicy(Restart) needs the factory the pool holds).
func ExamplePool_Workers() {
	p := pool.New(3, func() *Crawler { return &Crawler{} }, actor.WithPolicy(actor.Restart))
	defer p.Stop(context.Background())
	byHost := router.NewConsistentHash(func(pg Page) string { return pg.Host }, p.Workers()...)

	for _, pg := range []Page{
		{"go.dev", "/doc"}, {"example.com", "/"}, {"go.dev", "/blog"}, {"go.dev", "/play"},
	} {
		_ = byHost.Tell(pg)
	}
	for _, host := range []string{"go.dev", "example.com"} {
		paths, _ := router.CallKey(byHost, host, func(c *Crawler) ([]string, error) {
			return c.pages[host], nil
		}).Get(context.Background())
		fmt.Println(host, strings.Join(paths, " "))
	}
	// Output:
	// go.dev /doc /blog /play
	// example.com /
}

// New starts the workers, each with a state of its own from the factory;
// the options apply to every worker.
func ExampleNew() {
	made := 0
	p := pool.New(3, func() *Shouter { made++; return new(Shouter) }, actor.WithName("shouter"))
	defer p.Stop(context.Background())

	names := []string{}
	for _, w := range p.Workers() {
		names = append(names, w.Name())
	}
	fmt.Println(p.Size(), made, names)
	// Output: 3 3 [shouter shouter shouter]
}
