// Command tour walks through troupe live: the seed article's fourteen Pykka
// scenarios (the root package's Examples), then an appendix on futures. Each
// scenario runs for real and prints what happened and how long it took; the
// parallel, pool and router scenarios sleep for real, so their timings show
// the concurrency.
//
//	go run ./cmd/tour           # every scenario, in order
//	go run ./cmd/tour -only 3   # just the third
//
// Scenarios are rows of a table.
package main
