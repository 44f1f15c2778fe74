#!/bin/sh
# SPDX-License-Identifier: MIT
test_description='a folder too deep for inotify is polled, so its edits are published'
. "${SRCDIR:-$(dirname "$0")/..}/t/test-lib.sh"

# inotify_add_watch takes a path, and a folder whose absolute path is longer
# than PATH_MAX (4096) cannot be named to it; the walk reads such a folder
# through descriptors all the same. Its articles must not be published once
# and then frozen.

# The folders below articles/: 16 of 250 bytes, then one sized so that the
# absolute path of the last is just over PATH_MAX (4096) while its path
# relative to the articles folder, which the walk opens, stays under it.
LEVEL=$(printf '%0250d' 0 | tr 0 x)
last=$((4100 - ${#TRASH} - 9 - 16 * 251))
test "$last" -ge 1 || last=1
LAST=$(printf "%0${last}d" 0 | tr 0 y)

# in_deep CMD...: runs CMD in the deepest folder, made on the way when
# missing, one folder at a time relative to the one before.
in_deep () {
	(
		cd articles &&
		i=0 &&
		while test "$i" -lt 16; do
			mkdir -p "$LEVEL" && cd "$LEVEL" || exit 1
			i=$((i + 1))
		done &&
		mkdir -p "$LAST" && cd "$LAST" &&
		"$@"
	)
}

test_expect_success 'setup: an article over PATH_MAX bytes of absolute path down' '
	mkdir articles &&
	write_article articles/top.txt "On top" World &&
	in_deep write_article deep.txt "Deep down" World &&
	write_config --site "debounce = 50ms" --site "poll_interval = 200ms" \
		feedd.conf articles feeds all=*
'

test_expect_success 'the daemon publishes it and says it polls for that folder' '
	start_feedd "$TRASH/feedd.conf" &&
	test_grep "Deep down" feeds/all.atom &&
	test_grep "cannot watch, so feedd polls for changes instead: File name too long" feedd.log
'

test_expect_success 'an edit deep down reaches the feeds' '
	in_deep write_article deep.txt "Deep down, edited" World &&
	wait_for "grep -q \"Deep down, edited\" feeds/all.atom"
'

test_expect_success 'the daemon stops cleanly' '
	stop_feedd
'

test_done
