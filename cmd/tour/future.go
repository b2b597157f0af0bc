package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/troupe-go/troupe/future"
)

func futureGet(w io.Writer) error {
	p := future.NewPromise[string]()
	go func() {
		time.Sleep(20 * time.Millisecond) // some slow work
		p.Resolve("the answer is 42")
	}()
	fmt.Fprintln(w, "   a goroutine works for 20ms, then resolves the promise; Get blocks until then")
	v, err := p.Future().Get(context.Background())
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "   Get -> %q\n", v)
	return nil
}

func futureGetTimeout(w io.Writer) error {
	p := future.NewPromise[int]()
	_, err := p.Future().GetTimeout(30 * time.Millisecond)
	if !errors.Is(err, future.ErrTimeout) {
		return fmt.Errorf("want ErrTimeout, got %v", err)
	}
	fmt.Fprintf(w, "   nobody resolved it: GetTimeout(30ms) -> %v\n", err)
	p.Resolve(7)
	v, err := p.Future().GetTimeout(30 * time.Millisecond)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "   resolved later: GetTimeout(30ms) -> %d\n", v)
	return nil
}

func futureGetAll(w io.Writer) error {
	names := []string{"ant", "bee", "cat", "dog", "eel"}
	ps := make([]*future.Promise[string], len(names))
	fs := make([]*future.Future[string], len(names))
	for i := range ps {
		ps[i] = future.NewPromise[string]()
		fs[i] = ps[i].Future()
	}
	order := rand.Perm(len(names))
	go func() {
		for _, i := range order {
			ps[i].Resolve(names[i])
		}
	}()
	vs, err := future.GetAll(context.Background(), fs...)
	if err != nil {
		return err
	}
	arrived := make([]string, len(order))
	for k, i := range order {
		arrived[k] = names[i]
	}
	fmt.Fprintf(w, "   completed in the order %s\n", strings.Join(arrived, " "))
	fmt.Fprintf(w, "   GetAll returned        %s\n", strings.Join(vs, " "))
	if !slices.Equal(vs, names) {
		return fmt.Errorf("GetAll returned %v, want %v", vs, names)
	}
	return nil
}

func futureMap(w io.Writer) error {
	p := future.NewPromise[int]()
	squared := future.Map(p.Future(), func(v int) (int, error) { return v * v, nil })
	label := future.Map(squared, func(v int) (string, error) { return fmt.Sprintf("area %d m²", v), nil })
	fmt.Fprintln(w, "   two Map steps registered on a pending future; now resolve it with 9")
	p.Resolve(9)
	v, err := label.Peek()
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "   already there, no goroutine involved: %q\n", v)
	return nil
}

func futureThen(w io.Writer) error {
	lookupID := func(name string) *future.Future[int] { return future.Resolved(len(name) * 100) }
	fetchUser := func(id int) *future.Future[string] {
		p := future.NewPromise[string]()
		go p.Resolve(fmt.Sprintf("user #%d", id))
		return p.Future()
	}
	user := future.Then(lookupID("ada"), fetchUser)
	fmt.Fprintf(w, "   Then(lookupID, fetchUser) has type %T\n", user)
	v, err := user.Get(context.Background())
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "   Get -> %q\n", v)
	return nil
}

func futurePanic(w io.Writer) error {
	f := future.Map(future.Resolved(0), func(v int) (int, error) { return 100 / v, nil })
	_, err := f.Get(context.Background())
	var pe *future.PanicError
	if !errors.As(err, &pe) {
		return fmt.Errorf("want a *future.PanicError, got %v", err)
	}
	fmt.Fprintf(w, "   Map(100 / 0) failed the future instead of the process: %v\n", err)
	fmt.Fprintf(w, "   the error keeps the stack; it points at the callback: %s\n", panicSite(pe.Stack))
	return nil
}

// panicSite returns the first frame of this package in a stack, with its
// file and line.
func panicSite(stack []byte) string {
	lines := strings.Split(string(stack), "\n")
	pkg := thisPackage()
	for i, l := range lines {
		if strings.HasPrefix(l, pkg) && i+1 < len(lines) {
			return l + " at " + strings.TrimSpace(lines[i+1])
		}
	}
	return "(no frame of this package)"
}

// thisPackage returns how stacks name this package's functions: "main." in
// the command, but the import path in its test binary.
func thisPackage() string {
	pc, _, _, _ := runtime.Caller(0)
	return strings.TrimSuffix(runtime.FuncForPC(pc).Name(), "thisPackage")
}
