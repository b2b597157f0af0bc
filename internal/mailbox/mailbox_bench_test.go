package mailbox

import (
	"sync"
	"testing"
)

// The queue against a buffered channel of 1024, the hand-written mailbox:
// senders send b.N messages in all, one consumer takes them.

func BenchmarkQueue(b *testing.B) {
	for _, senders := range []int{1, 4} {
		b.Run(map[int]string{1: "1to1", 4: "4to1"}[senders], func(b *testing.B) {
			b.Run("channel", func(b *testing.B) {
				b.ReportAllocs()
				ch := make(chan msg, 1024)
				done := make(chan struct{})
				go func() {
					for range b.N {
						<-ch
					}
					close(done)
				}()
				flood(b, senders, func(m msg) { ch <- m })
				<-done
			})
			b.Run("queue", func(b *testing.B) {
				b.ReportAllocs()
				var o owner
				done := make(chan struct{})
				go func() {
					for p := range uint64(b.N) {
						o.take(p)
					}
					close(done)
				}()
				flood(b, senders, func(m msg) { o.send(m) })
				<-done
			})
		})
	}
}

// flood has senders goroutines send b.N messages in all with send.
func flood(b *testing.B, senders int, send func(msg)) {
	var wg sync.WaitGroup
	for s := range senders {
		wg.Go(func() {
			for i := s; i < b.N; i += senders {
				send(msg{sender: s, n: i})
			}
		})
	}
	wg.Wait()
}
