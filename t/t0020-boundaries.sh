#!/bin/sh
# SPDX-License-Identifier: MIT
test_description='each third-party header is included by its one module only'
. "${SRCDIR:-$(dirname "$0")/..}/t/test-lib.sh"

# BOUNDARY_OWNERS comes from Makefile.am: HEADER:FILE words, HEADER a
# header (ev.h) or a folder of headers (libxml/); a module of several files
# names each of them with the header.
test -n "${BOUNDARY_OWNERS:-}" ||
	test_bail_out "BOUNDARY_OWNERS is empty: run this through make check"

# include_pattern HEADER: an extended regexp matching an #include of it.
include_pattern () {
	bp_=$(printf '%s' "$1" | sed -e 's/[.+]/\\&/g')
	case $1 in
	*/) echo "^[[:space:]]*#[[:space:]]*include[[:space:]]*[<\"]$bp_" ;;
	*) echo "^[[:space:]]*#[[:space:]]*include[[:space:]]*[<\"]$bp_[>\"]" ;;
	esac
}

# check_boundaries TREE: every .c and .h under TREE/src that includes a
# library header it does not own is named on stderr, and the check fails.
check_boundaries () {
	cb_bad_=0
	for cb_owner_ in $BOUNDARY_OWNERS; do
		cb_header_=${cb_owner_%%:*}
		cb_module_=${cb_owner_#*:}
		cb_pattern_=$(include_pattern "$cb_header_")
		for cb_file_ in $(cd "$1" && find src -name '*.[ch]' | sort); do
			# A module may be more than one file: each is named.
			case " $BOUNDARY_OWNERS " in
			*" $cb_header_:$cb_file_ "*) continue ;;
			esac
			grep -E "$cb_pattern_" "$1/$cb_file_" >/dev/null ||
				continue
			echo "$cb_file_ includes $cb_header_, which only" \
				"$cb_module_ may include" >&2
			cb_bad_=1
		done
	done
	return "$cb_bad_"
}

test_expect_success 'each owner exists and includes its library' '
	for owner in $BOUNDARY_OWNERS
	do
		module=${owner#*:} &&
		test_grep -E "$(include_pattern "${owner%%:*}")" \
			"$SRCDIR/$module" || return 1
	done
'

test_expect_success 'no other source file includes a library header' '
	check_boundaries "$SRCDIR"
'

test_expect_success 'the check names a .c that includes a library header' '
	mkdir tree &&
	copy_tree "$SRCDIR/src" tree/src &&
	check_boundaries tree &&
	for owner in $BOUNDARY_OWNERS
	do
		header=${owner%%:*} &&
		case $header in
		*/) header=${header}anything.h ;;
		esac &&
		rm -rf planted && cp -R tree planted &&
		printf "#include <%s>\n" "$header" >>planted/src/main.c &&
		test_must_fail check_boundaries planted 2>err &&
		test_grep -F "src/main.c includes ${owner%%:*}," err || return 1
	done
'

test_expect_success 'the check names a header that includes one' '
	mkdir -p tree2 &&
	copy_tree "$SRCDIR/src" tree2/src &&
	owner=${BOUNDARY_OWNERS%% *} &&
	module=${owner#*:} &&
	header=${module%.c}.h &&
	printf "#  include \"%s\"\n" "${owner%%:*}" >>"tree2/$header" &&
	test_must_fail check_boundaries tree2 2>err &&
	test_grep -F "$header includes" err
'

test_done
