#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# bench/profile.sh [N]: where feedd spends its time, for when a bar of
# bench/run.sh is missed. Profiles `feedd --once` on a corpus of N articles
# (default 10,000) with callgrind and perf, and the daemon's incremental
# path (20 edits, as bench/run.sh's test 3a) with perf. Output in
# bench/work/profile/ (or $WORK/profile); the summaries are printed.
set -eu

BENCH=$(cd "$(dirname "$0")" && pwd)
TOP=$(dirname "$BENCH")
N=${1:-10000}
WORK=${WORK:-$BENCH/work}
P=$WORK/profile
BIN=$P/bin
D=$P/n$N

mkdir -p "$BIN"
for tool in gencorpus latency; do
	cc -O2 -std=c11 -Wall -Wextra -o "$BIN/$tool" "$BENCH/$tool.c"
done
if [ -n "${FEEDD:-}" ]; then
	cp "$FEEDD" "$BIN/feedd"
else
	make -s -C "$TOP" src/feedd >&2
	cp "$TOP/src/feedd" "$BIN/feedd"
fi
rm -rf "$D"
"$BIN/gencorpus" -n "$N" -s 1 -o "$D" >/dev/null
sync
once() { rm -rf "$D/feeds" "$D/state"; "$@" "$BIN/feedd" -q -c "$D/feedd.conf" --once; }
once env	# warm the page cache

echo "== callgrind: feedd --once, N=$N" >&2
once valgrind --tool=callgrind --callgrind-out-file="$P/callgrind.out" \
    2> "$P/callgrind.log"
callgrind_annotate --inclusive=yes "$P/callgrind.out" 2>/dev/null |
    head -60 > "$P/callgrind-inclusive.txt"
callgrind_annotate "$P/callgrind.out" 2>/dev/null |
    head -45 > "$P/callgrind-self.txt"
cat "$P/callgrind-self.txt"

if command -v perf >/dev/null; then
	echo "== perf: feedd --once, N=$N" >&2
	once perf record -q -g -o "$P/perf-once.data" 2>/dev/null
	perf report -i "$P/perf-once.data" --stdio --no-children \
	    --percent-limit 1 -g none 2>/dev/null | grep -v '^#' |
	    grep -v '^$' | head -40 > "$P/perf-once.txt"
	cat "$P/perf-once.txt"

	echo "== perf: the daemon during 20 edits, N=$N" >&2
	out=$("$BIN/latency" start -s "$D/notify.sock" -l "$P/daemon.log" \
	    -t 600000 -- "$BIN/feedd" -c "$D/feedd.conf")
	pid=${out#* }
	perf record -q -g -p "$pid" -o "$P/perf-edit.data" 2>/dev/null &
	perfpid=$!
	sleep 1
	line=$(sed -n "$((N / 2))p" "$D/manifest.tsv")
	file=$(echo "$line" | cut -f1)
	sec=$(echo "$line" | cut -f2 | tr '[:upper:]' '[:lower:]')
	"$BIN/latency" edit -o "$D/feeds" -f "$D/articles/$file" -F feedd \
	    -e "$sec.atom,$sec.rss,$sec.json,$sec.html,all.atom,all.rss,all.json,all.html" -r 20 -d 1 -p "$pid" \
	    -q 100 > "$P/edit.txt"
	kill -INT "$perfpid"
	wait "$perfpid" || true
	kill -TERM "$pid"
	perf report -i "$P/perf-edit.data" --stdio --no-children \
	    --percent-limit 1 -g none 2>/dev/null | grep -v '^#' |
	    grep -v '^$' | head -40 > "$P/perf-edit.txt"
	cat "$P/perf-edit.txt"
	echo "edit latencies (raw ms, net ms, -, files):" && cat "$P/edit.txt"
fi

if command -v strace >/dev/null; then
	echo "== strace -c: feedd --once, N=$N" >&2
	once strace -f -c -o "$P/strace.txt"
	head -30 "$P/strace.txt"
fi
echo "profiles in $P" >&2
