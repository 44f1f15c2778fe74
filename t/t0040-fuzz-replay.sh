#!/bin/sh
# SPDX-License-Identifier: MIT
test_description='the fuzz harnesses pass on every regression input and seed'
. "${SRCDIR:-$(dirname "$0")/..}/t/test-lib.sh"

# FUZZ_TARGETS and FUZZ_SEEDS (NAME:FOLDER words) come from Makefile.am.
test -n "${FUZZ_TARGETS:-}" && test -n "${FUZZ_SEEDS:-}" ||
	test_bail_out "FUZZ_TARGETS or FUZZ_SEEDS is empty: run this through make check"

# replay HARNESS FOLDER...: runs HARNESS on each file under the FOLDERs,
# one process a file, so that a failure names its input.
replay () {
	rp_harness_=$1
	shift
	find "$@" -type f | LC_ALL=C sort >inputs &&
	test -s inputs || {
		echo "replay: no input in $*" >&2
		return 1
	}
	while read -r rp_input_; do
		"$rp_harness_" "$rp_input_" >out 2>&1 || {
			echo "$rp_harness_ failed (status $?) on $rp_input_:" >&2
			cat out >&2
			return 1
		}
	done <inputs
}

for target in $FUZZ_TARGETS; do
	name=${target##*/fuzz-}
	seeds=
	for entry in $FUZZ_SEEDS; do
		case $entry in
		"$name":*) seeds="$seeds $SRCDIR/${entry#*:}" ;;
		esac
	done
	export target seeds

	test_expect_success "fuzz-$name: every file in t/fuzz/regressions" '
		replay "$BUILDDIR/$target" "$SRCDIR/t/fuzz/regressions"
	'

	test_expect_success "fuzz-$name: its seeds" '
		test -n "$seeds" &&
		replay "$BUILDDIR/$target" $seeds
	'
done

test_done
