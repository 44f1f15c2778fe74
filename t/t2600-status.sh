#!/bin/sh
# SPDX-License-Identifier: MIT
test_description='the status tells the truth: failing feeds in STATUS=, the retry, the unit setting, "back"'
. "${SRCDIR:-$(dirname "$0")/..}/t/test-lib.sh"

# Faults from t/faultinject.so, as in t2500; a listener in Python stands
# in for systemd's notify socket (abstract, so no path length limit) and
# writes each datagram as one line of msgs, newlines as "|".
test -f "${FAULTINJECT:-}" ||
	test_bail_out "FAULTINJECT ($FAULTINJECT) is missing: run make check"
FEEDD=${FEEDD_BINARY:-$FEEDD}
FEEDD_FAULTS=$TRASH/faults
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
export FEEDD FEEDD_FAULTS ASAN_OPTIONS

# got PATTERN: a datagram matches PATTERN.
got () {
	grep -q -e "$1" msgs 2>/dev/null
}

test_expect_success 'setup: a daemon under fault injection, notifying a listener' '
	: >faults &&
	mkdir articles &&
	write_article articles/a.txt "Article A" World &&
	write_article articles/b.txt "Article B" Sport &&
	write_config --site "debounce = 50ms" feedd.conf articles feeds \
		world=World sport=Sport all=* &&
	cat >listener.py <<-\EOF &&
	import os, socket, sys
	addr, out, pid = sys.argv[1:4]
	s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
	s.bind("\0" + addr[1:])
	open(out + ".bound", "w").close()
	s.settimeout(0.5)
	while True:
	    try:
	        os.kill(int(pid), 0)
	    except OSError:
	        break
	    try:
	        data = s.recv(65536)
	    except socket.timeout:
	        continue
	    with open(out, "a") as f:
	        f.write(data.decode("utf-8", "replace").replace("\n", "|") + "\n")
	EOF
	NOTIFY_SOCKET=@feedd-t2600-$$ &&
	("$PYTHON3" listener.py "$NOTIFY_SOCKET" "$TRASH/msgs" $$ \
		</dev/null >/dev/null 2>&1 &) &&
	wait_for "test -f msgs.bound" &&
	LD_PRELOAD=$FAULTINJECT &&
	export NOTIFY_SOCKET LD_PRELOAD &&
	start_feedd feedd.conf &&
	wait_for "got \"^STATUS=2 articles, 3 feeds, watching\\$\""
'

NOTIFY_SOCKET=@feedd-t2600-$$
export NOTIFY_SOCKET

test_expect_success 'two feeds failing: the log says when it retries, STATUS= says so' '
	printf "create EROFS .world.\ncreate EROFS .all.\n" >faults &&
	feedd_mark &&
	write_article articles/c.txt "Article C" World &&
	wait_for "got \"^STATUS=2 feeds failing: \"" &&
	grep "^STATUS=2 feeds failing: " msgs >status &&
	test_grep "Read-only file system" status &&
	test_grep "; will retry in [0-9]* s\$" status &&
	feedd_since >log &&
	test_grep "Read-only file system.*; will retry in 1 s\$" log
'

test_expect_success 'under systemd, a read-only output names ReadWritePaths=' '
	test_grep "add ReadWritePaths=$TRASH/feeds with systemctl edit feedd)" status &&
	test_grep "add ReadWritePaths=$TRASH/feeds with systemctl edit feedd)" log
'

test_expect_success 'the fault gone: written again, STATUS= healthy again' '
	: >faults &&
	wait_for "got \"^STATUS=3 articles, 3 feeds, watching\\$\"" 30 &&
	feedd_since >log &&
	test_grep "world: written again: the problem is gone" log &&
	grep -q "Article C" feeds/world.atom
'

test_expect_success 'the output folder fails, then works: "back", once it was gone' '
	feedd_mark &&
	echo "open EACCES feeds" >faults &&
	write_article articles/d.txt "Article D" Sport &&
	wait_for "got \"^STATUS=3 feeds failing: .*cannot open the folder: Permission denied\"" &&
	feedd_since >log &&
	test_grep "cannot open the folder: Permission denied.*ReadWritePaths=.*; will retry in 1 s\$" log &&
	! grep "the output folder is back" log &&
	: >faults &&
	wait_for "feedd_since | grep -q \"feeds: the output folder is back\"" 30 &&
	wait_for "grep -q \"Article D\" feeds/sport.atom"
'

test_expect_success 'another output folder named while one failed: not "back"' '
	feedd_mark &&
	echo "open EACCES feeds" >faults &&
	write_article articles/e.txt "Article E" Sport &&
	wait_for "feedd_since | grep -q \"cannot open the folder\"" &&
	write_config --site "debounce = 50ms" feedd.conf.new articles public \
		world=World sport=Sport all=* &&
	mv feedd.conf.new feedd.conf &&
	wait_for "grep -q \"Article E\" public/sport.atom" 30 &&
	: >faults &&
	sleep 1 &&
	! feedd_since | grep "the output folder is back"
'

test_expect_success 'with --once, outside systemd: no retry promised, no unit named' '
	write_config once.conf articles once-out world=World all=* &&
	echo "create EROFS .world." >faults &&
	(unset NOTIFY_SOCKET INVOCATION_ID; LD_PRELOAD=$FAULTINJECT \
		test_must_fail "$FEEDD" -c once.conf --once) >once.log 2>&1 &&
	: >faults &&
	test_grep "Read-only file system" once.log &&
	! grep -e "will retry" -e "ReadWritePaths" once.log
'

test_expect_success 'stop' '
	stop_feedd
'

test_done
