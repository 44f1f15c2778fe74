#!/bin/sh
# SPDX-License-Identifier: MIT
test_description='libcurl is loaded only when a hub is named, and its absence costs no feed'
. "${SRCDIR:-$(dirname "$0")/..}/t/test-lib.sh"

# feedd loads libcurl with dlopen() when a hub is first named. Here
# t/faultinject.so (preloaded into feedd itself, never into valgrind:
# FEEDD_BINARY is the bare binary) makes that dlopen fail as it does where
# libcurl is not installed, while the control file "faults" says so. The
# hub, 127.0.0.1 port 9, is never reached: no test here needs an answer.
test -f "${FAULTINJECT:-}" ||
	test_bail_out "FAULTINJECT ($FAULTINJECT) is missing: run make check"
FEEDD=${FEEDD_BINARY:-$FEEDD}
LD_PRELOAD=$FAULTINJECT
FEEDD_FAULTS=$TRASH/faults
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
export FEEDD LD_PRELOAD FEEDD_FAULTS ASAN_OPTIONS
trap 'feedd_kill_all_ "still running when $test_script_ ended"; rm -rf "$FEEDD_RUN"' EXIT

HUB=http://127.0.0.1:9/hub
MISSING='WebSub: cannot load libcurl\.so\.4 for hub pings: '

# loaded LIBRARY: the running daemon has LIBRARY (a file name's start)
# mapped.
loaded () {
	grep -q "/$1[^/]*\$" "/proc/$(feedd_pid)/maps"
}

test_expect_success 'setup: articles, a config with no hub, one with a hub' '
	: >faults &&
	copy_tree "$SRCDIR/example/articles" articles &&
	write_config --site "debounce = 50ms" \
		plain.conf articles feeds world=World europe=Europe all=* &&
	write_config --site "hub = $HUB" --site "debounce = 50ms" \
		--site "hub_timeout = 1s" \
		hub.conf articles feeds-hub world=World europe=Europe all=*
'

if command -v readelf >/dev/null 2>&1; then
	test_skip_next_=
else
	test_skip_next "readelf (binutils) is not installed"
fi
test_expect_success 'feedd is not linked with libcurl (no DT_NEEDED)' '
	readelf -d "$FEEDD_BINARY" >dynamic &&
	test_grep "(NEEDED).*\\[libc\\.so" dynamic &&
	! grep "(NEEDED).*libcurl" dynamic
'

test_expect_success 'with no hub the daemon never loads libcurl; a hub named on reload loads it' '
	start_feedd plain.conf &&
	loaded libxml2 &&
	! loaded libcurl &&
	marker m1 &&
	! loaded libcurl &&
	write_config --site "hub = $HUB" --site "debounce = 50ms" \
		plain.conf articles feeds world=World europe=Europe all=* &&
	kill -HUP "$(feedd_pid)" &&
	wait_for "loaded libcurl" &&
	! grep "$MISSING" "$(feedd_log)" &&
	stop_feedd
'

test_expect_success '--once with a hub and no libcurl: one error, the feeds, the pings not sent, status 0' '
	echo "dlopen ENOENT libcurl" >faults &&
	rm -rf feeds-hub &&
	"$FEEDD" -c hub.conf --once 2>once.log &&
	test -s feeds-hub/europe.atom &&
	test -s feeds-hub/all.rss &&
	grep "$MISSING" once.log >errors &&
	test_line_count = 1 errors &&
	test_grep "cannot open shared object file" errors &&
	test_grep "apt-get install libcurl4" errors &&
	test_grep "^feedd: error: " errors &&
	test_grep "WebSub pings not sent: libcurl is not loaded" once.log &&
	! grep "not answered within hub_timeout" once.log
'

test_expect_success 'the daemon without libcurl keeps building, says so once, and loads it on reload' '
	echo "dlopen ENOENT libcurl" >faults &&
	rm -rf feeds-hub &&
	start_feedd hub.conf &&
	test -s feeds-hub/europe.atom &&
	write_article articles/new-one.txt "New one" Europe &&
	wait_for "has new-one feeds-hub/europe.atom feeds-hub/all.atom" &&
	write_article articles/new-two.txt "New two" Europe &&
	wait_for "has new-two feeds-hub/europe.atom feeds-hub/all.atom" &&
	grep "$MISSING" "$(feedd_log)" >errors &&
	test_line_count = 1 errors &&
	! loaded libcurl &&
	: >faults &&
	kill -HUP "$(feedd_pid)" &&
	wait_for "loaded libcurl" &&
	stop_feedd
'

test_done
