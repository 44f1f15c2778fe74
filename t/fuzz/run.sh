#!/bin/sh
# SPDX-License-Identifier: MIT
# Runs libFuzzer harnesses that make built, for "make fuzz" (see
# Makefile.am): each for SECONDS, from its seed folders (FUZZ_SEEDS, NAME:
# FOLDER words, in SRCDIR) and t/fuzz/regressions, growing a corpus in
# FUZZDIR/corpus-NAME. Findings go to FUZZDIR/findings/: turn each into a
# file in t/fuzz/regressions, which make check replays.
# Usage: FUZZ_SEEDS=... run.sh SRCDIR FUZZDIR SECONDS HARNESS...
set -eu
test "$#" -ge 4 || {
	echo "usage: FUZZ_SEEDS=... run.sh SRCDIR FUZZDIR SECONDS HARNESS..." >&2
	exit 2
}
srcdir=$1
fuzzdir=$2
seconds=$3
shift 3
mkdir -p "$fuzzdir/findings"

for harness in "$@"; do
	name=${harness##*/fuzz-}
	seeds=$srcdir/t/fuzz/regressions
	for entry in ${FUZZ_SEEDS:?}; do
		case $entry in
		"$name":*) seeds="$seeds $srcdir/${entry#*:}" ;;
		esac
	done
	corpus=$fuzzdir/corpus-$name
	mkdir -p "$corpus"
	echo "== fuzz-$name for ${seconds}s"
	# shellcheck disable=SC2086
	"$harness" -max_total_time="$seconds" -max_len=65536 \
		-timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="$fuzzdir/findings/$name-" \
		"$corpus" $seeds 2>&1 |
		grep -E '^(stat::number_of_executed_units|stat::new_units_added|==|INFO: seed|.*ERROR|SUMMARY|artifact_prefix|Test unit written)' || :
	test -z "$(ls "$fuzzdir/findings" | grep "^$name-" || :)" || {
		echo "fuzz-$name found a problem: see $fuzzdir/findings/" >&2
		exit 1
	}
done
