// Command rightkind is the control for wrongkind: the same calls, each
// with the kind that fits, compile.
package main

import (
	"context"

	"github.com/troupe-go/troupe/remote"
)

type (
	Bank struct{}
	Shop struct{}
)

var (
	Deposit = remote.NewAsk[Bank, int, int]("Deposit")
	Audit   = remote.NewTell[Bank, string]("Audit")
	Buy     = remote.NewAsk[Shop, int, int]("Buy")
)

func main() {
	ctx := context.Background()
	var n *remote.Node
	shop := remote.Lookup[Shop](n, "shop")
	bank := remote.Lookup[Bank](n, "bank")
	_, _ = remote.Ask(ctx, shop, Buy, 1)
	_ = remote.Tell(bank, Audit, "x")
	_, _ = remote.Ask(ctx, bank, Deposit, 1)
	_ = remote.TellAck(ctx, bank, Audit, "x")
	remote.HandleFunc(remote.Expose[Bank](n, "bank"), Deposit, nil)
}
