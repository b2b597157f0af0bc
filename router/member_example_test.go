package router_test

import (
	"fmt"

	"github.com/google/uuid"

	"github.com/troupe-go/troupe/router"
)

// Replica stands for a handle that is not an *actor.Ref, such as a
// *remote.Ref: something to send to, which knows whether its target is up
// and has an identity that is the same in every process.
type Replica struct {
	Name string
	Up   bool
}

func (r *Replica) IsAlive() bool { return r.Up }

// UUID derives the identity from the name alone, as a remote handle's is.
func (r *Replica) UUID() uuid.UUID { return uuid.NewSHA1(uuid.NameSpaceURL, []byte("replica/"+r.Name)) }

// The generic routers pick; the caller sends to the member they return.
func ExampleRoundRobinOf() {
	a, b, c := &Replica{"a", true}, &Replica{"b", true}, &Replica{"c", true}
	rr := router.NewRoundRobinOf(a, b, c)
	fmt.Println(rr.Next().Name, rr.Next().Name, rr.Next().Name, rr.Next().Name)

	b.Up = false // skipped while down: a and c take its turns
	fmt.Println(rr.Next().Name, rr.Next().Name, rr.Next().Name, rr.Next().Name)

	a.Up, c.Up = false, false
	fmt.Println(rr.Next() == nil) // none alive: the zero member
	// Output:
	// a b c a
	// c a c a
	// true
}

// Members with the same UUIDs give the same ring, so a key goes to the same
// member from every process, whatever order each lists them in.
func ExampleConsistentHashOf() {
	here := router.NewConsistentHashOf(&Replica{"a", true}, &Replica{"b", true}, &Replica{"c", true})
	there := router.NewConsistentHashOf(&Replica{"c", true}, &Replica{"a", true}, &Replica{"b", true})
	for _, key := range []string{"ann", "ben", "cat", "eve"} {
		fmt.Println(key, here.NextKey(key).Name, there.NextKey(key).Name)
	}
	// Output:
	// ann b b
	// ben c c
	// cat b b
	// eve a a
}
