# SPDX-License-Identifier: MIT
# test-lib.sh: the shared part of feedd's end-to-end tests (POSIX sh).
#
# A test script sets test_description, sources this file, declares its
# tests and ends with test_done:
#
#	test_description='what this script covers'
#	. "${SRCDIR:-.}/t/test-lib.sh"
#
#	test_expect_success 'feedd prints its version' '
#		"$FEEDD" --version >out &&
#		grep "^feedd " out
#	'
#	test_done
#
# Every test body runs in a subshell, in the script's trash directory
# ($BUILDDIR/t/trash.<script>, made empty when the script starts and removed
# when every test passed), with stdin from /dev/null. The body is an
# &&-chain: its status is the status of the chain, and a chain broken by a
# missing && is reported as a failure of its own. Inside loops use
# "|| return 1". What a failing test printed is shown as TAP "#" lines.
#
# The results are TAP for automake's tap-driver: "ok N - desc",
# "not ok N - desc", "ok N - desc # SKIP reason" and the plan "1..N" last.
#
# The environment comes from AM_TESTS_ENVIRONMENT in Makefile.am: FEEDD,
# SRCDIR, BUILDDIR, PYTHON3, JING, XMLLINT, SFEED, MANDOC. When a script is
# run by hand, unset ones get defaults; a tool set to the empty string (not
# found by configure) makes the tests that need it skip.

# ---------------------------------------------------------------- setup

test_script_=${0##*/}
test_name_=${test_script_%.sh}
case $test_script_ in
test-lib.sh)
	echo "test-lib.sh is sourced by the t/t*.sh scripts, not run" >&2
	exit 2
	;;
esac

if test -z "${SRCDIR:-}"; then
	SRCDIR=$(cd "$(dirname "$0")/.." && pwd) || exit 1
fi
: "${BUILDDIR:=$SRCDIR}"
: "${FEEDD:=$BUILDDIR/src/feedd}"
: "${PYTHON3:=/usr/bin/python3}"
for test_tool_ in JING:jing XMLLINT:xmllint SFEED:sfeed MANDOC:mandoc; do
	# Only an unset variable gets a default: empty means "not found".
	if eval "test -z \"\${${test_tool_%%:*}+set}\""; then
		eval "${test_tool_%%:*}=\$(command -v ${test_tool_#*:} || :)"
	fi
done
export FEEDD SRCDIR BUILDDIR PYTHON3 JING XMLLINT SFEED MANDOC

# A stable, neutral environment: tests pin what feedd must not depend on.
LC_ALL=C
TZ=UTC
export LC_ALL TZ
unset LANG LANGUAGE LC_TIME LC_CTYPE LC_MESSAGES LOCPATH JOURNAL_STREAM \
	STATE_DIRECTORY NOTIFY_SOCKET WATCHDOG_USEC WATCHDOG_PID CDPATH || :
umask 022

# Newline and tab, for IFS and for building expected output.
LF='
'
TAB='	'

test_count=0
test_failed=0
test_skip_next_=

# Prints "Bail out!" (which stops the whole run in a TAP harness) and exits.
test_bail_out () {
	echo "Bail out! $test_script_: $*"
	exit 1
}

test -x "$FEEDD" ||
	test_bail_out "FEEDD ($FEEDD) is not an executable: build src/feedd first"
test -f "$SRCDIR/t/test-lib.sh" ||
	test_bail_out "SRCDIR ($SRCDIR) is not the source tree"
test -x "$PYTHON3" ||
	test_bail_out "PYTHON3 ($PYTHON3) is not an executable"

TRASH=$BUILDDIR/t/trash.$test_name_
rm -rf "$TRASH" || test_bail_out "cannot remove the old $TRASH"
mkdir -p "$TRASH" || test_bail_out "cannot create $TRASH"
TRASH=$(cd "$TRASH" && pwd -P) || test_bail_out "cannot enter $TRASH"
export TRASH
cd "$TRASH" || test_bail_out "cannot enter $TRASH"

# Shorthands used by many tests.
FEEDCHECK="$PYTHON3 $SRCDIR/t/feedcheck.py"
ATOM_RNC=$SRCDIR/t/atom.rnc

# ---------------------------------------------------------------- running tests

# Prints a test's captured output as TAP diagnostics.
test_diagnose_ () {
	printf '%s\n' "$1" | sed -e '/^#/!s/^/# /'
}

# Runs a body in a function, so that "return 1" works in its loops.
test_run_body_ () {
	eval "$1"
}

# test_expect_success DESCRIPTION BODY
test_expect_success () {
	test "$#" = 2 ||
		test_bail_out "test_expect_success needs 2 arguments, got $#: $1"
	test_count=$((test_count + 1))
	if test -n "$test_skip_next_"; then
		echo "ok $test_count - $1 # SKIP $test_skip_next_"
		test_skip_next_=
		return 0
	fi
	# A body whose && chain is whole does nothing after "(exit 117) &&".
	(
		cd "$TRASH" &&
		eval "(exit 117) && $2"
	) </dev/null >/dev/null 2>&1
	test_lint_=$?
	if test "$test_lint_" != 117; then
		test_failed=$((test_failed + 1))
		echo "not ok $test_count - $1"
		test_diagnose_ "syntax error, or a broken && chain (the body did not stop at the
first failing command; a line is missing its &&):$LF$2"
		return 0
	fi
	test_output_=$(
		cd "$TRASH" &&
		test_run_body_ "$2" </dev/null 2>&1
	)
	test_status_=$?
	if test "$test_status_" = 0; then
		echo "ok $test_count - $1"
	else
		test_failed=$((test_failed + 1))
		echo "not ok $test_count - $1"
		case $2 in
		"$LF"*) test_diagnose_ "failed (status $test_status_):$2" ;;
		*) test_diagnose_ "failed (status $test_status_): $2" ;;
		esac
		test -z "$test_output_" ||
			test_diagnose_ "output:$LF$test_output_"
	fi
	return 0
}

# test_skip_unless_tool VARIABLE: the next test is skipped when the tool
# variable (JING, XMLLINT, SFEED, MANDOC, ...) is empty.
test_skip_unless_tool () {
	if eval "test -z \"\${$1:-}\""; then
		test_skip_next_="\$$1 is empty: the tool was not found by configure"
	fi
}

# Ends the script: prints the plan, removes the trash directory when every
# test passed, and exits 1 when one failed.
test_done () {
	echo "1..$test_count"
	if test "$test_failed" -gt 0; then
		echo "# $test_failed of $test_count test(s) failed;" \
			"trash directory kept: $TRASH"
		exit 1
	fi
	cd "$BUILDDIR" && rm -rf "$TRASH"
	exit 0
}

# ---------------------------------------------------------------- assertions

# test_must_fail [--status=N] COMMAND [ARG...]: COMMAND must exit with a
# failure status (exactly N when given); a crash (signal) or "command not
# found" never counts as the expected failure.
test_must_fail () {
	test_want_=
	case $1 in
	--status=*)
		test_want_=${1#--status=}
		shift
		;;
	esac
	"$@"
	test_got_=$?
	if test "$test_got_" = 0; then
		echo "test_must_fail: command succeeded: $*" >&2
		return 1
	elif test "$test_got_" -gt 128; then
		echo "test_must_fail: killed by signal $((test_got_ - 128)): $*" >&2
		return 1
	elif test "$test_got_" = 127 || test "$test_got_" = 126; then
		echo "test_must_fail: cannot run (status $test_got_): $*" >&2
		return 1
	elif test -n "$test_want_" && test "$test_got_" != "$test_want_"; then
		echo "test_must_fail: exit status $test_got_, expected" \
			"$test_want_: $*" >&2
		return 1
	fi
	return 0
}

# test_expect_status N COMMAND [ARG...]: COMMAND exits with status N
# (0 included).
test_expect_status () {
	test_want_=$1
	shift
	"$@"
	test_got_=$?
	if test "$test_got_" != "$test_want_"; then
		echo "test_expect_status: exit status $test_got_, expected" \
			"$test_want_: $*" >&2
		return 1
	fi
	return 0
}

# test_cmp EXPECTED ACTUAL: the files are identical (shows a diff if not).
test_cmp () {
	diff -u "$1" "$2" >&2
}

# test_grep [-v] [-F] [-e] PATTERN FILE: like grep, but prints the file when
# the pattern is (or with -v, is not) missing.
test_grep () {
	test_neg_=
	test_opts_=
	while test "$#" -gt 2; do
		case $1 in
		-v) test_neg_=1 ;;
		-e) ;;
		-*) test_opts_="$test_opts_ $1" ;;
		*) break ;;
		esac
		shift
	done
	test "$#" = 2 || {
		echo "test_grep: usage: test_grep [-v] [-F] PATTERN FILE" >&2
		return 1
	}
	if test -z "$test_neg_"; then
		# shellcheck disable=SC2086
		grep $test_opts_ -e "$1" "$2" >/dev/null && return 0
		echo "test_grep: no line matches '$1' in $2:" >&2
	else
		# shellcheck disable=SC2086
		grep $test_opts_ -e "$1" "$2" >/dev/null || return 0
		echo "test_grep: a line matches '$1' in $2:" >&2
	fi
	sed -e 's/^/| /' "$2" >&2
	return 1
}

# test_must_be_empty FILE
test_must_be_empty () {
	if test -s "$1"; then
		echo "test_must_be_empty: $1 is not empty:" >&2
		sed -e 's/^/| /' "$1" >&2
		return 1
	fi
	test -f "$1" || {
		echo "test_must_be_empty: $1 does not exist" >&2
		return 1
	}
}

# test_line_count OP N FILE: e.g. test_line_count = 3 out
test_line_count () {
	test_lines_=$(wc -l <"$3") || return 1
	if ! test "$test_lines_" "$1" "$2"; then
		echo "test_line_count: $3 has $test_lines_ lines, expected $1 $2:" >&2
		sed -e 's/^/| /' "$3" >&2
		return 1
	fi
}

# test_mode MODE FILE...: each file is a regular file with that octal mode.
test_mode () {
	test_want_=$1
	shift
	for test_f_ in "$@"; do
		if test -h "$test_f_" || ! test -f "$test_f_"; then
			echo "test_mode: $test_f_ is not a regular file" >&2
			return 1
		fi
		test_got_=$(stat -c %a "$test_f_") || return 1
		if test "$test_got_" != "$test_want_"; then
			echo "test_mode: $test_f_ has mode $test_got_, expected" \
				"$test_want_" >&2
			return 1
		fi
	done
}

# ---------------------------------------------------------------- feedd helpers

# write_config [--site 'KEY = VALUE']... FILE ARTICLES OUTPUT [FEED...]
#
# Writes a config whose [site] points at the ARTICLES and OUTPUT folders
# (written as given: relative ones are relative to FILE's folder), with
# usable defaults for the other [site] keys; a --site line adds a key or
# replaces the default of the same name. Each FEED is NAME=SECTIONS or
# NAME=SECTIONS/MAX_ITEMS (sections separated by '+', e.g. news=World+Europe)
# and becomes [NAME] with title "Test: NAME". Without FEEDs there is one
# feed, all=*.
write_config () {
	test_site_=
	while test "$#" -gt 0; do
		case $1 in
		--site)
			test_site_="$test_site_$2$LF"
			shift 2
			;;
		*)
			break
			;;
		esac
	done
	test "$#" -ge 3 || {
		echo "write_config: usage: write_config [--site LINE]... FILE" \
			"ARTICLES OUTPUT [NAME=SECTIONS[/MAX]]..." >&2
		return 1
	}
	test_file_=$1
	test_articles_=$2
	test_output_=$3
	shift 3
	test "$#" -gt 0 || set -- 'all=*'
	{
		echo "# written by write_config in $test_script_"
		echo "[site]"
		for test_kv_ in \
			"title = Test News" \
			"url = https://news.example.org/" \
			"feeds_url = https://news.example.org/feeds/" \
			"article_url = https://news.example.org/{section}/{name}.html" \
			"articles = $test_articles_" \
			"output = $test_output_" \
			"timezone = Europe/Brussels" \
			"id_prefix = tag:news.example.org,2016:"
		do
			test_key_=${test_kv_%% =*}
			case "$LF$test_site_" in
			*"$LF$test_key_ ="* | *"$LF$test_key_="*) ;;
			*) echo "$test_kv_" ;;
			esac
		done
		printf '%s' "$test_site_"
		for test_feed_ in "$@"; do
			test_name__=${test_feed_%%=*}
			test_sections_=${test_feed_#*=}
			test_max_=
			case $test_sections_ in
			*/*)
				test_max_=${test_sections_#*/}
				test_sections_=${test_sections_%%/*}
				;;
			esac
			echo
			echo "[$test_name__]"
			echo "title = Test: $test_name__"
			echo "sections = $(echo "$test_sections_" | sed 's/+/, /g')"
			test -z "$test_max_" || echo "max_items = $test_max_"
		done
	} >"$test_file_"
}

# copy_tree FROM TO: a writable copy of a folder of the source tree (which
# is read-only under make distcheck).
copy_tree () {
	cp -R "$1" "$2" &&
	chmod -R u+w "$2"
}

# copy_example DIR: DIR/conf/example.conf and DIR/example/articles, copies
# of the bundled example, so that building it writes DIR/example/feeds.
copy_example () {
	mkdir -p "$1/conf" "$1/example" &&
	cp "$SRCDIR/conf/example.conf" "$1/conf/" &&
	chmod u+w "$1/conf/example.conf" &&
	copy_tree "$SRCDIR/example/articles" "$1/example/articles"
}

# feed_files DIR: what DIR holds but feedd's state file (.feedd.state), one
# name a line, sorted.
feed_files () {
	(cd "$1" && ls -A) | grep -v -x -F .feedd.state | LC_ALL=C sort
}

# xpath_string FILE EXPR: the XPath string value of EXPR in FILE, with one
# newline after it whatever the xmllint version does. Namespaced elements
# need local-name(), as in //*[local-name()="feed"].
xpath_string () {
	test_xp_=$("$XMLLINT" --xpath "string($2)" "$1") || return 1
	printf '%s\n' "$test_xp_"
}
