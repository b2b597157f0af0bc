package actor_test

import (
	"context"
	"testing"

	"github.com/troupe-go/troupe/actor"
)

// BenchmarkAskContext is what carrying the caller's ctx to the handler
// costs an Ask to a busy-free actor: nothing for context.Background (the
// baseline); storing the ctx for one that can end or has values; and, when
// the handler asks its Context whether it is done, making it cancellable.
func BenchmarkAskContext(b *testing.B) {
	cancelable, cancel := context.WithCancel(context.Background())
	defer cancel()
	valued := context.WithValue(context.Background(), traceKey{}, "t")
	plain := start(&script{})
	defer plain.Stop(context.Background())
	looks := start(&script{receive: func(ctx *actor.Context, m msg) error {
		select {
		case <-ctx.Done():
		default:
		}
		m.reply.Resolve(m.n)
		return nil
	}})
	defer looks.Stop(context.Background())
	for _, bc := range []struct {
		name string
		ctx  context.Context
		r    *actor.Ref[*script, msg]
	}{
		{"Background", context.Background(), plain},
		{"WithValue", valued, plain},
		{"WithCancel", cancelable, plain},
		{"WithCancel/HandlerReadsDone", cancelable, looks},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := actor.Ask(bc.ctx, bc.r, askN(1)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
