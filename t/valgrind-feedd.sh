#!/bin/sh
# SPDX-License-Identifier: MIT
# Runs feedd under valgrind for "make check-valgrind": any memory error or
# leak makes feedd exit 99, which fails the test that ran it. No gdbserver
# (--vgdb=no): its FIFOs in $TMPDIR outlive a feedd killed by SIGKILL.
exec valgrind --quiet --vgdb=no --leak-check=full --show-leak-kinds=definite,indirect \
	--errors-for-leak-kinds=definite,indirect --error-exitcode=99 \
	--suppressions="${SRCDIR:?}/t/valgrind.supp" \
	--trace-children=no "${FEEDD_BINARY:?}" "$@"
