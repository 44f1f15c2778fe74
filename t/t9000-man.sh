#!/bin/sh
# SPDX-License-Identifier: MIT
test_description='the manual pages: mandoc -Tlint clean, and complete'
. "${SRCDIR:-$(dirname "$0")/..}/t/test-lib.sh"

MAN8=$SRCDIR/man/feedd.8
MAN5=$SRCDIR/man/feedd.conf.5
export MAN8 MAN5

# man_text PAGE: the page rendered as plain text, without the backspace
# overstriking of bold and underlined words.
man_text () {
	"$MANDOC" -Tascii "$1" | sed "s/.$(printf "\b")//g"
}

test_skip_unless_tool MANDOC
test_expect_success 'feedd(8) is mandoc -Tlint -W warning clean' '
	test -f "$MAN8" &&
	"$MANDOC" -Tlint -W warning "$MAN8" >lint 2>&1 &&
	test_must_be_empty lint
'

test_skip_unless_tool MANDOC
test_expect_success 'feedd.conf(5) is mandoc -Tlint -W warning clean' '
	test -f "$MAN5" &&
	"$MANDOC" -Tlint -W warning "$MAN5" >lint 2>&1 &&
	test_must_be_empty lint
'

test_skip_unless_tool MANDOC
test_expect_success 'feedd(8) documents every option of feedd --help' '
	man_text "$MAN8" >feedd.8.txt &&
	"$FEEDD" --help >help &&
	grep -o -E -e "--[a-z][a-z-]+" help | sort -u >options &&
	test_line_count -ge 5 options &&
	while read -r option; do
		test_grep -F -e "$option" feedd.8.txt || return 1
	done <options
'

test_skip_unless_tool MANDOC
test_expect_success 'feedd(8) documents the exit statuses 0, 1, 64 and 78' '
	man_text "$MAN8" >feedd.8.txt &&
	sed -n "/^EXIT STATUS/,/^[A-Z]/p" feedd.8.txt >status &&
	for n in 0 1 64 78; do
		test_grep -E "(^|[^0-9])$n([^0-9]|\$)" status || return 1
	done
'

test_skip_unless_tool MANDOC
test_expect_success 'feedd.conf(5) documents every key of the shipped configs' '
	man_text "$MAN5" >feedd.conf.5.txt &&
	for conf in "$SRCDIR/conf/example.conf" "$SRCDIR/conf/feedd.conf"; do
		test -f "$conf" || continue
		sed -n "s/^[#; ]*\([a-z_]*\)[ ]*=.*/\1/p" "$conf" || return 1
	done | sort -u >keys &&
	test_line_count -ge 10 keys &&
	while read -r key; do
		test_grep -F -w -e "$key" feedd.conf.5.txt || return 1
	done <keys
'

test_expect_success 'both pages say ".Os feedd VERSION" of this feedd' '
	"$FEEDD" --version >version &&
	read -r name version <version &&
	test "$name" = feedd && test -n "$version" &&
	for page in "$MAN8" "$MAN5"; do
		grep "^\.Os" "$page" >os &&
		echo ".Os feedd $version" >expect &&
		test_cmp expect os || return 1
	done
'

test_done
