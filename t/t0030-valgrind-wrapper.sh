#!/bin/sh
# SPDX-License-Identifier: MIT
test_description='t/valgrind-feedd.sh, the wrapper make check-valgrind runs feedd with'
. "${SRCDIR:-$(dirname "$0")/..}/t/test-lib.sh"

FEEDD_BINARY=${FEEDD_BINARY:-$BUILDDIR/src/feedd}
export FEEDD_BINARY

test_expect_success 'setup: articles and a config' '
	mkdir articles vgtmp &&
	write_article articles/a.txt "An article" &&
	write_config feedd.conf articles feeds
'

# valgrind makes its gdbserver FIFOs in $TMPDIR and removes them only when
# it exits normally: a SIGKILLed feedd left three files in /tmp per run.
if ! command -v valgrind >/dev/null; then
	test_skip_next "valgrind is not installed"
elif ! valgrind --quiet --error-exitcode=99 "$FEEDD_BINARY" --version \
	>/dev/null 2>&1; then
	# An AddressSanitizer build (make check-sanitizers) cannot run there.
	test_skip_next "feedd does not run under valgrind (ASan build?)"
fi
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
