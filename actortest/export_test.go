package actortest

import "time"

// SetSettleBound shortens how long cleanup waits for goroutines to exit, so
// that the test of a leak does not wait the full bound; it returns a func
// that puts it back.
func SetSettleBound(d time.Duration) (restore func()) {
	old := settleWithin
	settleWithin = d
	return func() { settleWithin = old }
}
