#!/bin/sh
# SPDX-License-Identifier: MIT
test_description='feedd.conf: checking with -n, errors as FILE:LINE: message'
. "${SRCDIR:-$(dirname "$0")/..}/t/test-lib.sh"

# site_block: a valid [site] section taking lines 1 to 7, so that what a
# test appends starts at line 8.
site_block () {
	cat <<-\EOF
	[site]
	title = Test News
	url = https://news.example.org/
	article_url = https://news.example.org/{section}/{name}.html
	articles = articles
	output = feeds
	timezone = Europe/Brussels
	EOF
}

# expect_config_error LINE TEXT [CONFIG]: feedd -n refuses CONFIG (default
# bad.conf) with status 78 and, as its first line on stderr,
# "feedd: error: CONFIG:LINE: " followed by a message holding TEXT.
expect_config_error () {
	ece_conf=${3:-bad.conf}
	test_must_fail --status=78 "$FEEDD" -c "$ece_conf" -n \
		>ece.out 2>ece.err || return 1
	test_must_be_empty ece.out || return 1
	sed -n 1p ece.err >ece.first
	test_grep -F "feedd: error: $ece_conf:$1: " ece.first || {
		echo "expected the error at $ece_conf:$1; stderr was:" >&2
		sed 's/^/| /' ece.err >&2
		return 1
	}
	test_grep -F "$2" ece.first
}

# feed_title FILE: the channel (RSS) or feed (Atom) title of a built feed.
feed_title () {
	case $1 in
	*.rss) xpath_string "$1" "/rss/channel/title" ;;
	*.atom) xpath_string "$1" '/*[local-name()="feed"]/*[local-name()="title"]' ;;
	esac
}

test_expect_success 'setup: an empty articles folder' '
	mkdir articles
'

test_expect_success '-n accepts the bundled conf/example.conf' '
	"$FEEDD" -c "$SRCDIR/conf/example.conf" -n >out 2>err &&
	test_must_be_empty err &&
	test_grep -F "$SRCDIR/conf/example.conf: configuration OK" out &&
	test_grep -F ": world europe business science sport all" out
'

test_expect_success '-n accepts a minimal config and writes nothing' '
	site_block >good.conf &&
	cat >>good.conf <<-\EOF &&

	[all]
	title = All
	sections = *
	EOF
	"$FEEDD" -c good.conf -n >out 2>err &&
	test_grep "configuration OK, 1 feed: all$" out &&
	test_must_be_empty err &&
	! test -e feeds
'

test_expect_success 'an unknown key is refused at its line' '
	site_block >bad.conf &&
	cat >>bad.conf <<-\EOF &&
	colour = blue

	[all]
	title = All
	sections = *
	EOF
	expect_config_error 8 "colour"
'

test_expect_success 'an unknown key in a feed is refused at its line' '
	site_block >bad.conf &&
	cat >>bad.conf <<-\EOF &&

	[all]
	title = All
	sections = *
	max_item = 5
	EOF
	expect_config_error 12 "max_item"
'

test_expect_success 'a duplicate key is refused at its second line' '
	site_block >bad.conf &&
	cat >>bad.conf <<-\EOF &&

	[all]
	title = All
	sections = *
	title = All again
	EOF
	expect_config_error 12 "title"
'

test_expect_success 'a duplicate [site] key is refused at its second line' '
	site_block >bad.conf &&
	cat >>bad.conf <<-\EOF &&
	url = https://other.example.org/

	[all]
	title = All
	sections = *
	EOF
	expect_config_error 8 "url"
'

test_expect_success 'a duplicate feed section is refused at its second header' '
	site_block >bad.conf &&
	cat >>bad.conf <<-\EOF &&

	[all]
	title = All
	sections = *

	[all]
	title = All again
	sections = *
	EOF
	expect_config_error 13 "[all]"
'

test_expect_success 'feed names differing only in case are duplicates' '
	site_block >bad.conf &&
	cat >>bad.conf <<-\EOF &&

	[world]
	title = World
	sections = World

	[World]
	title = World again
	sections = World
	EOF
	expect_config_error 13 "World"
'

test_expect_success 'a duplicate [site] section is refused at its second header' '
	site_block >bad.conf &&
	cat >>bad.conf <<-\EOF &&

	[all]
	title = All
	sections = *

	[site]
	language = en
	EOF
	expect_config_error 13 "[site]"
'

test_expect_success 'a feed without sections is refused at its header line' '
	site_block >bad.conf &&
	cat >>bad.conf <<-\EOF &&

	[world]
	title = World

	[all]
	title = All
	sections = *
	EOF
	expect_config_error 9 "sections"
'

test_expect_success 'a feed without a title is refused at its header line' '
	site_block >bad.conf &&
	cat >>bad.conf <<-\EOF &&

	[all]
	# no title
	sections = *
	EOF
	expect_config_error 9 "title"
'

test_expect_success '[site] without output is refused at its header line' '
	cat >bad.conf <<-\EOF &&
	# A comment, then a blank line: [site] is on line 3.

	[site]
	title = Test News
	url = https://news.example.org/
	article_url = https://news.example.org/{section}/{name}.html
	articles = articles

	[all]
	title = All
	sections = *
	EOF
	expect_config_error 3 "output"
'

test_expect_success 'a feed name with a path, [../evil], is refused' '
	site_block >bad.conf &&
	cat >>bad.conf <<-\EOF &&

	[../evil]
	title = Evil
	sections = *
	EOF
	expect_config_error 9 "../evil" &&
	! test -e evil.rss && ! test -e ../evil.rss
'

test_expect_success 'a feed name with a slash, [a/b], is refused' '
	site_block >bad.conf &&
	cat >>bad.conf <<-\EOF &&

	[a/b]
	title = A/B
	sections = *
	EOF
	expect_config_error 9 "a/b"
'

test_expect_success 'a hidden feed name, [.all], is refused' '
	site_block >bad.conf &&
	cat >>bad.conf <<-\EOF &&

	[.all]
	title = All
	sections = *
	EOF
	expect_config_error 9 ".all"
'

test_expect_success 'sections = *, World is refused at the sections line' '
	site_block >bad.conf &&
	cat >>bad.conf <<-\EOF &&

	[all]
	title = All
	sections = *, World
	EOF
	expect_config_error 11 "*"
'

test_expect_success 'max_items must be a whole number from 1 to 100000' '
	for value in 0 -1 ten 5x 100001 99999999999999999999 " "; do
		site_block >bad.conf &&
		cat >>bad.conf <<-EOF &&

		[all]
		title = All
		sections = *
		max_items = $value
		EOF
		expect_config_error 12 "max_items" ||
		expect_config_error 12 "$value" ||
		return 1
	done
'

test_expect_success 'max_items = 100000 and max_items = 1 are accepted' '
	for value in 1 100000; do
		site_block >good.conf &&
		cat >>good.conf <<-EOF &&

		[all]
		title = All
		sections = *
		max_items = $value
		EOF
		"$FEEDD" -c good.conf -n >out || return 1
	done
'

test_expect_success 'a URL that is not absolute http(s) is refused at its line' '
	for value in ftp://news.example.org/ news.example.org /feeds/ \
		https:// "https://news.example.org/a b" "http:///x"
	do
		cat >bad.conf <<-EOF &&
		[site]
		title = Test News
		article_url = https://news.example.org/{section}/{name}.html
		articles = articles
		url = $value
		output = feeds
		timezone = Europe/Brussels

		[all]
		title = All
		sections = *
		EOF
		expect_config_error 5 "" || return 1
	done
'

test_expect_success 'an unknown article_url placeholder is refused at its line' '
	cat >bad.conf <<-\EOF &&
	[site]
	title = Test News
	url = https://news.example.org/
	articles = articles
	output = feeds
	article_url = https://news.example.org/{section}/{title}.html
	timezone = Europe/Brussels

	[all]
	title = All
	sections = *
	EOF
	expect_config_error 6 "{title}"
'

test_expect_success 'an unknown timezone is refused at its line' '
	cat >bad.conf <<-\EOF &&
	[site]
	title = Test News
	url = https://news.example.org/
	timezone = Europe/Atlantis
	article_url = https://news.example.org/{section}/{name}.html
	articles = articles
	output = feeds

	[all]
	title = All
	sections = *
	EOF
	expect_config_error 4 "Europe/Atlantis"
'

test_expect_success 'a timezone that is a path out of the zone folder is refused' '
	site_block | sed "s|^timezone = .*|timezone = ../../../etc/passwd|" \
		>bad.conf &&
	cat >>bad.conf <<-\EOF &&

	[all]
	title = All
	sections = *
	EOF
	expect_config_error 7 "timezone"
'

test_expect_success 'a config without [site] is refused' '
	cat >bad.conf <<-\EOF &&
	[all]
	title = All
	sections = *
	EOF
	expect_config_error 1 "[site]"
'

test_expect_success 'a key outside any section is refused at its line' '
	{
		echo "# a comment first" &&
		echo "title = Test News" &&
		site_block | sed 1,2d | sed "1i [site]" &&
		printf "\n[all]\ntitle = All\nsections = *\n"
	} >bad.conf &&
	expect_config_error 2 "title"
'

test_expect_success 'an indented key (a continuation line) is refused' '
	cat >bad.conf <<-\EOF &&
	[site]
	title = Test News
	url = https://news.example.org/
	article_url = https://news.example.org/{section}/{name}.html
	articles = articles
	output = feeds
	  timezone = Europe/Brussels

	[all]
	title = All
	sections = *
	EOF
	expect_config_error 7 ""
'

# A line of N bytes without its newline: "description = " and x's.
long_line () {
	printf "description = " &&
	awk -v n="$(($1 - 14))" "BEGIN { while (n-- > 0) printf \"x\"; print \"\" }"
}

test_expect_success 'a 197-byte line is accepted whole' '
	site_block >good.conf &&
	printf "\n[all]\ntitle = All\nsections = *\n" >>good.conf &&
	long_line 197 >line &&
	test "$(wc -c <line)" = 198 &&
	cat line >>good.conf &&
	"$FEEDD" -c good.conf --once 2>err &&
	sed -n "s/^description = //p" line >expect &&
	xpath_string feeds/all.rss /rss/channel/description >actual &&
	test_cmp expect actual
'

test_expect_success 'a 198-byte line is refused at its line' '
	site_block >bad.conf &&
	printf "\n[all]\ntitle = All\nsections = *\n" >>bad.conf &&
	long_line 198 >>bad.conf &&
	printf "max_items = 5\n" >>bad.conf &&
	expect_config_error 12 "long"
'

test_expect_success 'a 197-byte line ending in CR LF is accepted' '
	site_block >good.conf &&
	printf "\n[all]\ntitle = All\nsections = *\n" >>good.conf &&
	long_line 197 | sed "s/\$/$(printf "\r")/" >>good.conf &&
	"$FEEDD" -c good.conf -n >out
'

test_expect_success 'a config with CR LF line ends is accepted' '
	site_block >lf.conf &&
	printf "\n[all]\ntitle = All\nsections = *\n" >>lf.conf &&
	sed "s/\$/$(printf "\r")/" lf.conf >crlf.conf &&
	"$FEEDD" -c crlf.conf --once &&
	echo All >expect &&
	feed_title feeds/all.rss >actual &&
	test_cmp expect actual
'

test_expect_success 'a " ;" comment after a value is stripped' '
	site_block >good.conf &&
	cat >>good.conf <<-\EOF &&

	[all]
	title = Alpha News ; the comment
	sections = *
	EOF
	"$FEEDD" -c good.conf --once &&
	echo "Alpha News" >expect &&
	feed_title feeds/all.rss >actual &&
	test_cmp expect actual &&
	feed_title feeds/all.atom >actual &&
	test_cmp expect actual
'

test_expect_success 'a ";" inside a value (a;b) is kept' '
	site_block >good.conf &&
	cat >>good.conf <<-\EOF &&

	[all]
	title = Alpha;Beta News
	sections = *
	EOF
	"$FEEDD" -c good.conf --once &&
	echo "Alpha;Beta News" >expect &&
	feed_title feeds/all.rss >actual &&
	test_cmp expect actual &&
	feed_title feeds/all.atom >actual &&
	test_cmp expect actual
'

test_expect_success 'a config starting with a UTF-8 BOM is accepted' '
	printf "\357\273\277" >bom.conf &&
	site_block >>bom.conf &&
	printf "\n[all]\ntitle = All\nsections = *\n" >>bom.conf &&
	"$FEEDD" -c bom.conf -n >out &&
	test_grep "configuration OK" out &&
	"$FEEDD" -c bom.conf --once &&
	echo "Test News" >expect &&
	xpath_string feeds/all.atom \
		"//*[local-name()=\"author\"]/*[local-name()=\"name\"]" >actual &&
	test_cmp expect actual
'

test_expect_success 'a value that is not UTF-8 is refused at its line' '
	site_block >bad.conf &&
	printf "\n[all]\ntitle = Caf\351\nsections = *\n" >>bad.conf &&
	expect_config_error 10 "title"
'

test_expect_success 'a key without a value is refused at its line' '
	site_block >bad.conf &&
	printf "\n[all]\ntitle =\nsections = *\n" >>bad.conf &&
	expect_config_error 10 "title"
'

test_expect_success 'relative paths are relative to the config, not the cwd' '
	mkdir -p site/articles elsewhere &&
	cp "$SRCDIR/example/articles/000_fdbb7cce0301ea7d.txt" site/articles/ &&
	site_block | sed "s|^output = .*|output = public|" >site/feedd.conf &&
	printf "\n[all]\ntitle = All\nsections = *\n" >>site/feedd.conf &&
	(cd elsewhere && "$FEEDD" -c ../site/feedd.conf --once) &&
	(cd elsewhere && "$FEEDD" -c "$TRASH/site/feedd.conf" --once) &&
	ls -A elsewhere >files &&
	test_must_be_empty files &&
	$FEEDCHECK --count 1 site/public/all.rss &&
	$FEEDCHECK --count 1 site/public/all.atom
'

# The zone in force: the configured one, else the system's (TZ as feedd
# found it, else /etc/localtime), never a silent UTC.
zoneless_block () {
	site_block | sed "/^timezone = /d"
	printf "\n[all]\ntitle = All\nsections = *\n"
}

test_expect_success '-n names the configured time zone' '
	site_block >zone.conf &&
	printf "\n[all]\ntitle = All\nsections = *\n" >>zone.conf &&
	TZ=Asia/Tokyo "$FEEDD" -c zone.conf -n >out &&
	test_grep -F "zone.conf: time zone: Europe/Brussels (timezone in [site])" out
'

test_expect_success 'without timezone, -n names the system zone from TZ' '
	zoneless_block >nozone.conf &&
	TZ=Asia/Tokyo "$FEEDD" -c nozone.conf -n >out 2>err &&
	test_must_be_empty err &&
	test_grep "configuration OK, 1 feed: all$" out &&
	test_grep -F "nozone.conf: time zone: Asia/Tokyo (the system'"'"'s, from TZ)" out
'

test_expect_success 'without timezone and TZ, -n names /etc/localtime (or UTC without it)' '
	zoneless_block >nozone.conf &&
	env -u TZ "$FEEDD" -c nozone.conf -n >out &&
	if test -e /etc/localtime
	then
		test_grep "nozone.conf: time zone: .*from /etc/localtime" out
	else
		test_grep -F "nozone.conf: time zone: UTC (the system has no /etc/localtime)" out
	fi
'

test_expect_success 'without timezone, dates are read in the system zone, not UTC' '
	rm -rf articles feeds && mkdir articles &&
	write_article articles/brussels.txt "Brussels time" &&
	zoneless_block >nozone.conf &&
	TZ=Europe/Brussels "$FEEDD" -c nozone.conf --once &&
	echo "2016-05-20T16:55:00+02:00" >expect &&
	xpath_string feeds/all.atom \
		"//*[local-name()=\"entry\"]/*[local-name()=\"updated\"]" >actual &&
	test_cmp expect actual
'

test_expect_success 'a missing config is named without a line number, with what to do' '
	test_must_fail --status=78 "$FEEDD" -c /nonexistent/feedd.conf -n \
		>out 2>err &&
	test_must_be_empty out &&
	test_grep -F "feedd: error: /nonexistent/feedd.conf: cannot open the config: No such file or directory (give the config'"'"'s path with -c" err &&
	! grep ":0:" err
'

test_expect_success 'a folder given as the config is named without a line number' '
	test_must_fail --status=78 "$FEEDD" -c articles -n 2>err &&
	test_grep -F "feedd: error: articles: not a regular file" err &&
	! grep ":0:" err
'

test_done
