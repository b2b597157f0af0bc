#!/usr/bin/env bash
# ratios.sh: run the benchmarks and print, as markdown, one table per workload
# (median over -count runs of every metric, and for ns/op the min–max spread)
# and a table of ratios computed from that same run: troupe/baseline,
# troupe/protoactor, protoactor/baseline, with troupe's max/min spread.
#
#   ./ratios.sh                          # -count 5 -benchtime 500ms, every workload
#   ./ratios.sh -count 10 -benchtime 1s -bench 'Tell'
#   ./ratios.sh -cpu 1,2                 # each workload per GOMAXPROCS, as "Tell1to1 cpu=1"
#   ./ratios.sh -o raw.txt               # also keep the raw `go test` output
#   ./ratios.sh -f raw.txt               # only format an existing output
#
# Lower is better for ns/op, B/op, allocs/op and bytes/actor; higher for the
# rates (msgs/s, asks/s, hops/s). A ratio below 1 for troupe/x means troupe
# needs less.
set -euo pipefail

count=5
benchtime=500ms
bench=.
cpu=
out=
in=
while [ $# -gt 0 ]; do
	case "$1" in
	-count) count=$2; shift 2 ;;
	-benchtime) benchtime=$2; shift 2 ;;
	-bench) bench=$2; shift 2 ;;
	-cpu) cpu=$2; shift 2 ;;
	-o) out=$2; shift 2 ;;
	-f) in=$2; shift 2 ;;
	-h | -help | --help) sed -n '2,16p' "$0"; exit 0 ;;
	*) echo "ratios.sh: unknown argument $1 (try -h)" >&2; exit 2 ;;
	esac
done

cpuflag=()
if [ -n "$cpu" ]; then cpuflag=(-cpu "$cpu"); fi
cmd="go test -run '^\$' -bench '$bench' -benchmem -count $count -benchtime $benchtime${cpu:+ -cpu $cpu} ."
if [ -z "$in" ]; then
	cd "$(dirname "$0")"
	in=$(mktemp)
	trap 'rm -f "$in"' EXIT
	echo "running: $cmd" >&2
	go test -run '^$' -bench "$bench" -benchmem -count "$count" -benchtime "$benchtime" "${cpuflag[@]}" . | tee "$in" >&2
	if [ -n "$out" ]; then cp "$in" "$out"; fi
	cmdline="cd benchmarks && $cmd"
else
	cmdline="(formatted from $in)"
fi

awk -v cmdline="$cmdline" '
function num(v) {
	if (v == int(v) || v >= 1000) return sprintf("%.0f", v)
	if (v >= 100) return sprintf("%.1f", v)
	if (v >= 10) return sprintf("%.2f", v)
	return sprintf("%.3g", v)
}
function sorted(list, a,    n, i, j, t) {
	n = split(list, a, " ")
	for (i = 2; i <= n; i++) {
		t = a[i] + 0
		for (j = i - 1; j >= 1 && a[j] + 0 > t; j--) a[j + 1] = a[j]
		a[j + 1] = t
	}
	return n
}
function spread(list,    a, n) {
	n = sorted(list, a)
	if (n < 2) return ""
	return " (" num(a[1] + 0) "–" num(a[n] + 0) ")"
}
function maxmin(list,    a, n) {
	n = sorted(list, a)
	if (n < 2 || a[1] + 0 == 0) return "–"
	return sprintf("%.2f", (a[n] + 0) / (a[1] + 0))
}
function median(list,    a, n) {
	n = sorted(list, a)
	if (n % 2) return a[(n + 1) / 2] + 0
	return (a[n / 2] + a[n / 2 + 1]) / 2
}
function ratio(w, metric, x, y,    kx, ky) {
	kx = w SUBSEP x SUBSEP metric; ky = w SUBSEP y SUBSEP metric
	if (!(kx in vals) || !(ky in vals)) return "–"
	if (median(vals[ky]) == 0) return "–"
	return sprintf("%.2f×", median(vals[kx]) / median(vals[ky]))
}
/^(goos|goarch|cpu):/ { line = $0; sub(/[ \t]+$/, "", line); env = env (env == "" ? "" : ", ") line }
/^Benchmark[^ \t]*\// {
	name = $1
	sub(/^Benchmark/, "", name)
	w = name; sub(/\/.*/, "", w)
	l = name; sub(/^[^\/]*\//, "", l)
	c = ""
	if (match(l, /-[0-9]+$/)) { c = substr(l, RSTART + 1); l = substr(l, 1, RSTART - 1) }
	if (!(c in seenc)) { seenc[c] = 1; ncpu++ }
	w = w SUBSEP c
	if (!(w in seenw)) { seenw[w] = 1; works[++nw] = w }
	if (!(l in seenl)) { seenl[l] = 1; libs[++nl] = l }
	for (i = 3; i + 1 <= NF; i += 2) {
		u = $(i + 1)
		if (!((w, u) in seenu)) { seenu[w, u] = 1; nu[w]++; units[w, nu[w]] = u }
		k = w SUBSEP l SUBSEP u
		vals[k] = (k in vals) ? vals[k] " " $i : $i
		runs[w, l, u]++
	}
}
# title names workload w, with its GOMAXPROCS when the run had several.
function title(w,    p) {
	split(w, p, SUBSEP)
	if (ncpu < 2) return p[1]
	return p[1] " cpu=" (p[2] == "" ? 1 : p[2]) # go test leaves out the suffix for 1
}
END {
	if (nw == 0) { print "ratios.sh: no benchmark results found" > "/dev/stderr"; exit 1 }
	print "Command: `" cmdline "`"
	if (env != "") print "Machine: " env
	print "Each cell is the median of the runs of that benchmark; ns/op also shows the min–max over the runs."
	for (i = 1; i <= nw; i++) {
		w = works[i]
		printf "\n### %s\n\n| library |", title(w)
		for (j = 1; j <= nu[w]; j++) printf " %s |", units[w, j]
		printf "\n|---|"
		for (j = 1; j <= nu[w]; j++) printf "--:|"
		printf "\n"
		for (m = 1; m <= nl; m++) {
			l = libs[m]
			if (!((w SUBSEP l SUBSEP "ns/op") in vals)) continue
			printf "| %s |", l
			for (j = 1; j <= nu[w]; j++) {
				k = w SUBSEP l SUBSEP units[w, j]
				cell = (k in vals) ? num(median(vals[k])) : "–"
				if (units[w, j] == "ns/op" && (k in vals)) cell = cell spread(vals[k])
				printf " %s |", cell
			}
			printf "\n"
		}
	}
	print "\n### Ratios (from the medians above; below 1 means troupe needs less)\n"
	print "| workload | metric | baseline | troupe | protoactor | troupe/baseline | troupe/protoactor | protoactor/baseline | troupe max/min |"
	print "|---|---|--:|--:|--:|--:|--:|--:|--:|"
	split("ns/op allocs/op bytes/actor", ms, " ")
	split("baseline troupe protoactor", ls, " ")
	for (i = 1; i <= nw; i++) {
		w = works[i]
		for (j = 1; j <= 3; j++) {
			metric = ms[j]
			if (!((w, metric) in seenu)) continue
			if (!((w SUBSEP "troupe" SUBSEP metric) in vals)) continue # a workload that reports its own ratios
			printf "| %s | %s |", title(w), metric
			for (m = 1; m <= 3; m++) {
				k = w SUBSEP ls[m] SUBSEP metric
				printf " %s |", (k in vals) ? num(median(vals[k])) : "–"
			}
			k = w SUBSEP "troupe" SUBSEP metric
			printf " %s | %s | %s | %s |\n", \
				ratio(w, metric, "troupe", "baseline"), \
				ratio(w, metric, "troupe", "protoactor"), \
				ratio(w, metric, "protoactor", "baseline"), \
				(metric == "ns/op" && (k in vals)) ? maxmin(vals[k]) : "–"
		}
	}
}
' "$in"
