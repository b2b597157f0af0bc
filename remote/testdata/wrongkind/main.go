// Command wrongkind must not compile: each line marked ERROR uses a kind
// where the contract or the kind's shape does not fit.
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
)

func main() {
	ctx := context.Background()
	var n *remote.Node
	shop := remote.Lookup[Shop](n, "shop")
	bank := remote.Lookup[Bank](n, "bank")
	_, _ = remote.Ask(ctx, shop, Deposit, 1)                        // ERROR a Bank kind on a Shop ref
	_ = remote.Tell(bank, Deposit, 1)                               // ERROR an ask kind told
	_, _ = remote.Ask(ctx, bank, Audit, "x")                        // ERROR a tell kind asked
	_, _ = remote.Ask(ctx, bank, Deposit, "x")                      // ERROR the wrong request type
	remote.HandleFunc(remote.Expose[Shop](n, "shop"), Deposit, nil) // ERROR a Bank kind served as a Shop
}
