#!/usr/bin/env bash
# hookcost.sh: instructions per Tell and Ask (valgrind's callgrind), with no
# observer, at a commit before the observer hooks and at HEAD, and with a
# no-op observer at HEAD. Counts do not depend on the machine's load, unlike
# times. See README.md#observer-hooks-issue-17.
#
#   ./hookcost.sh [before-commit] [runs]     # default fd9d234 (cabd802^1), 1 run
set -euo pipefail
before=${1:-fd9d234}
runs=${2:-1}
lo=20000 hi=220000
root=$(git rev-parse --show-toplevel)
tmp=$(mktemp -d)
old="$tmp/tree"
cleanup() { git -C "$root" worktree remove --force "$old" 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT

command -v valgrind >/dev/null || { echo "hookcost.sh: valgrind not found" >&2; exit 1; }
git -C "$root" worktree add --detach "$old" "$before" >/dev/null 2>&1
# The benchmarks use no API added with the hooks, so the old tree takes them.
cp "$root/actor/observe_bench_test.go" "$root/actor/handle_bench_test.go" "$old/actor/"
(cd "$old" && go test -c -o "$tmp/before.test" ./actor/)
(cd "$root" && go test -c -o "$tmp/after.test" ./actor/)

# count BIN BENCH N: the program's instructions. asyncpreemptoff: callgrind
# aborts on the runtime's preemption signal; one processor and no collector
# make the count repeatable from run to run.
count() {
	GODEBUG=asyncpreemptoff=1 GOMAXPROCS=1 GOGC=off valgrind --tool=callgrind \
		--callgrind-out-file=/dev/null "$1" -test.run '^$' -test.bench "$2" \
		-test.benchtime="${3}x" 2>&1 >/dev/null | awk '/Collected/ {print $NF}'
}

# perop BIN BENCH: instructions per op, the difference of two N removing setup.
perop() {
	local a b
	a=$(count "$1" "$2" $lo)
	b=$(count "$1" "$2" $hi)
	awk -v a="$a" -v b="$b" -v n=$((hi - lo)) 'BEGIN {printf "%.1f", (b - a) / n}'
}

printf '%-12s %10s %10s %8s %10s %8s\n' bench before after ratio nop nop/bef
for run in $(seq "$runs"); do
	for op in Tell Ask; do
		b=$(perop "$tmp/before.test" "^BenchmarkNoObserver\$/^$op\$")
		a=$(perop "$tmp/after.test" "^BenchmarkNoObserver\$/^$op\$")
		n=$(perop "$tmp/after.test" "^BenchmarkNopObserver\$/^$op\$")
		awk -v op="$op" -v b="$b" -v a="$a" -v n="$n" 'BEGIN {
			printf "%-12s %10.1f %10.1f %8.3f %10.1f %8.2f\n", op, b, a, a / b, n, n / b }'
	done
done
