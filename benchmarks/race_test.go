//go:build race

package benchmarks

// raceEnabled is true in a -race build, where CI runs each benchmark once.
const raceEnabled = true
