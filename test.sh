#!/usr/bin/env bash
# The project's test command, the one CI runs: formatting, vet and the
# race-enabled tests of the main module, then the otel module's vet and
# race-enabled tests, and the benchmarks module's vet and one pass of each
# benchmark (so it builds and runs), each when that module exists.
set -euo pipefail
cd "$(dirname "$0")"

echo "== gofmt"
listed=$(gofmt -l .)
unformatted=$(grep -v '^benchmarks/vendor/' <<<"$listed" || true)
if [ -n "$unformatted" ]; then
	printf 'gofmt would change these files:\n%s\n' "$unformatted" >&2
	exit 1
fi

echo "== go vet ./..."
go vet ./...

echo "== go test -race -count=1 ./..."
go test -race -count=1 ./...

echo "== fuzz: a bounded count of runs per target, beyond the committed seed corpus (a count, not a time: a time budget can end in a spurious 'context deadline exceeded')"
go test -run '^$' -fuzz '^FuzzConsistentHash$' -fuzztime 2000x ./router/
go test -run '^$' -fuzz '^FuzzPoolMapOrder$' -fuzztime 2000x ./pool/

if [ -f otel/go.mod ]; then
	echo "== otel module (OpenTelemetry adapter): go vet, go test -race"
	(cd otel && go vet ./... && go test -race -count=1 ./...)
fi

if [ -f benchmarks/go.mod ]; then
	echo "== benchmarks: go vet, one pass of each benchmark"
	(cd benchmarks && go vet ./... && go test -run '^$' -bench . -benchtime=1x ./...)
fi
