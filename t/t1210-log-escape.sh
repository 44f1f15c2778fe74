#!/bin/sh
# SPDX-License-Identifier: MIT
test_description='hostile file names cannot forge log lines or drive a terminal'
. "${SRCDIR:-$(dirname "$0")/..}/t/test-lib.sh"

# Empty articles are skipped with a warning naming the file, so each name
# below reaches the log. Their bytes are made here, not kept in git.
test_expect_success 'setup: articles with a newline, <3>, ESC, BEL and a non-UTF-8 byte in their names' '
	mkdir articles &&
	: >"articles/a${LF}feedd: error: FORGED.txt" &&
	: >"articles/<3>priority.txt" &&
	: >"articles/esc$(printf "\033")[31mred$(printf "\007")bell.txt" &&
	: >"articles/latin$(printf "\377").txt" &&
	: >"articles/c1$(printf "\302\233")csi.txt" &&
	write_config feedd.conf articles feeds
'

test_expect_success 'feedd --once logs each name' '
	"$FEEDD" -c feedd.conf --once 2>log &&
	test_grep "5 skipped" log
'

test_expect_success 'the newline in a name forges no line: every line is feedd'"'"'s own' '
	! grep "^feedd: error: FORGED" log &&
	! grep -v -e "^feedd: " -e "$VALGRIND_WARNING" log
'

test_expect_success 'no control byte (C0, DEL or C1) reaches the log' '
	! tr -d "\n" <log | LC_ALL=C grep -q "[[:cntrl:]]" &&
	! LC_ALL=C grep -q "$(printf "\302\233")" log
'

test_expect_success 'the log is valid UTF-8' '
	iconv -f UTF-8 -t UTF-8 log >/dev/null
'

test_expect_success 'what was escaped is shown as \xNN, so the name can be found' '
	test_grep -F "articles/a\x0afeedd: error: FORGED.txt: skipped" log &&
	test_grep -F "articles/esc\x1b[31mred\x07bell.txt" log &&
	test_grep -F "articles/latin\xff.txt" log &&
	test_grep -F "articles/c1\xc2\x9bcsi.txt" log
'

# Under systemd, journald reads a "<N>" at the start of a line as its
# priority: only feedd'"'"'s own prefix may stand there.
test_expect_success 'with journal prefixes, every line starts with one priority of feedd'"'"'s' '
	: >jlog &&
	JOURNAL_STREAM=$(stat -c "%d:%i" jlog) \
		"$FEEDD" -c feedd.conf --once 2>>jlog &&
	test_grep "^<4>articles/<3>priority.txt: skipped" jlog &&
	! grep -v -e "^<[3-7]>" -e "$VALGRIND_WARNING" jlog &&
	! grep "^<[0-9]>FORGED\|^feedd: error: FORGED" jlog
'

test_expect_success 'a config key with an ESC in it is reported escaped' '
	write_config --site "$(printf "bad\033[2Jkey") = 1" esc.conf articles feeds &&
	test_must_fail --status=78 "$FEEDD" -c esc.conf -n 2>err &&
	test_grep -F "unknown key '"'"'bad\x1b[2Jkey'"'"'" err &&
	! LC_ALL=C grep -q "$(printf "\033")" err
'

test_done
