#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# bench/ab.sh: feedd binaries measured side by side on one corpus, for a
# change whose effect is smaller than the machine's noise between two
# bench/run.sh runs. See bench/README.md.
#
#   bench/ab.sh [-n N] [-r ROUNDS] [-e EDITS] [-w WORK] FEEDD FEEDD...
#
# Each round runs, for each binary in turn (the first one moves to the
# end every round): readall and a full build (feedd --once, output and
# state deleted), then a daemon on the same corpus and EDITS edits timed
# as in bench/run.sh 3a. Prints the medians and min-max of each, labelled
# by file name.
set -euo pipefail

BENCH=$(cd "$(dirname "$0")" && pwd)
N=100000 ROUNDS=3 EDITS=10 WORK=$BENCH/work-ab SEED=1
while getopts n:r:e:w: o; do
	case $o in
	n) N=$OPTARG ;; r) ROUNDS=$OPTARG ;; e) EDITS=$OPTARG ;;
	w) WORK=$OPTARG ;; *) exit 64 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -ge 2 ] || { echo "usage: bench/ab.sh [-n N] [-r R] [-e E] [-w DIR] FEEDD FEEDD..." >&2; exit 64; }
BIN=$WORK/bin D=$WORK/n$N OUT=$WORK/out
mkdir -p "$BIN" "$OUT"
NAMES=()
for f in "$@"; do
	v=$(basename "$f")
	cp "$f" "$BIN/feedd-$v"
	NAMES+=("$v")
done
for tool in gencorpus readall runstat latency; do
	cc -O2 -std=c11 -Wall -Wextra -pthread -o "$BIN/$tool" "$BENCH/$tool.c"
done
if [ ! -f "$D/manifest.tsv" ]; then
	"$BIN/gencorpus" -n "$N" -s "$SEED" -o "$D" >/dev/null
	sync
fi
PID=
trap '[ -z "$PID" ] || kill "$PID" 2>/dev/null || true' EXIT

line=$(sed -n "$((N / 2))p" "$D/manifest.tsv")
file=$(echo "$line" | cut -f1)
sec=$(echo "$line" | cut -f2 | tr '[:upper:]' '[:lower:]')
rm -f "$OUT"/*
"$BIN/readall" "$D/articles" >/dev/null

one() {	# NAME
	local v=$1 out
	"$BIN/runstat" -o /dev/null -- "$BIN/readall" "$D/articles" |
	    cut -d' ' -f1 >> "$OUT/readall-$v"
	rm -rf "$D/feeds" "$D/state"
	out=$("$BIN/runstat" -o "$OUT/once-$v.log" -- "$BIN/feedd-$v" \
	    -c "$D/feedd.conf" --once)
	[ "${out##* }" = 0 ] || { echo "feedd-$v --once failed" >&2; exit 1; }
	echo "${out%% *}" >> "$OUT/once-$v"
	out=$("$BIN/latency" start -s "$D/notify.sock" -l "$OUT/daemon-$v.log" \
	    -t 900000 -- "$BIN/feedd-$v" -c "$D/feedd.conf")
	PID=${out#* }
	"$BIN/latency" edit -o "$D/feeds" -f "$D/articles/$file" -F feedd \
	    -e "$sec.atom,$sec.rss,$sec.json,$sec.html,all.atom,all.rss,all.json,all.html" -r "$EDITS" -d 1 \
	    -p "$PID" -q 100 -t 30000 -P 1 >> "$OUT/edit-$v"
	kill "$PID"
	while [ -e "/proc/$PID" ] && ! grep -q '^State:.*Z' "/proc/$PID/status" 2>/dev/null; do
		sleep 0.05
	done
	PID=
}

for r in $(seq "$ROUNDS"); do
	for i in $(seq 0 $((${#NAMES[@]} - 1))); do
		one "${NAMES[$(((i + r) % ${#NAMES[@]}))]}"
	done
	echo "round $r done" >&2
done

stats() {	# numbers on stdin -> "median [min-max]"
	sort -g | awk '{ a[NR] = $1 } END {
		m = NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2
		printf "%.3f [%.3f-%.3f]", m, a[1], a[NR] }'
}
echo "N=$N, $ROUNDS rounds, $EDITS edits each; load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-16s %-28s %-28s %-26s %-26s %-24s\n' binary "once (s)" "readall (s)" \
    "edit (ms)" "floor (ms)" "once/readall"
for v in "${NAMES[@]}"; do
	paste -d' ' "$OUT/once-$v" "$OUT/readall-$v" | awk '{ print $1 / $2 }' > "$OUT/ratio-$v"
	printf '%-16s %-28s %-28s %-26s %-26s %-24s\n' "$v" \
	    "$(stats < "$OUT/once-$v")" "$(stats < "$OUT/readall-$v")" \
	    "$(cut -d' ' -f2 "$OUT/edit-$v" | stats)" \
	    "$(cut -d' ' -f3 "$OUT/edit-$v" | stats)" "$(stats < "$OUT/ratio-$v")"
done
