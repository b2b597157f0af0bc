package remotetest_test

import (
	"testing"
	"time"

	"github.com/troupe-go/troupe/remote/remotetest"
)

func TestServer(t *testing.T) {
	s := remotetest.Start(t)
	nc := s.Connect(t)
	sub, err := nc.SubscribeSync("ping")
	if err != nil {
		t.Fatal(err)
	}
	if err := nc.Publish("ping", []byte("x")); err != nil {
		t.Fatal(err)
	}
	if _, err := sub.NextMsg(5 * time.Second); err != nil {
		t.Fatal(err)
	}
}
