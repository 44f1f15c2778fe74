#!/bin/sh
# SPDX-License-Identifier: MIT
test_description='WebSub: hubs hear of the feed files whose bytes changed, and only those'
. "${SRCDIR:-$(dirname "$0")/..}/t/test-lib.sh"

# The hubs are t/hub.py on 127.0.0.1 (nothing else is ever contacted): a
# hub NAME lives in hub.NAME/ (port, pid, requests: one line per request,
# the topic in field 5). Their pids are kept next to the trash directory,
# and the EXIT trap stops them whatever happens.

HUB_PIDS=$TRASH.hubs
export HUB_PIDS

stop_hubs_ () {
	test -f "$HUB_PIDS" || return 0
	while read -r hub_pid_; do
		kill -TERM "$hub_pid_" 2>/dev/null
	done <"$HUB_PIDS"
	rm -f "$HUB_PIDS"
}
stop_hubs_
trap 'stop_hubs_; feedd_kill_all_ "still running when $test_script_ ended"; rm -rf "$FEEDD_RUN"' EXIT

# start_hub NAME [ARG...]: starts a hub (ARGs for hub.py: --mode, --port)
# and waits until it listens.
start_hub () {
	hub_dir_=$TRASH/hub.$1
	shift
	mkdir -p "$hub_dir_" &&
	rm -f "$hub_dir_/port" "$hub_dir_/pid" &&
	: >"$hub_dir_/requests" || return 1
	"$PYTHON3" "$SRCDIR/t/hub.py" "$hub_dir_" --lifetime 240 "$@" \
		</dev/null >"$hub_dir_/log" 2>&1 &
	echo "$!" >>"$HUB_PIDS"
	wait_for 'test -f "$hub_dir_/port"'
}

# stop_hub NAME: stops it and waits until its port is closed.
stop_hub () {
	hub_pid_=$(cat "hub.$1/pid") &&
	kill -TERM "$hub_pid_" &&
	wait_for '! kill -0 "$hub_pid_" 2>/dev/null'
}

hub_url () {
	echo "http://127.0.0.1:$(cat "$TRASH/hub.$1/port")/hub"
}

# pings NAME: the topics hub NAME was told of, one a line, in order.
pings () {
	cut -f5 <"$TRASH/hub.$1/requests"
}

# count_pings NAME: how many requests hub NAME got.
count_pings () {
	wc -l <"$TRASH/hub.$1/requests"
}

# topics NAME FIRST LAST: the topics of requests FIRST to LAST, sorted and
# shortened to their file names.
topics () {
	pings "$1" | sed -n "$2,$3p" | sed 's|^.*/||' | LC_ALL=C sort
}

F=https://news.example.org/feeds
export F

test_expect_success 'setup: a hub, the example articles, a config naming the hub' '
	start_hub ok &&
	copy_tree "$SRCDIR/example/articles" articles &&
	write_config --site "hub = $(hub_url ok)" --site "debounce = 50ms" \
		--site "hub_timeout = 30s" \
		feedd.conf articles feeds world=World europe=Europe all=*
'

test_skip_unless_tool XMLLINT
test_expect_success 'the feeds name the hub in an atom:link rel=hub, RSS and Atom' '
	"$FEEDD" -c feedd.conf --once 2>once.log &&
	hub_url ok >expect &&
	xpath_string feeds/europe.atom \
		"//*[local-name()=\"link\"][@rel=\"hub\"]/@href" >atom-hub &&
	test_cmp expect atom-hub &&
	xpath_string feeds/europe.rss \
		"/rss/channel/*[local-name()=\"link\"][@rel=\"hub\"]/@href" \
		>rss-hub &&
	test_cmp expect rss-hub
'

test_expect_success '--once told the hub of each file it wrote, and waited' '
	topics ok 1 100 >got &&
	printf "%s\n" all.atom all.rss europe.atom europe.rss world.atom \
		world.rss >expect &&
	test_cmp expect got &&
	cut -f1-4 hub.ok/requests | sort -u >form &&
	printf "POST\t/hub\tapplication/x-www-form-urlencoded\tpublish\n" \
		>expect &&
	test_cmp expect form &&
	awk -F "\t" "\$5 != \$6" hub.ok/requests >mismatch &&
	test_must_be_empty mismatch &&
	test_grep -F "hub.mode=publish&hub.url=https%3A%2F%2Fnews.example.org%2Ffeeds%2Feurope.atom&hub.topic=https%3A%2F%2Fnews.example.org%2Ffeeds%2Feurope.atom" hub.ok/requests
'

test_expect_success 'each topic is the self link of its file, byte for byte' '
	for f in europe.atom all.rss; do
		grep -o "href=\"[^\"]*\" rel=\"self\"\|rel=\"self\" type=\"[^\"]*\" href=\"[^\"]*\"" \
			"feeds/$f" | sed "s/.*href=\"\([^\"]*\)\".*/\1/" >self &&
		echo "$F/$f" >expect &&
		test_cmp expect self &&
		pings ok | grep -c -x -F "$F/$f" >n &&
		echo 1 >one &&
		test_cmp one n || return 1
	done
'

test_expect_success '--once with nothing changed tells no hub' '
	"$FEEDD" -c feedd.conf --once 2>once.log &&
	test_grep "0 feed files written, 6 unchanged" once.log &&
	echo 6 >expect &&
	count_pings ok >got &&
	test_cmp expect got
'

test_expect_success 'the daemon starting on current feeds tells no hub' '
	start_feedd feedd.conf -v &&
	sleep 0.3 &&
	echo 6 >expect &&
	count_pings ok >got &&
	test_cmp expect got
'

test_expect_success 'one edit in Europe pings the europe and all feeds only' '
	sed -i "s/affordable housing/affordable homes/" \
		articles/europe/003_8785cf9c24e57a89.txt &&
	wait_for "test \$(count_pings ok) -ge 10" &&
	write_article articles/marker1.txt "Marker one" World &&
	wait_for "test \$(count_pings ok) -ge 14" &&
	sleep 0.3 &&
	echo 14 >expect &&
	count_pings ok >got &&
	test_cmp expect got &&
	topics ok 7 10 >got &&
	printf "%s\n" all.atom all.rss europe.atom europe.rss >expect &&
	test_cmp expect got &&
	topics ok 11 14 >got &&
	printf "%s\n" all.atom all.rss world.atom world.rss >expect &&
	test_cmp expect got &&
	test_grep "europe.atom: hub http://127.0.0.1:.* told" feedd.log
'

test_expect_success 'setup: a hub that never answers and one that is down' '
	start_hub slow --mode slow &&
	start_hub down &&
	cat hub.down/port >down-port &&
	stop_hub down &&
	: >hub.down/requests &&
	feedd_mark &&
	sed -i "s|^hub = .*|hub = $(hub_url down) $(hub_url slow)\\nhub = $(hub_url ok)|" \
		feedd.conf &&
	kill -HUP "$(feedd_pid)" &&
	wait_for "feedd_since | grep -q \"reloaded, 3 feeds\"" &&
	wait_for "test \$(grep -c \"rel=.hub.\" feeds/all.atom) = 3"
'

test_expect_success 'the answering hub still hears of everything, at once' '
	wait_for "test \$(count_pings ok) -ge 20" &&
	topics ok 15 20 >got &&
	printf "%s\n" all.atom all.rss europe.atom europe.rss world.atom \
		world.rss >expect &&
	test_cmp expect got &&
	wait_for "test \$(count_pings slow) -ge 6"
'

test_expect_success 'the daemon keeps building while a hub holds its pings' '
	for i in 1 2 3 4 5; do
		write_article articles/europe/slow$i.txt "Slow hub $i" Europe &&
		wait_for "grep -q \"Slow hub $i<\" feeds/europe.atom" 10 ||
		return 1
	done &&
	feedd_since >since &&
	! grep "$(hub_url slow).*Timeout" since &&
	feedd_running
'

test_expect_success 'five changes while a ping is pending are one ping' '
	sleep 0.3 &&
	pings slow | grep -c -x -F "$F/europe.atom" >n &&
	echo 1 >expect &&
	test_cmp expect n &&
	pings ok | grep -c -x -F "$F/europe.atom" >n &&
	echo 8 >expect &&
	test_cmp expect n
'

test_expect_success 'a hub that is down is logged once, and tried again' '
	feedd_since >since &&
	grep -c "warning: WebSub hub $(hub_url down): " since >n &&
	echo 1 >expect &&
	test_cmp expect n &&
	test_grep "Could not connect\|Connection refused\|Failed to connect" since &&
	start_hub down --port "$(cat down-port)" &&
	wait_for "test \$(count_pings down) -ge 6" 40 &&
	wait_for "feedd_since | grep -q \"WebSub hub $(hub_url down) answers again\"" &&
	topics down 1 100 | sort -u >got &&
	printf "%s\n" all.atom all.rss europe.atom europe.rss world.atom \
		world.rss >expect &&
	test_cmp expect got &&
	feedd_since | grep -c "warning: WebSub hub $(hub_url down): " >n &&
	echo 1 >expect &&
	test_cmp expect n
'

test_expect_success 'the daemon stops cleanly with pings still out' '
	stop_feedd &&
	test_grep "WebSub pings\? dropped on the way out" feedd.log
'

test_expect_success '--once waits for a hub that never answers hub_timeout at most' '
	write_config --site "hub = $(hub_url slow)" --site "hub_timeout = 1s" \
		once.conf articles feeds-once europe=Europe &&
	start=$(date +%s) &&
	"$FEEDD" -c once.conf --once 2>once.log &&
	end=$(date +%s) &&
	test "$((end - start))" -le 6 &&
	test_grep "2 WebSub pings not answered within hub_timeout" once.log &&
	test -f feeds-once/europe.atom
'

test_expect_success 'stop the hubs' '
	stop_hub ok && stop_hub slow && stop_hub down
'

test_done
