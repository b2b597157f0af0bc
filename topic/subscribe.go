package topic

import (
	"context"
	"fmt"
	"reflect"

	"github.com/troupe-go/troupe/actor"
)

// Subscribe makes ref receive, as messages of its type M, the values
// published on t that are of type M: every value when T is M or implements
// it, the values of type M when T is an interface that M implements, and
// those that implement M when both are interfaces. The subscription ends
// when ref stops or when cancel is called; cancel may be called any number
// of times.
//
// Subscribe panics if t or ref is nil, if t was closed, or if no value of T can
// ever be an M (a type mistake Go cannot catch at compile time here).
func Subscribe[T any, S actor.Receiver[M], M any](t *Topic[T], ref *actor.Ref[S, M]) (cancel func()) {
	if t == nil {
		panic("topic: Subscribe on a nil *Topic")
	}
	if ref == nil {
		panic("topic: Subscribe with a nil ref")
	}
	if tt, mt := reflect.TypeFor[T](), reflect.TypeFor[M](); !canHold(tt, mt) {
		panic(fmt.Sprintf("topic: Subscribe: %s takes %v, which no value of a Topic[%v] can be", ref.Name(), mt, tt))
	}
	s := &subscriber[T]{
		tell: func(ctx context.Context, v T) (bool, error) {
			m, ok := any(v).(M)
			if !ok {
				return false, nil
			}
			return true, ref.TellContext(ctx, m)
		},
		done:  ref.Done(),
		leave: make(chan struct{}),
	}
	t.add(s)
	return s.cancel
}

// canHold reports whether a value of type t can be of type m.
func canHold(t, m reflect.Type) bool {
	switch {
	case m.Kind() == reflect.Interface && t.Kind() == reflect.Interface:
		return true // a value of some type may implement both
	case m.Kind() == reflect.Interface:
		return t.Implements(m)
	case t.Kind() == reflect.Interface:
		return m.Implements(t)
	}
	return t == m
}
