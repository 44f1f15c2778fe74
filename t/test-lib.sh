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
# feedd's default state goes to $XDG_STATE_HOME/feedd: here, never to the
# tester's home or /var/lib/feedd.
XDG_STATE_HOME=$TRASH/.state
export XDG_STATE_HOME
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

# test_skip_next REASON: the next test is skipped, saying REASON.
test_skip_next () {
	test_skip_next_=$1
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
			"id_prefix = $P"
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

# P: the id_prefix write_config sets, which starts every article's id.
# Under make check-valgrind, valgrind's own warnings (not its errors, which
# fail the test through feedd's exit status) share feedd's stderr, one
# "--PID-- " line each: valgrind 3.19 warns of openat2, which it does not
# know. Checks that a log holds nothing but feedd's lines leave them out.
VALGRIND_WARNING='^--[0-9][0-9]*-- '

P='tag:news.example.org,2016:'
export P

# has ID [FEED...]: every FEED (default feeds/all.atom and feeds/all.rss)
# holds the item whose id is ID; an ID without a ":" is short for $P ID.
# hasnt ID [FEED...]: no FEED does.
has () {
	feeds_hold_ yes "$@"
}

hasnt () {
	feeds_hold_ no "$@"
}

# feeds_hold_ yes|no ID [FEED...]: the common part of has and hasnt.
feeds_hold_ () {
	has_want_=$1
	has_id_=$2
	shift 2
	case $has_id_ in
	*:*) ;;
	*) has_id_=$P$has_id_ ;;
	esac
	test "$#" -gt 0 || set -- feeds/all.atom feeds/all.rss
	for has_f_; do
		if grep -q -F ">$has_id_<" "$has_f_"; then
			test "$has_want_" = yes || return 1
		else
			test "$has_want_" = no || return 1
		fi
	done
}

# logged PATTERN: a line logged since feedd_mark matches PATTERN. A build
# logs its files' lines once all of them are in place, a moment after the
# feeds change on disk: wait_for "logged ..." before reading the log.
logged () {
	feedd_since | grep -q -e "$1"
}

# marker NAME: writes the article articles/NAME.txt (World) and waits until
# feeds/world.* and feeds/all.* hold it: the daemon has handled whatever
# came before. The way to check that something did NOT happen, with no
# sleep: make the change, then a marker, then check.
marker () {
	marker_lines_=$(grep -c "^feedd: world\.rss: " "$(feedd_log)" || :) &&
	write_article "articles/$1.txt" "Marker $1" World &&
	wait_for "has $1 feeds/world.atom feeds/world.rss feeds/all.atom feeds/all.rss" &&
	wait_for "test \$(grep -c \"^feedd: world\\.rss: \" \"\$(feedd_log)\") -gt $marker_lines_"
}

# no_temp_files [DIR]: the output folder DIR (default feeds) holds no
# hidden file but the state file: no ".NAME.XXXXXX" left from replacing a
# feed or the state.
no_temp_files () {
	{ ls -A "${1:-feeds}" | grep '^\.' |
		grep -v -x -F .feedd.state >temp-files || :; } &&
	test_must_be_empty temp-files
}

# snapshot FILE...: name, inode, mtime (with nanoseconds), size, mode and
# type of each file, to compare before and after: a file rewritten, even
# with the same bytes, shows.
snapshot () {
	stat -c "%n %i %Y.%y %s %a %F" "$@"
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

# feed_files DIR: what DIR holds but feedd's state file (.feedd.state)
# and the pages for people (index.html, feeds.opml, NAME.html), one name a
# line, sorted.
feed_files () {
	(cd "$1" && ls -A) | grep -v -x -F -e .feedd.state -e feeds.opml |
		grep -v '\.html$' | LC_ALL=C sort
}

# xpath_string FILE EXPR: the XPath string value of EXPR in FILE, with one
# newline after it whatever the xmllint version does. Namespaced elements
# need local-name(), as in //*[local-name()="feed"].
xpath_string () {
	test_xp_=$("$XMLLINT" --xpath "string($2)" "$1") || return 1
	printf '%s\n' "$test_xp_"
}

# write_article FILE TITLE [SECTION [LAST_UPDATE]]: an article in the
# newsroom layout of example/articles: the title line, two paragraphs,
# "Last update: LAST_UPDATE" (default "Fri, 20/05/2016 - 16:55", read in
# the config's timezone), "More from SECTION" (default World) and a related
# headline. An empty SECTION leaves that trailer out: the article then has
# no date and no section, like a draft.
write_article () {
	test "$#" -ge 2 || {
		echo "write_article: usage: write_article FILE TITLE" \
			"[SECTION [LAST_UPDATE]]" >&2
		return 1
	}
	{
		printf '%s\n\n' "$2" &&
		printf 'The first paragraph of "%s".\n\n' "$2" &&
		printf 'Its second paragraph, with more to say.\n' &&
		if test -n "${3-World}"; then
			printf '\nLast update: %s\n\nMore from %s\n\n' \
				"${4:-Fri, 20/05/2016 - 16:55}" "${3-World}" &&
			printf 'A related headline\n\nIts teaser, cut short...\n'
		fi
	} >"$1"
}

# ---------------------------------------------------------------- the daemon
#
# start_feedd runs feedd as a daemon in the background, one at a time; the
# other helpers act on the one it started last, from any later test of the
# script. The bookkeeping (pids, exit statuses) lives in $FEEDD_RUN, next
# to the trash directory so that it outlives it; an EXIT trap stops any
# daemon still running when the script ends, fails, bails out or is
# interrupted.

FEEDD_RUN=$TRASH.run
export FEEDD_RUN

# wait_for CONDITION [SECONDS]: evaluates the shell CONDITION every 50 ms
# until it holds; fails, saying so on stderr, when it still does not after
# SECONDS (default 20, generous: a loaded machine is slow, and a passing
# test never waits that long).
wait_for () {
	test_wait_left_=$(( ${2:-20} * 20 ))
	until eval "$1"; do
		test_wait_left_=$((test_wait_left_ - 1))
		if test "$test_wait_left_" -le 0; then
			echo "wait_for: still false after ${2:-20} s: $1" >&2
			return 1
		fi
		sleep 0.05
	done
}

# The start time of process PID (clock ticks since boot, from
# /proc/PID/stat): with the pid, it names one process whatever pid reuse.
feedd_start_time_ () {
	sed -e 's/^.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f20
}

# Stops every daemon this script started that still runs (SIGTERM, then
# SIGKILL after 5 s), saying why on stderr.
feedd_kill_all_ () {
	test -f "$FEEDD_RUN/pids" || return 0
	while read -r feedd_kp_ feedd_kt_; do
		test -f "$FEEDD_RUN/status.$feedd_kp_" && continue
		test -n "$feedd_kt_" &&
		test "$(feedd_start_time_ "$feedd_kp_")" = "$feedd_kt_" ||
			continue
		echo "test-lib: stopping feedd (pid $feedd_kp_): $1" >&2
		kill -TERM "$feedd_kp_" 2>/dev/null || continue
		feedd_kn_=100
		while test "$feedd_kn_" -gt 0 &&
			! test -f "$FEEDD_RUN/status.$feedd_kp_" &&
			test "$(feedd_start_time_ "$feedd_kp_")" = "$feedd_kt_"
		do
			feedd_kn_=$((feedd_kn_ - 1))
			sleep 0.05
		done
		if test "$feedd_kn_" = 0; then
			echo "test-lib: feedd (pid $feedd_kp_) ignored SIGTERM:" \
				"SIGKILL" >&2
			kill -KILL "$feedd_kp_" 2>/dev/null
		fi
	done <"$FEEDD_RUN/pids"
	return 0
}

feedd_kill_all_ "left running by an earlier run of $test_script_"
rm -rf "$FEEDD_RUN"
trap 'feedd_kill_all_ "still running when $test_script_ ended"; rm -rf "$FEEDD_RUN"' EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

# start_feedd [--log FILE] [--no-wait] CONFIG [ARG...]: starts
# "$FEEDD -c CONFIG ARG..." in the background with stdin from /dev/null and
# stdout and stderr in FILE (default $TRASH/feedd.log, emptied first), and
# waits until it logs "feedd: watching" (a notice: do not pass -q). Fails,
# showing the log, when feedd exits or has not said it within 20 s. With
# --no-wait it returns once the process is started. A daemon left running
# by an earlier test is stopped first. feedd gets the caller's environment
# (export NOTIFY_SOCKET, WATCHDOG_USEC... first), and FEEDD may name a
# wrapper that execs feedd.
start_feedd () {
	feedd_log_=$TRASH/feedd.log
	feedd_no_wait_=
	while test "$#" -gt 0; do
		case $1 in
		--log) feedd_log_=$2; shift 2 ;;
		--no-wait) feedd_no_wait_=1; shift ;;
		*) break ;;
		esac
	done
	test "$#" -ge 1 || {
		echo "start_feedd: usage: start_feedd [--log FILE] [--no-wait]" \
			"CONFIG [ARG...]" >&2
		return 1
	}
	feedd_kill_all_ "an earlier test left it running"
	mkdir -p "$FEEDD_RUN" &&
	rm -f "$FEEDD_RUN/current" &&
	: >"$feedd_log_" || return 1
	(
		"$FEEDD" -c "$@" </dev/null >>"$feedd_log_" 2>&1 &
		feedd_p_=$!
		echo "$feedd_p_ $(feedd_start_time_ "$feedd_p_")" \
			>>"$FEEDD_RUN/pids"
		printf '%s %s\n' "$feedd_p_" "$feedd_log_" \
			>"$FEEDD_RUN/current.new"
		mv "$FEEDD_RUN/current.new" "$FEEDD_RUN/current"
		wait "$feedd_p_"
		echo "$?" >"$FEEDD_RUN/status.$feedd_p_.new"
		mv "$FEEDD_RUN/status.$feedd_p_.new" "$FEEDD_RUN/status.$feedd_p_"
	) </dev/null >/dev/null 2>&1 &
	wait_for 'test -f "$FEEDD_RUN/current"' || return 1
	test -z "$feedd_no_wait_" || return 0
	feedd_p_=$(cut -d' ' -f1 <"$FEEDD_RUN/current")
	if ! wait_for 'grep "^feedd: watching " "$feedd_log_" >/dev/null ||
		test -f "$FEEDD_RUN/status.$feedd_p_"'
	then
		echo "start_feedd: feedd did not start watching; its log:" >&2
		sed -e 's/^/| /' "$feedd_log_" >&2
		feedd_kill_all_ "it did not start"
		return 1
	fi
	if test -f "$FEEDD_RUN/status.$feedd_p_"; then
		echo "start_feedd: feedd exited with status" \
			"$(cat "$FEEDD_RUN/status.$feedd_p_") before watching;" \
			"its log:" >&2
		sed -e 's/^/| /' "$feedd_log_" >&2
		return 1
	fi
}

# feedd_pid: prints the pid of the daemon start_feedd started; fails when
# there is none, or it has exited.
feedd_pid () {
	test -f "$FEEDD_RUN/current" || {
		echo "feedd_pid: no daemon was started" >&2
		return 1
	}
	feedd_p_=$(cut -d' ' -f1 <"$FEEDD_RUN/current")
	if test -f "$FEEDD_RUN/status.$feedd_p_"; then
		echo "feedd_pid: feedd (pid $feedd_p_) has exited with status" \
			"$(cat "$FEEDD_RUN/status.$feedd_p_")" >&2
		return 1
	fi
	echo "$feedd_p_"
}

# feedd_running: the daemon start_feedd started still runs.
feedd_running () {
	feedd_pid >/dev/null 2>&1
}

# feedd_log: prints the name of the daemon's log file.
feedd_log () {
	test -f "$FEEDD_RUN/current" || {
		echo "feedd_log: no daemon was started" >&2
		return 1
	}
	cut -d' ' -f2- <"$FEEDD_RUN/current"
}

# wait_feedd_exit [SECONDS]: waits (default 20 s) for the daemon to exit
# and returns its exit status (128+N when signal N killed it); when it does
# not exit, shows its log, kills it and fails.
wait_feedd_exit () {
	test -f "$FEEDD_RUN/current" || {
		echo "wait_feedd_exit: no daemon was started" >&2
		return 1
	}
	feedd_p_=$(cut -d' ' -f1 <"$FEEDD_RUN/current")
	if ! wait_for 'test -f "$FEEDD_RUN/status.$feedd_p_"' "${1:-20}"; then
		echo "wait_feedd_exit: feedd (pid $feedd_p_) is still running;" \
			"its log:" >&2
		sed -e 's/^/| /' "$(feedd_log)" >&2
		feedd_kill_all_ "it did not exit"
		return 1
	fi
	return "$(cat "$FEEDD_RUN/status.$feedd_p_")"
}

# stop_feedd [SIGNAL]: sends SIGNAL (default TERM) to the daemon, waits
# for it to exit (20 s at most) and returns its exit status.
stop_feedd () {
	feedd_p_=$(feedd_pid) &&
	kill "-${1:-TERM}" "$feedd_p_" || return 1
	wait_feedd_exit
}

# feedd_mark: remembers how many lines the daemon's log has now;
# feedd_since prints the lines logged after the last mark.
feedd_mark () {
	wc -l <"$(feedd_log)" >"$FEEDD_RUN/mark"
}

feedd_since () {
	tail -n "+$(($(cat "$FEEDD_RUN/mark") + 1))" "$(feedd_log)"
}
