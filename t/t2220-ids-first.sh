#!/bin/sh
# SPDX-License-Identifier: MIT
test_description='ids first: no feed is written before the ids it carries are recorded'
. "${SRCDIR:-$(dirname "$0")/..}/t/test-lib.sh"

# The state's commit runs beside the serialising of the feeds, and the
# build waits for it before writing anything. Another program holding the
# state's write lock past feedd's busy timeout (5 s) makes the commit fail:
# then no file may be written, and the ids come out only once recorded.

# hold_lock DB: takes the database's write lock in the background until
# the file "release" appears (at most a minute); "locked" says it holds it.
hold_lock () {
	rm -f locked release || return 1
	"$PYTHON3" -c '
import os, sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=10)
db.execute("BEGIN IMMEDIATE")
open("locked", "w").close()
for _ in range(600):
    if os.path.exists("release"):
        break
    time.sleep(0.1)
db.execute("ROLLBACK")
' "$1" &
	wait_for "test -e locked"
}

test_expect_success 'setup: a daemon with two articles' '
	mkdir articles state &&
	write_article articles/a.txt "Article A" World &&
	write_article articles/b.txt "Article B" Sport &&
	write_config --site "debounce = 50ms" \
		--site "state_file = $PWD/state/feedd.state" \
		feedd.conf articles feeds world=World sport=Sport all=* &&
	start_feedd feedd.conf -v &&
	wait_for "has a feeds/world.atom feeds/all.rss"
'

test_expect_success 'state locked: the new article is in no feed, nothing is written' '
	mkdir saved &&
	cp feeds/* saved/ &&
	hold_lock state/feedd.state &&
	feedd_mark &&
	write_article articles/c.txt "Article C" World &&
	wait_for "logged \"cannot record ids: database is locked\"" 30 &&
	wait_for "logged \"world.atom: not written, as the ids it carries could not be recorded\"" &&
	for f in saved/*; do
		test_cmp "$f" "feeds/${f#saved/}" || return 1
	done &&
	hasnt c feeds/world.atom feeds/world.rss feeds/all.atom feeds/all.rss &&
	! "$FEEDD" -c feedd.conf --dump-state | grep "^c\\.txt" &&
	no_temp_files
'

test_expect_success 'the lock goes: the article comes out with the id recorded' '
	: >release &&
	wait_for "has c feeds/world.atom feeds/all.rss" 30 &&
	"$FEEDD" -c feedd.conf --dump-state >dump &&
	id=$(grep "^c\\.txt$TAB" dump | cut -f2) &&
	test -n "$id" &&
	grep -F ">$id<" feeds/world.atom &&
	stop_feedd
'

test_expect_success '--once with the state locked: nothing written, exit status 1' '
	rm -rf feeds2 &&
	write_config --site "state_file = $PWD/state/once.state" \
		once.conf articles feeds2 world=World all=* &&
	"$FEEDD" -c once.conf --once 2>/dev/null &&
	hold_lock state/once.state &&
	write_article articles/d.txt "Article D" World &&
	cp -r feeds2 saved2 &&
	test_must_fail --status=1 "$FEEDD" -c once.conf --once 2>once.log &&
	: >release &&
	test_grep "cannot record ids: database is locked" once.log &&
	test_grep "all.atom: not written" once.log &&
	diff -r saved2 feeds2 &&
	"$FEEDD" -c once.conf --once 2>/dev/null &&
	has d feeds2/world.atom feeds2/all.atom
'

test_done
