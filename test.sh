#!/usr/bin/env bash
# The project's test command, the one CI runs: formatting, vet and the
# race-enabled tests of the main module, then the otel module's vet and
# race-enabled tests and the benchmarks module's vet and one pass of each
# benchmark (so it builds and runs), each when that module exists, then every
# module under remote/, each with vet and race-enabled tests.
set -euo pipefail
cd "$(dirname "$0")"

# Each module builds and tests against its own go.mod, as its users get it:
# the root go.work only lets interactive commands (go run ./remote/examples/bank)
# see every module, and must not change what a module's tests link.
export GOWORK=off

echo "== gofmt"
listed=$(gofmt -l .)
unformatted=$(grep -v '^benchmarks/vendor/' <<<"$listed" || true)
if [ -n "$unformatted" ]; then
	printf 'gofmt would change these files:\n%s\n' "$unformatted" >&2
	exit 1
fi

# vet with -race builds the dependencies as the race-enabled tests do, so
# they are compiled once, not twice, on a cold cache (every module below too).
echo "== go vet -race ./..."
go vet -race ./...

echo "== go test -race -count=1 ./..."
go test -race -count=1 ./...

echo "== fuzz: a bounded count of runs per target, beyond the committed seed corpus (a count, not a time: a time budget can end in a spurious 'context deadline exceeded')"
go test -run '^$' -fuzz '^FuzzConsistentHash$' -fuzztime 2000x ./router/
go test -run '^$' -fuzz '^FuzzPoolMapOrder$' -fuzztime 2000x ./pool/

if [ -f otel/go.mod ]; then
	echo "== otel module (OpenTelemetry adapter): go vet -race, go test -race"
	(cd otel && go vet -race ./... && go test -race -count=1 ./...)
fi

if [ -f benchmarks/go.mod ]; then
	# Race on here too, which also builds the embedded NATS server the way
	# the remote modules below need it. protoactor-go's remote skips itself
	# under -race (its own data race; see remote_protoactor_test.go).
	echo "== benchmarks: go vet -race, one pass of each benchmark, race on"
	(cd benchmarks && go vet -race ./... && go test -race -run '^$' -bench . -benchtime=1x ./...)
fi

# remote: NATS stays out of the main module, and the embedded server out of
# remote's own go.mod (only its nested test and example modules need it).
if [ -f remote/go.mod ]; then
	echo "== remote: the server stays out of remote's go.mod and the main module's"
	if grep -l 'nats-io' go.mod go.sum || grep -l 'nats-server' remote/go.mod remote/go.sum; then
		echo "a NATS dependency leaked into a module that must not have it (files above)" >&2
		exit 1
	fi
	for m in remote remote/remotetest remote/examples; do
		if [ -f "$m/go.mod" ]; then
			echo "== $m: go vet -race ./..., go test -race -count=1 ./..."
			(cd "$m" && go vet -race ./... && go test -race -count=1 ./...)
		fi
	done
	echo "== fuzz remote's request, frame and reply-batch decoders: a bounded count of runs each"
	(cd remote && go test -run '^$' -fuzz '^FuzzDecodeRequest$' -fuzztime 2000x .)
	(cd remote && go test -run '^$' -fuzz '^FuzzReadFrame$' -fuzztime 2000x .)
	(cd remote && go test -run '^$' -fuzz '^FuzzItemReader$' -fuzztime 2000x .)
	(cd remote && go test -run '^$' -fuzz '^FuzzReadBatch$' -fuzztime 2000x .)
fi
