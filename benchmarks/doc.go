// Package benchmarks compares troupe with a hand-written goroutine and buffered
// channel (the baseline) and with github.com/asynkron/protoactor-go, on the
// workloads of the performance issue.
//
// It is a separate module, so the peers it requires never enter troupe's own
// go.mod, and it holds only benchmarks: bench_test.go has one Benchmark per
// workload with one sub-benchmark per library (baseline first), and each
// library has its own adapter file. See README.md for the workloads and for
// ratios.sh, which prints the ratio table.
package benchmarks
