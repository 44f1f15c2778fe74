#!/bin/sh
# SPDX-License-Identifier: MIT
test_description='temporary files a killed feedd left are removed at start, and only those'
. "${SRCDIR:-$(dirname "$0")/..}/t/test-lib.sh"

STRACE=$(command -v strace || :)
export STRACE

# plant: the leftovers of a killed feedd in feeds/ (full copies of the
# feeds, as kill -9 between the write and the rename leaves them), and
# look-alikes that are not feedd's: other names, a link, a folder, a FIFO.
plant () {
	cp feeds/all.rss feeds/.all.rss.0a1b2c &&
	cp feeds/all.atom feeds/.all.atom.ffffff &&
	chmod 600 feeds/.all.atom.ffffff &&
	: >feeds/..feedd.state.123abc &&
	for name in .all.rss.0A1B2C .all.rss.0a1b2 .all.rss.0a1b2c3 \
		all.rss.0a1b2c .all.rss.0a1b2g .all.rss-0a1b2c ..0a1b2c \
		.htaccess notes.txt
	do
		echo "keep $name" >"feeds/$name" || return 1
	done &&
	echo "outside" >outside.txt &&
	ln -sf ../outside.txt feeds/.world.rss.abcdef &&
	mkdir -p feeds/.world.atom.abcdef &&
	echo "inside" >feeds/.world.atom.abcdef/x.txt &&
	{ test -p feeds/.fifo.rss.abcdef || mkfifo feeds/.fifo.rss.abcdef; }
}

# survivors: every look-alike is still there, as it was.
survivors () {
	for name in .all.rss.0A1B2C .all.rss.0a1b2 .all.rss.0a1b2c3 \
		all.rss.0a1b2c .all.rss.0a1b2g .all.rss-0a1b2c ..0a1b2c \
		.htaccess notes.txt
	do
		test "$(cat "feeds/$name")" = "keep $name" || {
			echo "survivors: feeds/$name is gone or changed" >&2
			return 1
		}
	done &&
	test -h feeds/.world.rss.abcdef &&
	test "$(cat outside.txt)" = "outside" &&
	test -d feeds/.world.atom.abcdef &&
	test "$(cat feeds/.world.atom.abcdef/x.txt)" = "inside" &&
	test -p feeds/.fifo.rss.abcdef
}

# stale_gone: none of feedd's leftovers is there any more.
stale_gone () {
	for name in .all.rss.0a1b2c .all.atom.ffffff ..feedd.state.123abc; do
		if test -e "feeds/$name"; then
			echo "stale_gone: feeds/$name is still there" >&2
			return 1
		fi
	done
}

test_expect_success 'setup: the example articles, built once' '
	copy_tree "$SRCDIR/example/articles" articles &&
	write_config --site "debounce = 50ms" feedd.conf articles feeds \
		world=World all=* &&
	"$FEEDD" -c feedd.conf --once 2>first.log &&
	test -f feeds/all.rss
'

test_expect_success '--once removes the temporary files a killed feedd left' '
	plant &&
	"$FEEDD" -c feedd.conf --once 2>once.log &&
	stale_gone &&
	test_grep "feeds: removed 3 temporary files left by an interrupted run" \
		once.log
'

test_expect_success '--once leaves every look-alike alone, and links unfollowed' '
	survivors
'

test_expect_success 'the feeds are whole after the clean-up' '
	$FEEDCHECK --count 15 feeds/all.atom &&
	$FEEDCHECK --count 15 feeds/all.rss
'

test_expect_success 'a second --once has nothing to remove and says nothing of it' '
	"$FEEDD" -c feedd.conf --once 2>again.log &&
	test_grep -v "temporary file" again.log &&
	survivors
'

test_expect_success 'the daemon removes them when it starts, and only them' '
	plant &&
	start_feedd feedd.conf &&
	stale_gone &&
	survivors &&
	test_grep "feeds: removed 3 temporary files" "$(feedd_log)" &&
	test_expect_status 0 stop_feedd TERM
'

test_expect_success '-n removes nothing' '
	plant &&
	"$FEEDD" -c feedd.conf -n >check.out 2>&1 &&
	test -f feeds/.all.rss.0a1b2c &&
	test -f feeds/.all.atom.ffffff &&
	"$FEEDD" -c feedd.conf --once 2>once.log &&
	stale_gone
'

# kill -9 in the middle of writing the feeds, at the first call that
# would make a temporary file readable: what a killed feedd really leaves
# (the other feeds' files, written on other threads, may be anywhere
# between created and complete).
test_skip_unless_tool STRACE
test_expect_success 'killed mid-write, feedd leaves 0600 temporary files; the next start removes them' '
	rm feeds/world.atom feeds/world.rss feeds/all.atom feeds/all.rss &&
	ls -A feeds | LC_ALL=C sort >before-kill &&
	{ "$STRACE" -f -o strace.log -e trace=fchmod \
		-e inject=fchmod:signal=KILL "$FEEDD_BINARY" -c feedd.conf \
		--once 2>killed.log; test $? -ne 0; } &&
	ls -A feeds | LC_ALL=C sort | LC_ALL=C comm -13 before-kill - >left &&
	test_line_count -ge 1 left &&
	for name in $(cat left); do
		test_mode 600 "feeds/$name" || return 1
	done &&
	"$FEEDD" -c feedd.conf --once 2>after.log &&
	test_grep "removed $(wc -l <left | tr -d " ") temporary file" after.log &&
	for name in $(cat left); do
		! test -e "feeds/$name" || return 1
	done &&
	survivors &&
	$FEEDCHECK --count 15 feeds/all.atom
'

test_done
