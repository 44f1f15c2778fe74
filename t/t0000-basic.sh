#!/bin/sh
# SPDX-License-Identifier: MIT
test_description='the command line: version, help, usage errors, no config'
. "${SRCDIR:-$(dirname "$0")/..}/t/test-lib.sh"

# The version configure was run with, from the generated autoconfig.h.
version=$(sed -n 's/^#define PACKAGE_VERSION "\(.*\)"$/\1/p' \
	"$BUILDDIR/autoconfig.h")
test -n "$version" || test_bail_out "no PACKAGE_VERSION in autoconfig.h"
export version

test_expect_success '--version prints "feedd VERSION" and exits 0' '
	"$FEEDD" --version >out 2>err &&
	echo "feedd $version" >expect &&
	test_cmp expect out &&
	test_must_be_empty err
'

test_expect_success '-V is --version' '
	"$FEEDD" -V >out 2>err &&
	echo "feedd $version" >expect &&
	test_cmp expect out &&
	test_must_be_empty err
'

test_expect_success '--help prints the usage on stdout and exits 0' '
	"$FEEDD" --help >out 2>err &&
	test_must_be_empty err &&
	test_grep "^usage: feedd " out &&
	test_grep -e "--once" out &&
	test_grep -e "--config" out
'

test_expect_success '-h is --help' '
	"$FEEDD" -h >out 2>err &&
	"$FEEDD" --help >expect &&
	test_cmp expect out &&
	test_must_be_empty err
'

test_expect_success 'an unknown option exits 64 with the usage on stderr' '
	test_must_fail --status=64 "$FEEDD" --no-such-option >out 2>err &&
	test_must_be_empty out &&
	test_grep "^usage: feedd " err
'

test_expect_success 'an unknown short option exits 64' '
	test_must_fail --status=64 "$FEEDD" -x >out 2>err &&
	test_must_be_empty out &&
	test_grep "^usage: feedd " err
'

test_expect_success '-c without its argument exits 64' '
	test_must_fail --status=64 "$FEEDD" -c 2>err &&
	test_grep "^usage: feedd " err
'

test_expect_success 'an unexpected argument exits 64 and is named' '
	test_must_fail --status=64 "$FEEDD" --once surplus-argument \
		>out 2>err &&
	test_must_be_empty out &&
	test_grep -F "surplus-argument" err
'

test_expect_success 'a missing config file exits 78 and names the path' '
	test_must_fail --status=78 "$FEEDD" -c "$TRASH/no-such.conf" -n \
		>out 2>err &&
	test_must_be_empty out &&
	test_grep -F "feedd: error: $TRASH/no-such.conf:" err
'

test_expect_success 'a missing config file stops --once too, writing nothing' '
	mkdir empty &&
	(
		cd empty &&
		test_must_fail --status=78 "$FEEDD" -c no-such.conf --once
	) 2>err &&
	test_grep -F "feedd: error: no-such.conf:" err &&
	ls -A empty >files &&
	test_must_be_empty files
'

test_expect_success 'a folder given as the config exits 78 and names it' '
	mkdir conf.d &&
	test_must_fail --status=78 "$FEEDD" -c conf.d -n 2>err &&
	test_grep -F "feedd: error: conf.d:" err
'

test_done
