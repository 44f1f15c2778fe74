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

# valid_state FILE: the "feedd-state 1" line, then path TAB id TAB seconds
# lines, sorted by path; prints the number of records.
valid_state () {
	test "$(sed -n 1p "$1")" = "feedd-state 1" || {
		echo "valid_state: $1 does not start with feedd-state 1" >&2
		return 1
	}
	sed 1d "$1" >records &&
	{ grep -v "^[^${TAB}]*${TAB}[^${TAB}]*${TAB}[0-9][0-9]*\$" records >bad || :; } &&
	test_must_be_empty bad &&
	cut -f1 records >paths &&
	LC_ALL=C sort paths >sorted &&
	test_cmp sorted paths &&
	wc -l <records
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
	test_grep "feeds/\\.feedd\\.state: no state file yet" feedd.log &&
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
	valid_state feeds/.feedd.state >count &&
	echo 17 >expect &&
	test_cmp expect count
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
	wait_for "grep -q \"^while-stopped\\.txt$TAB\" feeds/.feedd.state"
'

test_expect_success 'an article deleted while it was stopped leaves the state at start' '
	valid_state feeds/.feedd.state >/dev/null &&
	test_grep -v "^014_e1b526d6ab5bf178\\.txt$TAB" feeds/.feedd.state
'

test_expect_success 'a running daemon records the articles it sees' '
	write_article outside.txt "Seen while running" "" &&
	touch -d "2020-06-01 00:00:00 UTC" outside.txt &&
	mv outside.txt articles/seen-running.txt &&
	wait_for "grep -q \"^seen-running\\.txt$TAB\" feeds/.feedd.state" &&
	wait_for "has ${P}seen-running feeds/all.atom feeds/all.rss" &&
	$FEEDCHECK --entry "${P}seen-running" published 2020-06-01T00:00:00Z \
		feeds/all.atom &&
	items feeds/all.atom >fourth &&
	stop_feedd &&
	valid_state feeds/.feedd.state >/dev/null &&
	test_grep "^seen-running\\.txt$TAB${P}seen-running${TAB}1590969600\$" \
		feeds/.feedd.state &&
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

test_expect_success 'after SIGKILL, what the state file recorded is kept' '
	start_feedd feedd.conf -v &&
	items feeds/all.atom >before-kill &&
	write_article outside.txt "Just before SIGKILL" "" &&
	touch -d "2020-07-01 00:00:00 UTC" outside.txt &&
	mv outside.txt articles/before-kill.txt &&
	wait_for "has urn:example:renamed:before-kill feeds/all.atom feeds/all.rss" &&
	wait_for "grep -q \"^before-kill\\.txt$TAB\" feeds/.feedd.state" &&
	$FEEDCHECK --entry urn:example:renamed:before-kill published \
		2020-07-01T00:00:00Z feeds/all.atom &&
	items feeds/all.atom >with-new &&
	test_expect_status 137 stop_feedd KILL &&
	touch articles/before-kill.txt &&
	start_feedd feedd.conf -v &&
	items feeds/all.atom >after-kill &&
	test_cmp with-new after-kill &&
	stop_feedd
'

test_expect_success 'a corrupt state file is reported and rebuilt, not fatal' '
	cp feeds/.feedd.state state.good &&
	printf "this line has no tabs\n" >>feeds/.feedd.state &&
	line=$(wc -l <feeds/.feedd.state) &&
	start_feedd feedd.conf -v &&
	test_grep "^feedd: warning: feeds/\\.feedd\\.state:$line: corrupt state file: starting afresh" \
		feedd.log &&
	wait_for "valid_state feeds/.feedd.state >count 2>/dev/null" &&
	n=$(find articles -name "*.txt" | wc -l) &&
	test "$(cat count)" = "$n" &&
	$FEEDCHECK --count "$n" feeds/all.atom &&
	has urn:example:renamed:undated feeds/all.atom &&
	stop_feedd
'

test_expect_success 'a file that is no state file is reported and replaced, not fatal' '
	printf "\001\002 not a state file\n" >feeds/.feedd.state &&
	start_feedd feedd.conf -v &&
	test_grep "^feedd: warning: feeds/\\.feedd\\.state: not a feedd state file: starting afresh" \
		feedd.log &&
	wait_for "valid_state feeds/.feedd.state >count 2>/dev/null" &&
	n=$(find articles -name "*.txt" | wc -l) &&
	test "$(cat count)" = "$n" &&
	stop_feedd &&
	: >feeds/.feedd.state &&
	start_feedd feedd.conf -v &&
	wait_for "valid_state feeds/.feedd.state >count 2>/dev/null" &&
	test "$(cat count)" = "$n" &&
	stop_feedd
'

test_expect_success 'STATE_DIRECTORY: the state is $STATE_DIRECTORY/feedd.state' '
	mkdir statedir &&
	write_config --site "debounce = 50ms" sd.conf articles sd-feeds all=* &&
	STATE_DIRECTORY=$TRASH/statedir &&
	export STATE_DIRECTORY &&
	start_feedd --log sd.log sd.conf -v &&
	stop_feedd &&
	! test -e sd-feeds/.feedd.state &&
	valid_state statedir/feedd.state >count &&
	items sd-feeds/all.atom >sd1 &&
	touch articles/undated.txt &&
	start_feedd --log sd.log sd.conf -v &&
	items sd-feeds/all.atom >sd2 &&
	test_cmp sd1 sd2 &&
	stop_feedd
'

test_expect_success 'state_file = PATH: the state is there, its folder made' '
	write_config --site "debounce = 50ms" --site "state_file = statefiles/my.state" \
		sf.conf articles sf-feeds all=* &&
	start_feedd --log sf.log sf.conf -v &&
	stop_feedd &&
	! test -e sf-feeds/.feedd.state &&
	valid_state statefiles/my.state >count
'

test_done
