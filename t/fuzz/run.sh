#!/bin/sh
# SPDX-License-Identifier: MIT
# Builds the libFuzzer harnesses with clang (fuzzer, ASan, UBSan) and runs
# each for SECONDS (default 60), starting from the committed seed corpora.
# Findings are written to t/fuzz/findings/; turn each into a regression
# test. Usage: t/fuzz/run.sh [SECONDS] [HARNESS...]   (in a configured tree)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
build=${BUILDDIR:-$top}
seconds=${1:-60}
[ "$#" -gt 0 ] && shift
harnesses=${*:-article date config feed}
out=$build/t/fuzz/bin
mkdir -p "$out" "$here/findings"

test -f "$build/autoconfig.h" ||
	{ echo "run.sh: configure the tree first (./configure)" >&2; exit 2; }
cflags="-g -O1 -std=c11 -fsanitize=fuzzer,address,undefined
	-fno-sanitize-recover=undefined -I$build -I$top/src
	$(pkg-config --cflags libxml-2.0 inih sqlite3)"
libs="$(pkg-config --libs libxml-2.0 inih sqlite3) -lev"
pkg-config --exists libsystemd && libs="$libs $(pkg-config --libs libsystemd)"
sources=$(ls "$top"/src/*.c | grep -v '/main\.c$')

for h in $harnesses; do
	# shellcheck disable=SC2086
	clang $cflags -o "$out/fuzz-$h" "$here/fuzz-$h.c" $sources $libs
done
for h in $harnesses; do
	corpus=$build/t/fuzz/corpus-$h
	mkdir -p "$corpus"
	echo "== fuzz-$h for ${seconds}s"
	"$out/fuzz-$h" -max_total_time="$seconds" -max_len=65536 \
		-timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="$here/findings/$h-" \
		"$corpus" "$here/seeds/$h" 2>&1 |
		grep -E '^(stat::number_of_executed_units|stat::new_units_added|==|INFO: seed|.*ERROR|SUMMARY|artifact_prefix|Test unit written)' || :
	test -z "$(ls "$here/findings" | grep "^$h-" || :)" ||
		{ echo "fuzz-$h found a problem: see $here/findings/" >&2; exit 1; }
done
