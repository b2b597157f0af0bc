// Package contract is what both processes of the bank example share: the
// kinds of the Account contract, their request and reply types, and the
// error codes. Neither side sees the other's code.
package contract

import (
	"errors"

	"github.com/troupe-go/troupe/remote"
)

// Account names the contract: a *remote.Ref[Account] takes only its kinds.
type Account struct{}

// Amount is a sum of money in cents.
type Amount struct {
	Cents int `json:"cents"`
}

// Balance is an account's balance after a request.
type Balance struct {
	Cents int `json:"cents"`
}

// The kinds of the contract.
var (
	Deposit    = remote.NewAsk[Account, Amount, Balance]("Deposit")
	Withdraw   = remote.NewAsk[Account, Amount, Balance]("Withdraw")
	GetBalance = remote.NewAsk[Account, struct{}, Balance]("Balance")
	Audit      = remote.NewTell[Account, string]("Audit")
)

// ErrInsufficient is refused withdrawal; it crosses the wire as
// "bank.insufficient" and matches with errors.Is on the asking side.
var ErrInsufficient = errors.New("bank: insufficient funds")

func init() { remote.RegisterError("bank.insufficient", ErrInsufficient) }
