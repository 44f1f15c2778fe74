#!/bin/sh
# SPDX-License-Identifier: MIT
test_description='symbolic links: not followed by default; loops never hang'
. "${SRCDIR:-$(dirname "$0")/..}/t/test-lib.sh"

# article FILE TITLE SECTION: a small article in the newsroom layout.
article () {
	printf '%s\n\nBody of %s.\n\nLast update: Fri, 20/05/2016 - 16:55\n\nMore from %s\n' \
		"$2" "$2" "$3" >"$1"
}

test_expect_success 'setup: articles, an outside file and folder, links' '
	mkdir -p in/real outside/dir out &&
	article in/real/a.txt "Inside A" World &&
	article outside/secret.txt "Outside secret" World &&
	article outside/dir/b.txt "Outside folder B" World &&
	ln -s ../outside/secret.txt in/link.txt &&
	ln -s ../outside/dir in/linkdir &&
	ln -s .. in/real/loop &&
	write_config feedd.conf in out all="*"
'

test_expect_success 'by default links are not followed' '
	"$FEEDD" -c feedd.conf --once 2>log &&
	test_grep "Inside A" out/all.atom &&
	test_grep -v "Outside secret" out/all.atom &&
	test_grep -v "Outside folder B" out/all.atom
'

test_expect_success 'follow_symlinks = yes reads linked files and folders' '
	write_config --site "follow_symlinks = yes" feedd2.conf in out2 \
		all="*" &&
	"$FEEDD" -c feedd2.conf --once 2>log2 &&
	test_grep "Outside secret" out2/all.atom &&
	test_grep "Outside folder B" out2/all.atom
'

test_expect_success 'a link loop is reported and the walk ends' '
	test_grep "symbolic link loop" log2 &&
	test $(grep -c "<entry>" out2/all.atom) = 3
'

test_expect_success 'the daemon follows the loop once: folders watched once' '
	write_config --site "follow_symlinks = yes" --site "debounce = 50ms" \
		feedd3.conf in out3 all="*" &&
	start_feedd feedd3.conf &&
	test $(grep -c "<entry>" out3/all.atom) = 3 &&
	printf "New inside\n\nBody.\n\nLast update: Fri, 20/05/2016 - 17:55\n\nMore from World\n" \
		>in/real/new.txt &&
	wait_for "grep -q \"New inside\" out3/all.atom" &&
	test $(grep -c "<entry>" out3/all.atom) = 4 &&
	grep -c "New inside" out3/all.atom >count &&
	echo 1 >one &&
	test_cmp one count &&
	stop_feedd
'

test_expect_success 'a bad follow_symlinks value is a config error' '
	write_config --site "follow_symlinks = maybe" bad.conf in out3 \
		all="*" &&
	test_must_fail --status=78 "$FEEDD" -c bad.conf -n 2>err &&
	test_grep "bad.conf:[0-9]*: .maybe. is not yes or no" err
'

test_done
