#!/bin/sh
# SPDX-License-Identifier: MIT
test_description='the state file: a restarted daemon keeps ids and publication times'
. "${SRCDIR:-$(dirname "$0")/..}/t/test-lib.sh"

# Two articles of the copied example are dated by the state: undated.txt
# has no date at all (its first-seen time dates it), updated-only.txt only
# a "Last update:" later than its first-seen time (which is then its
# publication time). Both files are dated 2020-01-01 12:00 UTC, so that
# feedd takes that as first seen; touching them later would move that
# time, were it not recorded.

# items FEED: id, published and updated of each entry, sorted by id.
items () {
	$FEEDCHECK --print id,published,updated "$1" | sort
}

# dump CONFIG: the state of CONFIG, as feedd --dump-state prints it.
dump () {
	"$FEEDD" -c "$1" --dump-state
}

# valid_state CONFIG: the dump of CONFIG's state has one well-formed line
# an article (path TAB id TAB first-seen TAB published), sorted by path;
# prints the number of records.
valid_state () {
	dump "$1" >records &&
	{ grep -v "^[^${TAB}]*${TAB}[^${TAB}]*${TAB}-*[0-9TZ:-]*${TAB}[0-9TZ:-]*\$" records >bad || :; } &&
	test_must_be_empty bad &&
	cut -f1 records >paths &&
	LC_ALL=C sort paths >sorted &&
	test_cmp sorted paths &&
	wc -l <records
}

# has_record CONFIG PATH: CONFIG's state holds a record for PATH.
has_record () {
	dump "$1" | grep -q "^$2$TAB"
}

test_expect_success 'setup: articles, two dated by the state; a config' '
	copy_tree "$SRCDIR/example/articles" articles &&
	write_article articles/undated.txt "An undated article" "" &&
	write_article articles/updated-only.txt "Updated after first seen" \
		World "Wed, 01/05/2024 - 10:00" &&
	touch -d "2020-01-01 12:00:00 UTC" articles/undated.txt \
		articles/updated-only.txt &&
	write_config --site "debounce = 50ms" feedd.conf articles feeds \
		world=World all=*
'

test_expect_success 'first run: the state dates the articles that need it' '
	start_feedd feedd.conf -v &&
	test_grep "^feedd: $XDG_STATE_HOME/feedd/[^/]*\\.sqlite: no records yet" feedd.log &&
	$FEEDCHECK --count 17 \
		--entry "${P}undated" published 2020-01-01T12:00:00Z \
		--entry "${P}undated" updated 2020-01-01T12:00:00Z \
		--entry "${P}updated-only" published 2020-01-01T12:00:00Z \
		--entry "${P}updated-only" updated 2024-05-01T08:00:00Z \
		feeds/all.atom &&
	stop_feedd &&
	items feeds/all.atom >first &&
	grep -e "<id>" -e "<published>" feeds/all.atom >first.raw &&
	test_line_count = 17 first &&
	valid_state feedd.conf >count &&
	echo 17 >expect &&
	test_cmp expect count
'

test_expect_success 'the state is not in the output folder; file 0600, folder 0700' '
	! test -e feeds/.feedd.state &&
	test_mode 600 "$XDG_STATE_HOME"/feedd/*feedd.conf.sqlite &&
	test "$(stat -c %a "$XDG_STATE_HOME/feedd")" = 700 &&
	{ ls -A feeds | grep "^\\." >hidden || :; } &&
	test_must_be_empty hidden
'

test_expect_success '--dump-state: one line an article, sorted by path' '
	dump feedd.conf >dumped &&
	test_line_count = 17 dumped &&
	test_grep "^undated\\.txt${TAB}${P}undated${TAB}2020-01-01T12:00:00Z${TAB}2020-01-01T12:00:00Z\$" dumped &&
	test_grep "^updated-only\\.txt${TAB}${P}updated-only${TAB}2020-01-01T12:00:00Z${TAB}2020-01-01T12:00:00Z\$" dumped &&
	sqlite_state="$(ls "$XDG_STATE_HOME"/feedd/*feedd.conf.sqlite)" &&
	if command -v sqlite3 >/dev/null; then
		sqlite3 "$sqlite_state" "select id from articles where path = '"'"'undated.txt'"'"'" >id &&
		echo "${P}undated" >expect &&
		test_cmp expect id
	fi
'

test_expect_success 'a restart rewrites no feed: same bytes, same files' '
	stat -c "%n %i %Y.%y" feeds/*.atom feeds/*.rss >before &&
	start_feedd feedd.conf -v &&
	test_grep "^feedd: all\\.atom: 17 items, unchanged\$" feedd.log &&
	test_grep -v "items (" feedd.log &&
	stat -c "%n %i %Y.%y" feeds/*.atom feeds/*.rss >after &&
	test_cmp before after &&
	stop_feedd
'

test_expect_success 'files touched while it was stopped keep ids and publication times' '
	touch articles/undated.txt articles/updated-only.txt &&
	start_feedd feedd.conf -v &&
	items feeds/all.atom >second &&
	test_cmp first second &&
	grep -e "<id>" -e "<published>" feeds/all.atom >second.raw &&
	test_cmp first.raw second.raw &&
	stop_feedd
'

test_expect_success 'changes made while it was stopped are taken in at start' '
	write_article articles/while-stopped.txt "Written while stopped" World &&
	rm articles/014_e1b526d6ab5bf178.txt &&
	start_feedd feedd.conf -v &&
	has "${P}while-stopped" feeds/all.atom feeds/all.rss feeds/world.atom &&
	! grep -q 014_e1b526d6ab5bf178 feeds/all.atom feeds/all.rss &&
	items feeds/all.atom >third &&
	grep -v -e while-stopped third >kept &&
	grep -v -e 014_e1b526d6ab5bf178 first >expect &&
	test_cmp expect kept &&
	has_record feedd.conf "while-stopped\\.txt"
'

test_expect_success 'an article deleted while it was stopped leaves the state at start' '
	valid_state feedd.conf >/dev/null &&
	! has_record feedd.conf "014_e1b526d6ab5bf178\\.txt"
'

test_expect_success 'a running daemon records the articles it sees' '
	write_article outside.txt "Seen while running" "" &&
	touch -d "2020-06-01 00:00:00 UTC" outside.txt &&
	mv outside.txt articles/seen-running.txt &&
	wait_for "has ${P}seen-running feeds/all.atom feeds/all.rss" &&
	has_record feedd.conf "seen-running\\.txt" &&
	$FEEDCHECK --entry "${P}seen-running" published 2020-06-01T00:00:00Z \
		feeds/all.atom &&
	items feeds/all.atom >fourth &&
	stop_feedd &&
	valid_state feedd.conf >/dev/null &&
	dump feedd.conf >dumped &&
	test_grep "^seen-running\\.txt$TAB${P}seen-running${TAB}2020-06-01T00:00:00Z${TAB}2020-06-01T00:00:00Z\$" \
		dumped &&
	touch articles/seen-running.txt
'

test_expect_success 'after id_prefix changes, seen articles keep their ids; new ones use it' '
	sed -i "s/^id_prefix = .*/id_prefix = urn:example:renamed:/" feedd.conf &&
	start_feedd feedd.conf -v &&
	items feeds/all.atom >fifth &&
	test_cmp fourth fifth &&
	write_article articles/new-prefix.txt "After the new prefix" World &&
	wait_for "has urn:example:renamed:new-prefix feeds/all.atom feeds/all.rss" &&
	stop_feedd &&
	start_feedd feedd.conf -v &&
	items feeds/all.atom >sixth &&
	grep -v new-prefix sixth >kept &&
	test_cmp fourth kept &&
	has urn:example:renamed:new-prefix feeds/world.atom &&
	stop_feedd
'

test_expect_success 'after SIGKILL, what the state recorded is kept' '
	start_feedd feedd.conf -v &&
	write_article outside.txt "Just before SIGKILL" "" &&
	touch -d "2020-07-01 00:00:00 UTC" outside.txt &&
	mv outside.txt articles/before-kill.txt &&
	wait_for "has urn:example:renamed:before-kill feeds/all.atom feeds/all.rss" &&
	test_expect_status 137 stop_feedd KILL &&
	has_record feedd.conf "before-kill\\.txt" &&
	$FEEDCHECK --entry urn:example:renamed:before-kill published \
		2020-07-01T00:00:00Z feeds/all.atom &&
	items feeds/all.atom >with-new &&
	touch articles/before-kill.txt &&
	start_feedd feedd.conf -v &&
	items feeds/all.atom >after-kill &&
	test_cmp with-new after-kill &&
	stop_feedd
'

# The state is committed before the feeds are renamed: killed the moment a
# feed carries a new item, then restarted with another id_prefix, feedd
# keeps the guid readers have. (The state used to be saved 1-10 s later.)
test_expect_success 'SIGKILL right after a build, then a new id_prefix: the guid stays' '
	start_feedd feedd.conf -v &&
	write_article articles/kill-window.txt "Killed in the window" World &&
	wait_for "has urn:example:renamed:kill-window feeds/all.atom feeds/all.rss" 20 &&
	test_expect_status 137 stop_feedd KILL &&
	sed -i "s/^id_prefix = .*/id_prefix = urn:example:other:/" feedd.conf &&
	start_feedd feedd.conf -v &&
	has urn:example:renamed:kill-window feeds/all.atom feeds/all.rss \
		feeds/world.atom &&
	! grep -q urn:example:other:kill-window feeds/all.atom &&
	stop_feedd &&
	sed -i "s/^id_prefix = .*/id_prefix = urn:example:renamed:/" feedd.conf
'

test_expect_success 'a file dated before 1970 keeps its date across restarts' '
	write_article outside.txt "Before the epoch" "" &&
	touch -d "1969-07-20 20:17:00 UTC" outside.txt &&
	mv outside.txt articles/moon.txt &&
	start_feedd feedd.conf -v &&
	$FEEDCHECK --entry urn:example:renamed:moon published \
		1969-07-20T20:17:00Z feeds/all.atom &&
	stop_feedd &&
	touch articles/moon.txt &&
	start_feedd feedd.conf -v &&
	$FEEDCHECK --entry urn:example:renamed:moon published \
		1969-07-20T20:17:00Z feeds/all.atom &&
	dump feedd.conf >dumped &&
	test_grep "^moon\\.txt${TAB}urn:example:renamed:moon${TAB}1969-07-20T20:17:00Z$TAB" dumped &&
	stop_feedd
'

test_expect_success 'a corrupt state database is reported and rebuilt, not fatal' '
	state=$(ls "$XDG_STATE_HOME"/feedd/*feedd.conf.sqlite) &&
	{ printf "SQLite format 3\\000" && head -c 8192 /dev/zero | tr "\\000" x; } >"$state" &&
	rm -f "$state-wal" "$state-shm" &&
	start_feedd feedd.conf -v &&
	test_grep "^feedd: warning: $state: corrupt state database (.*): moved to $state\\.corrupt; starting afresh" \
		feedd.log &&
	test -f "$state.corrupt" &&
	n=$(find articles -name "*.txt" | wc -l) &&
	valid_state feedd.conf >count &&
	test "$(cat count)" = "$n" &&
	$FEEDCHECK --count "$n" feeds/all.atom &&
	has urn:example:renamed:undated feeds/all.atom &&
	stop_feedd
'

test_expect_success 'a file that is no state is reported and replaced, not fatal' '
	state=$(ls "$XDG_STATE_HOME"/feedd/*feedd.conf.sqlite) &&
	printf "\001\002 not a state file\n" >"$state" &&
	start_feedd feedd.conf -v &&
	test_grep "^feedd: warning: $state: not a feedd state file: moved to $state\\.corrupt" \
		feedd.log &&
	n=$(find articles -name "*.txt" | wc -l) &&
	valid_state feedd.conf >count &&
	test "$(cat count)" = "$n" &&
	stop_feedd &&
	: >"$state" &&
	start_feedd feedd.conf -v &&
	valid_state feedd.conf >count &&
	test "$(cat count)" = "$n" &&
	stop_feedd
'

test_expect_success 'a FIFO at the state path is refused at once' '
	mkfifo fifo.state &&
	write_config --site "state_file = fifo.state" fifo.conf articles \
		fifo-feeds all=* &&
	start_feedd --no-wait --log fifo.log fifo.conf &&
	test_expect_status 78 wait_feedd_exit 10 &&
	test_grep "fifo\\.state: the state file is a FIFO: move it away" fifo.log &&
	! test -e fifo-feeds/all.atom &&
	test_expect_status 78 "$FEEDD" -c fifo.conf --once 2>once.log &&
	test_grep "the state file is a FIFO" once.log
'

test_expect_success 'an old state file in the output folder is imported, then removed' '
	mkdir old-feeds &&
	printf "feedd-state 1\nundated.txt\tolder:undated\t1577880000\n" \
		>old-feeds/.feedd.state &&
	write_config --site "debounce = 50ms" old.conf articles old-feeds all=* &&
	start_feedd --log old.log old.conf -v &&
	test_grep "old-feeds/\\.feedd\\.state: 1 record imported into" old.log &&
	! test -e old-feeds/.feedd.state &&
	$FEEDCHECK --entry older:undated published 2020-01-01T12:00:00Z \
		old-feeds/all.atom &&
	stop_feedd &&
	start_feedd --log old.log old.conf -v &&
	has older:undated old-feeds/all.atom &&
	stop_feedd
'

test_expect_success 'STATE_DIRECTORY: the state is there; an old feedd.state imported' '
	mkdir statedir &&
	printf "feedd-state 1\nundated.txt\tsd:undated\t1577880000\n" \
		>statedir/feedd.state &&
	write_config --site "debounce = 50ms" sd.conf articles sd-feeds all=* &&
	STATE_DIRECTORY=$TRASH/statedir &&
	export STATE_DIRECTORY &&
	start_feedd --log sd.log sd.conf -v &&
	stop_feedd &&
	! test -e sd-feeds/.feedd.state &&
	! test -e statedir/feedd.state &&
	test_mode 600 statedir/*sd.conf.sqlite &&
	has sd:undated sd-feeds/all.atom &&
	valid_state sd.conf >count &&
	items sd-feeds/all.atom >sd1 &&
	touch articles/undated.txt &&
	start_feedd --log sd.log sd.conf -v &&
	items sd-feeds/all.atom >sd2 &&
	test_cmp sd1 sd2 &&
	stop_feedd
'

test_expect_success 'state_file = PATH: the state is there, its folder made 0700' '
	write_config --site "debounce = 50ms" --site "state_file = statefiles/my.state" \
		sf.conf articles sf-feeds all=* &&
	start_feedd --log sf.log sf.conf -v &&
	stop_feedd &&
	! test -e sf-feeds/.feedd.state &&
	test_mode 600 statefiles/my.state &&
	test "$(stat -c %a statefiles)" = 700 &&
	valid_state sf.conf >count
'

test_expect_success 'an old text state at state_file becomes a database in place' '
	printf "feedd-state 1\nundated.txt\tinplace:undated\t1577880000\n" \
		>statefiles/old.state &&
	write_config --site "debounce = 50ms" --site "state_file = statefiles/old.state" \
		ip.conf articles ip-feeds all=* &&
	start_feedd --log ip.log ip.conf -v &&
	stop_feedd &&
	test_grep "1 record of the old text state imported" ip.log &&
	has inplace:undated ip-feeds/all.atom &&
	test "$(head -c 15 statefiles/old.state)" = "SQLite format 3"
'

test_expect_success '-n, starts and reloads refuse a state or folders where they must not be' '
	write_config --site "state_file = n-feeds/x.state" n1.conf articles n-feeds &&
	test_expect_status 78 "$FEEDD" -c n1.conf -n 2>err &&
	test_grep "n1\\.conf:11: state_file .n-feeds/x\\.state. is inside the output folder" err &&
	write_config --site "state_file = articles/x.state" n2.conf articles n-feeds &&
	test_expect_status 78 "$FEEDD" -c n2.conf -n 2>err &&
	test_grep "n2\\.conf:11: state_file .articles/x\\.state. is inside the articles folder" err &&
	write_config n3.conf articles articles/feeds &&
	test_expect_status 78 "$FEEDD" -c n3.conf -n 2>err &&
	test_grep "n3\\.conf:8: output .* is inside the articles folder" err &&
	mkdir -p n-feeds/articles &&
	write_config n4.conf n-feeds/articles n-feeds &&
	test_expect_status 78 "$FEEDD" -c n4.conf -n 2>err &&
	test_grep "n4\\.conf:7: articles .* is inside the output folder" err &&
	write_config --site "debounce = 50ms" n5.conf articles n-feeds &&
	start_feedd --log n5.log n5.conf &&
	echo "state_file = n-feeds/x.state" >>n5.conf.site &&
	sed -i "/^\[site\]/r n5.conf.site" n5.conf &&
	kill -HUP "$(feedd_pid)" &&
	wait_for "grep -q \"n5\\.conf:3: state_file .* is inside the output folder.*; keeping the configuration that is running\" n5.log" &&
	feedd_running &&
	! test -e n-feeds/x.state &&
	stop_feedd &&
	write_config n5.conf articles n-feeds &&
	"$FEEDD" -c n5.conf -n >out &&
	test_grep "state in $XDG_STATE_HOME/feedd/.*n5\\.conf\\.sqlite\$" out
'

test_done
