#!/bin/sh
# SPDX-License-Identifier: MIT
test_description='t/valgrind-feedd.sh, the wrapper make check-valgrind runs feedd with'
. "${SRCDIR:-$(dirname "$0")/..}/t/test-lib.sh"

VALGRIND=$(command -v valgrind || :)
FEEDD_BINARY=${FEEDD_BINARY:-$BUILDDIR/src/feedd}
export VALGRIND FEEDD_BINARY

test_expect_success 'setup: articles and a config' '
	mkdir articles vgtmp &&
	write_article articles/a.txt "An article" &&
	write_config feedd.conf articles feeds
'

# valgrind makes its gdbserver FIFOs in $TMPDIR and removes them only when
# it exits normally: a SIGKILLed feedd left three files in /tmp per run.
test_skip_unless_tool VALGRIND
test_expect_success 'no vgdb FIFOs while feedd runs, nor after SIGKILL' '
	TMPDIR=$TRASH/vgtmp FEEDD=$SRCDIR/t/valgrind-feedd.sh \
		start_feedd feedd.conf &&
	ls -A vgtmp >files &&
	test_must_be_empty files &&
	test_expect_status 137 stop_feedd KILL &&
	ls -A vgtmp >files &&
	test_must_be_empty files
'

test_done
