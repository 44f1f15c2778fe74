#!/bin/sh
# SPDX-License-Identifier: MIT
test_description='the daemon speaks the sd_notify protocol: READY, RELOADING, STOPPING, STATUS, WATCHDOG'
. "${SRCDIR:-$(dirname "$0")/..}/t/test-lib.sh"

# A listener in Python stands in for systemd: it binds an AF_UNIX datagram
# socket, NOTIFY_SOCKET, and writes each datagram it gets as one line of
# n/NAME.msgs, its newlines written as "|" (RELOADING=1|MONOTONIC_USEC=N).
# For each MONOTONIC_USEC it also writes to n/NAME.mono how many
# microseconds before the datagram came that CLOCK_MONOTONIC time was; at
# each READY=1 it lists the feed files there are (n/NAME.ready.N), to show
# that they were written before READY=1 was sent. It ends on the datagram
# "LISTENER-EXIT", after 120 s, or when this script has ended.

# start_listener NAME: starts the listener on n/NAME.sock (or an abstract
# socket when that path is too long for sun_path) and exports
# NOTIFY_SOCKET for it; waits until it is bound.
start_listener () {
	NOTIFY_SOCKET=$TRASH/n/$1.sock
	if test "${#NOTIFY_SOCKET}" -gt 100; then
		NOTIFY_SOCKET=@feedd-test-$$-$1
	fi
	export NOTIFY_SOCKET
	printf "%s\n" "$NOTIFY_SOCKET" >"$TRASH/n/$1.addr" || return 1
	(
		exec "$PYTHON3" "$TRASH/listener.py" "$NOTIFY_SOCKET" \
			"$TRASH/n/$1" "$TRASH/feeds" "$$"
	) </dev/null >/dev/null 2>"$TRASH/n/$1.err" &
	wait_for "test -f \"\$TRASH/n/$1.bound\" || test -f \"\$TRASH/n/$1.done\"" &&
	! test -f "$TRASH/n/$1.done"
}

# stop_listener NAME: ends the listener and waits for it.
stop_listener () {
	"$PYTHON3" -c '
import socket, sys
a = sys.argv[1]
if a.startswith("@"):
    a = "\0" + a[1:]
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.sendto(b"LISTENER-EXIT", a)
' "$(cat "$TRASH/n/$1.addr")" &&
	wait_for "test -f \"\$TRASH/n/$1.done\""
}

# got NAME PATTERN [N]: at least N (default 1) datagrams match PATTERN.
got () {
	test "$(grep -c -e "$2" "n/$1.msgs" 2>/dev/null)" -ge "${3:-1}" 2>/dev/null
}

test_expect_success 'setup: articles, a config and the listener' '
	copy_tree "$SRCDIR/example/articles" articles &&
	mkdir n &&
	write_config --site "debounce = 50ms" feedd.conf articles feeds \
		world=World sport=Sport all=* &&
	cat >listener.py <<-\EOF &&
	import os, socket, sys, time

	path, base, feeds, script_pid = sys.argv[1:5]
	addr = "\0" + path[1:] if path.startswith("@") else path
	sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
	sock.bind(addr)
	open(base + ".msgs", "a").close()
	open(base + ".bound", "w").close()
	deadline = time.monotonic() + 120
	ready = 0
	try:
	    while time.monotonic() < deadline:
	        try:
	            os.kill(int(script_pid), 0)
	        except OSError:
	            break
	        sock.settimeout(0.5)
	        try:
	            data = sock.recv(65536)
	        except socket.timeout:
	            continue
	        now = time.monotonic_ns() // 1000
	        text = data.decode("utf-8", "replace")
	        if text == "LISTENER-EXIT":
	            break
	        lines = text.split("\n")
	        for line in lines:
	            if line.startswith("MONOTONIC_USEC="):
	                with open(base + ".mono", "a") as f:
	                    f.write("%d\n" % (now - int(line[15:])))
	            if line == "READY=1":
	                ready += 1
	                names = sorted(os.listdir(feeds)) if os.path.isdir(feeds) else []
	                with open(base + ".ready.%d" % ready, "w") as f:
	                    f.write("".join(n + "\n" for n in names
	                                    if not n.startswith(".") and
	                                    n.endswith((".rss", ".atom"))))
	        with open(base + ".msgs", "a") as f:
	            f.write("|".join(lines) + "\n")
	finally:
	    sock.close()
	    if not path.startswith("@"):
	        os.unlink(path)
	    open(base + ".done", "w").close()
	EOF
	printf "%s\n" all.atom all.rss sport.atom sport.rss world.atom \
		world.rss >feeds.expect
'

test_expect_success 'READY=1 comes after the first build, with STATUS=' '
	start_listener start &&
	start_feedd feedd.conf &&
	wait_for "got start \"^READY=1\\$\"" &&
	test_cmp feeds.expect n/start.ready.1 &&
	wait_for "got start \"^STATUS=15 articles, 3 feeds, watching\\$\"" &&
	sed -n "1,/^READY=1\$/p" n/start.msgs >before-ready &&
	{ grep -v -e "^STATUS=" -e "^READY=1\$" before-ready >other || :; } &&
	test_must_be_empty other &&
	test_grep -v "RELOADING\\|STOPPING" n/start.msgs
'

test_expect_success 'STATUS= follows the articles' '
	write_article articles/new.txt "A new article" World &&
	wait_for "got start \"^STATUS=16 articles, 3 feeds, watching\\$\""
'

test_expect_success 'SIGHUP: RELOADING=1 with MONOTONIC_USEC=, then READY=1' '
	write_config --site "debounce = 50ms" real.conf articles feeds \
		world=World sport=Sport all=* science=Science &&
	cat real.conf >feedd.conf &&
	wait_for "got start \"^READY=1\\$\" 2" &&
	kill -HUP "$(feedd_pid)" &&
	wait_for "got start \"^READY=1\\$\" 3" &&
	grep -n "" n/start.msgs >numbered &&
	test "$(grep -c "^[0-9]*:RELOADING=1|MONOTONIC_USEC=[0-9][0-9]*\$" numbered)" = 2 &&
	reloading=$(grep "RELOADING=1" numbered | sed -n "2s/:.*//p") &&
	ready=$(grep ":READY=1\$" numbered | sed -n "3s/:.*//p") &&
	test "$reloading" -lt "$ready" &&
	printf "%s\n" all.atom all.rss science.atom science.rss sport.atom \
		sport.rss world.atom world.rss >expect &&
	test_cmp expect n/start.ready.2 &&
	test_line_count = 2 n/start.mono &&
	while read -r delta; do
		test "$delta" -ge 0 && test "$delta" -lt 10000000 || {
			echo "MONOTONIC_USEC is $delta us off CLOCK_MONOTONIC" &&
			return 1
		}
	done <n/start.mono &&
	wait_for "got start \"^STATUS=16 articles, 4 feeds, watching\\$\""
'

test_expect_success 'a refused reload: RELOADING=1, then READY=1 with STATUS=config error' '
	cp real.conf broken.conf &&
	printf "[broken]\ntitle = Broken\nsections = World\nmax_items = lots\n" \
		>>broken.conf &&
	line=$(wc -l <broken.conf) &&
	n=$(grep -c "^RELOADING=1" n/start.msgs) &&
	mv broken.conf feedd.conf &&
	wait_for "got start \"^READY=1|STATUS=config error, old config kept: feedd\\.conf:[0-9]*: \"" &&
	test "$(grep -c "^RELOADING=1" n/start.msgs)" = $((n + 1)) &&
	test_grep "^READY=1|STATUS=config error, old config kept: feedd\\.conf:$line: .lots. is not a whole number" \
		n/start.msgs &&
	test_grep "^feedd: error: feedd\\.conf:$line: " feedd.log
'

test_expect_success 'SIGTERM: STOPPING=1 is the last message' '
	test_expect_status 0 stop_feedd &&
	wait_for "got start \"^STOPPING=1\\$\"" &&
	stop_listener start &&
	test "$(sed -n "\$p" n/start.msgs)" = "STOPPING=1" &&
	test_must_be_empty n/start.err
'

test_expect_success 'WATCHDOG_USEC=200000: WATCHDOG=1 every 100 ms' '
	cp real.conf feedd.conf &&
	start_listener dog &&
	WATCHDOG_USEC=200000 &&
	export WATCHDOG_USEC &&
	start_feedd feedd.conf &&
	wait_for "got dog \"^WATCHDOG=1\\$\" 3" &&
	before=$(grep -c "^WATCHDOG=1\$" n/dog.msgs) &&
	# The pings of one second: a measurement.
	sleep 1 &&
	after=$(grep -c "^WATCHDOG=1\$" n/dog.msgs) &&
	echo "WATCHDOG=1 pings in 1 s: $((after - before))" &&
	test $((after - before)) -ge 5 &&
	test $((after - before)) -le 20 &&
	stop_feedd &&
	stop_listener dog
'

test_expect_success 'WATCHDOG_PID naming feedd itself: pings' '
	start_listener dogpid &&
	printf "#!/bin/sh\nWATCHDOG_PID=\$\$\nWATCHDOG_USEC=200000\nexport WATCHDOG_PID WATCHDOG_USEC\nexec \"%s\" \"\$@\"\n" \
		"$FEEDD" >feedd-self &&
	chmod +x feedd-self &&
	FEEDD=$TRASH/feedd-self start_feedd feedd.conf &&
	wait_for "got dogpid \"^WATCHDOG=1\\$\" 3" &&
	stop_feedd &&
	stop_listener dogpid
'

test_expect_success 'WATCHDOG_PID naming another process: no pings' '
	start_listener dogother &&
	WATCHDOG_USEC=200000 &&
	WATCHDOG_PID=1 &&
	export WATCHDOG_USEC WATCHDOG_PID &&
	start_feedd feedd.conf &&
	wait_for "got dogother \"^READY=1\\$\"" &&
	# Six watchdog periods in which no ping may come: a measurement.
	sleep 0.6 &&
	stop_feedd &&
	stop_listener dogother &&
	test_grep -v "WATCHDOG" n/dogother.msgs &&
	test_grep "^STOPPING=1\$" n/dogother.msgs
'

test_expect_success 'no WATCHDOG_USEC: no pings' '
	start_listener nodog &&
	start_feedd feedd.conf &&
	wait_for "got nodog \"^READY=1\\$\"" &&
	# A time in which no ping may come: a measurement.
	sleep 0.6 &&
	stop_feedd &&
	stop_listener nodog &&
	test_grep -v "WATCHDOG" n/nodog.msgs
'

test_expect_success 'polling: STATUS= says so' '
	write_config --site "watch = poll" --site "poll_interval = 200ms" \
		--site "debounce = 50ms" poll.conf articles feeds \
		world=World sport=Sport all=* &&
	start_listener poll &&
	start_feedd poll.conf &&
	wait_for "got poll \"^STATUS=16 articles, 3 feeds, polling\\$\"" &&
	stop_feedd &&
	stop_listener poll
'

test_expect_success 'a NOTIFY_SOCKET where nothing listens does no harm' '
	NOTIFY_SOCKET=$TRASH/n/nobody.sock &&
	export NOTIFY_SOCKET &&
	start_feedd feedd.conf &&
	write_article articles/nobody.txt "Nobody listens" World &&
	wait_for "grep -q -F \">${P}nobody<\" feeds/all.rss" &&
	kill -HUP "$(feedd_pid)" &&
	wait_for "grep -q \"reloaded\" feedd.log" &&
	test_expect_status 0 stop_feedd
'

test_expect_success 'no NOTIFY_SOCKET: --once and the daemon run as ever' '
	"$FEEDD" -c feedd.conf --once 2>once.log &&
	start_feedd feedd.conf &&
	test_expect_status 0 stop_feedd
'

test_done
