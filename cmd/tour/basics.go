package main

// The seed's first nine scenarios: one actor, talked to in each of the ways
// Pykka offers. The actors print to the tour's writer, so the test can read
// what they said.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"time"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/future"
	"github.com/troupe-go/troupe/registry"
)

// greet is the message of the first scenarios, Pykka's {'name': 'World'}.
type greet struct{ name string }

// greeter prints a greeting for each greet; greeting is its constructor
// argument.
type greeter struct {
	out      io.Writer
	greeting string
}

func (g *greeter) Receive(_ *actor.Context, m greet) error {
	fmt.Fprintf(g.out, "   actor says: %s, %s!\n", g.greeting, m.name)
	return nil
}

// Greeting prints, for the proxy call without a result.
func (g *greeter) Greeting() (struct{}, error) {
	fmt.Fprintln(g.out, "   actor says: Hello, World!")
	return struct{}{}, nil
}

// Hello returns, for the proxy call with a result.
func (g *greeter) Hello() (string, error) { return g.greeting + ", World!", nil }

func hello(w io.Writer) error {
	reg := registry.New()
	ref := actor.Start(&greeter{out: w, greeting: "Hello"}, actor.WithRegistry(reg))
	if err := ref.Tell(greet{"World"}); err != nil {
		return err
	}
	fmt.Fprintln(w, "   Tell returned at once; Stop waits for the queued message:")
	return ref.Stop(context.Background())
}

func constructorArguments(w io.Writer) error {
	reg := registry.New()
	ref := actor.Start(&greeter{out: w, greeting: "Hajimemashite"}, actor.WithRegistry(reg))
	fmt.Fprintln(w, `   actor.Start(&greeter{greeting: "Hajimemashite"}): the state is the constructor`)
	if err := ref.Tell(greet{"Sekai"}); err != nil {
		return err
	}
	return ref.Stop(context.Background())
}

// helloAsk asks for a greeting; the message carries its typed reply.
type helloAsk struct {
	name  string
	reply *future.Promise[string]
}

// responder answers each helloAsk; with fail set it fails them instead.
type responder struct{ fail bool }

func (r responder) Receive(_ *actor.Context, m helloAsk) error {
	if r.fail {
		return errors.New("Oops!")
	}
	m.reply.Resolve("Hello, " + m.name + "!")
	return nil
}

func askHello(name string) func(*future.Promise[string]) helloAsk {
	return func(p *future.Promise[string]) helloAsk { return helloAsk{name, p} }
}

func ask(w io.Writer) error {
	reg := registry.New()
	ref := actor.Start(responder{}, actor.WithRegistry(reg))
	ctx := context.Background()
	say := func(how, answer string, err error) error {
		fmt.Fprintf(w, "   %-40s -> %s\n", how, answer)
		return err
	}

	answer, err := actor.Ask(ctx, ref, askHello("World"))
	if err := say("actor.Ask(ctx, ...)", answer, err); err != nil {
		return err
	}
	timeout, cancel := context.WithTimeout(ctx, time.Second)
	answer, err = actor.Ask(timeout, ref, askHello("Timeout"))
	cancel()
	if err := say("actor.Ask(ctx with a 1s timeout, ...)", answer, err); err != nil {
		return err
	}
	f := actor.AskAsync(ref, askHello("Future"))
	fmt.Fprintf(w, "   actor.AskAsync returned a %T\n", f)
	answer, err = f.Get(ctx)
	if err := say("future.Get(ctx)", answer, err); err != nil {
		return err
	}
	answer, err = actor.AskAsync(ref, askHello("Future-Timeout")).GetTimeout(time.Second)
	if err := say("future.GetTimeout(time.Second)", answer, err); err != nil {
		return err
	}
	return ref.Stop(ctx)
}

func askError(w io.Writer) error {
	reg := registry.New()
	ref := actor.Start(responder{fail: true}, actor.WithRegistry(reg))
	_, err := actor.Ask(context.Background(), ref, askHello("World"))
	if err == nil {
		return errors.New("the handler's error did not reach the asker")
	}
	fmt.Fprintf(w, "   the handler returned an error; Ask returned it: %v\n", err)
	fmt.Fprintf(w, "   and the actor goes on serving: IsAlive() = %v\n", ref.IsAlive())
	return ref.Stop(context.Background())
}

// counter counts the messages it handles, into a total shared by many.
type counter struct{ total *int64 }

func (c counter) Receive(*actor.Context, int) error {
	*c.total++ // one actor at a time per state; each counter has its own slot
	return nil
}

func stopAllAtExit(w io.Writer) error {
	const n = 1000
	reg := registry.New()
	before := runtime.NumGoroutine()
	totals := make([]int64, n)
	refs := make([]*actor.Ref[counter, int], n)
	for i := range refs {
		refs[i] = actor.Start(counter{&totals[i]}, actor.WithRegistry(reg))
	}
	fmt.Fprintf(w, "   started %d actors; goroutines before: %d, after: %d (an idle actor holds none)\n",
		n, before, runtime.NumGoroutine())
	for _, ref := range refs {
		for m := range 10 {
			if err := ref.Tell(m); err != nil {
				return err
			}
		}
	}
	fmt.Fprintf(w, "   told each 10 messages; returning from main now would drop whatever is still queued\n")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	start := time.Now()
	if err := reg.StopAll(ctx); err != nil {
		return err
	}
	var handled int64
	for _, t := range totals {
		handled += t
	}
	fmt.Fprintf(w, "   registry.StopAll(ctx) took %v: %d messages handled, %d actors left\n",
		time.Since(start).Round(time.Microsecond), handled, reg.Len())
	if handled != 10*n {
		return fmt.Errorf("handled %d messages, want %d", handled, 10*n)
	}
	return nil
}

func proxyCall(w io.Writer) error {
	reg := registry.New()
	ref := actor.Start(&greeter{out: w, greeting: "Hello"}, actor.WithRegistry(reg))
	fmt.Fprintln(w, "   actor.Call(ref, (*greeter).Greeting) runs the method on the actor's goroutine:")
	if _, err := actor.Call(ref, (*greeter).Greeting).Get(context.Background()); err != nil {
		return err
	}
	return ref.Stop(context.Background())
}

func proxyCallResult(w io.Writer) error {
	reg := registry.New()
	ref := actor.Start(&greeter{out: w, greeting: "Hello"}, actor.WithRegistry(reg))
	f := actor.Call(ref, (*greeter).Hello)
	answer, err := f.Get(context.Background())
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "   actor.Call(ref, (*greeter).Hello) is a %T; Get -> %q\n", f, answer)
	return ref.Stop(context.Background())
}

// nonActor is a plain object an actor holds.
type nonActor struct{}

func (nonActor) Greeting() string { return "Hello, World!" }

// holder has attributes: a string and a plain object.
type holder struct {
	actor.NoMessages
	message string
	inner   nonActor
}

func attributeRead(w io.Writer) error {
	reg := registry.New()
	ref := actor.Start(&holder{message: "Hello, World!"}, actor.WithRegistry(reg))
	answer, err := actor.Call(ref, func(h *holder) (string, error) { return h.message, nil }).Get(context.Background())
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "   a closure read the field on the actor's goroutine: %q\n", answer)
	return ref.Stop(context.Background())
}

func nestedObject(w io.Writer) error {
	reg := registry.New()
	ref := actor.Start(&holder{}, actor.WithRegistry(reg))
	answer, err := actor.Call(ref, func(h *holder) (string, error) { return h.inner.Greeting(), nil }).Get(context.Background())
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "   h.inner.Greeting() ran on the actor, no pykka_traversable flag: %q\n", answer)
	return ref.Stop(context.Background())
}
