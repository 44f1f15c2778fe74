#!/bin/sh
# SPDX-License-Identifier: MIT
test_description='the feeds pass RELAX NG, xmllint, feedparser and sfeed'
. "${SRCDIR:-$(dirname "$0")/..}/t/test-lib.sh"

NATO_ID=tag:news.example.org,2016:000_fdbb7cce0301ea7d
export NATO_ID

test_expect_success 'setup: build the example, plus a feed with no items' '
	write_config feedd.conf "$SRCDIR/example/articles" feeds \
		all=* world=World business=Business empty=Nothing &&
	"$FEEDD" -c feedd.conf --once 2>log &&
	ls feeds/*.rss feeds/*.atom >files &&
	test_line_count = 8 files
'

test_skip_unless_tool JING
test_expect_success 'every Atom feed is valid against RFC 4287 RELAX NG' '
	for f in feeds/*.atom; do
		"$JING" -c "$ATOM_RNC" $f || return 1
	done
'

test_skip_unless_tool JING
test_expect_success 'jing does reject an invalid Atom feed' '
	sed "s|<updated>[^<]*</updated>||" feeds/world.atom >broken.atom &&
	test_must_fail "$JING" -c "$ATOM_RNC" broken.atom
'

test_skip_unless_tool XMLLINT
test_expect_success 'every feed is well-formed XML' '
	for f in feeds/*.rss feeds/*.atom; do
		"$XMLLINT" --noout $f || return 1
	done
'

test_expect_success 'every feed declares UTF-8' '
	for f in feeds/*.rss feeds/*.atom; do
		head -n 1 $f >decl &&
		test_grep -F "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" decl ||
		return 1
	done
'

test_expect_success 'feedparser reads every .rss as rss20 and .atom as atom10' '
	for f in feeds/*.rss; do
		$FEEDCHECK --version rss20 $f || return 1
	done &&
	for f in feeds/*.atom; do
		$FEEDCHECK --version atom10 $f || return 1
	done
'

test_expect_success 'feedparser counts the items of every feed' '
	for ext in rss atom; do
		$FEEDCHECK --count 15 feeds/all.$ext &&
		$FEEDCHECK --count 3 feeds/world.$ext &&
		$FEEDCHECK --count 3 feeds/business.$ext &&
		$FEEDCHECK --count 0 feeds/empty.$ext || return 1
	done
'

test_expect_success 'feedparser sees the ids, published and updated in UTC' '
	cut -f1,3 "$SRCDIR/t/fixtures/example-all.tsv" >ids-dates &&
	paste ids-dates ids-dates | cut -f1,2,4 >expect &&
	for ext in rss atom; do
		$FEEDCHECK --print id,published,updated feeds/all.$ext >actual &&
		test_cmp expect actual || return 1
	done
'

test_expect_success 'feedparser sees the titles of the articles' '
	for f in $(find "$SRCDIR/example/articles" -name "*.txt"); do
		path=${f#$SRCDIR/example/articles/} &&
		printf "tag:news.example.org,2016:%s\t%s\n" "${path%.txt}" \
			"$(sed -n 1p $f)" || return 1
	done | LC_ALL=C sort >expect &&
	test_line_count = 15 expect &&
	for ext in rss atom; do
		$FEEDCHECK --print id,title feeds/all.$ext |
		LC_ALL=C sort >actual &&
		test_cmp expect actual || return 1
	done
'

test_expect_success 'feedparser sees the feed-level self link of each file' '
	for f in feeds/*.rss feeds/*.atom; do
		name=${f#feeds/} &&
		"$PYTHON3" -c "
import sys, feedparser
d = feedparser.parse(sys.argv[1])
print([l.href for l in d.feed.links if l.rel == \"self\"])
" $f >actual &&
		echo "[\x27https://news.example.org/feeds/$name\x27]" |
		sed "s/\\\\x27/\x27/g" >expect &&
		test_cmp expect actual || return 1
	done
'

test_skip_unless_tool XMLLINT
test_expect_success 'the RSS has atom:link rel="self" with its own URL' '
	for f in feeds/*.rss; do
		name=${f#feeds/} &&
		xpath_string $f "/rss/channel/*[local-name()=\"link\" and namespace-uri()=\"http://www.w3.org/2005/Atom\" and @rel=\"self\"]/@href" >actual &&
		echo "https://news.example.org/feeds/$name" >expect &&
		test_cmp expect actual &&
		xpath_string $f "/rss/channel/*[local-name()=\"link\" and namespace-uri()=\"http://www.w3.org/2005/Atom\" and @rel=\"self\"]/@type" >actual &&
		echo application/rss+xml >expect &&
		test_cmp expect actual || return 1
	done
'

test_skip_unless_tool XMLLINT
test_expect_success 'the Atom has link rel="self" with its own URL' '
	for f in feeds/*.atom; do
		name=${f#feeds/} &&
		xpath_string $f "/*[local-name()=\"feed\"]/*[local-name()=\"link\" and @rel=\"self\"]/@href" >actual &&
		echo "https://news.example.org/feeds/$name" >expect &&
		test_cmp expect actual || return 1
	done
'

test_skip_unless_tool XMLLINT
test_expect_success 'every RSS item has a guid with isPermaLink="false"' '
	for f in feeds/*.rss; do
		xpath_string $f "count(//item)" >items &&
		xpath_string $f "count(//item/guid[@isPermaLink=\"false\"])" >guids &&
		test_cmp items guids &&
		xpath_string $f "count(//guid[not(@isPermaLink=\"false\")])" >other &&
		echo 0 >expect &&
		test_cmp expect other || return 1
	done &&
	echo 15 >expect &&
	xpath_string feeds/all.rss "count(//item/guid[@isPermaLink=\"false\"])" >actual &&
	test_cmp expect actual
'

test_skip_unless_tool XMLLINT
test_expect_success 'every RSS channel has its title, link and description' '
	for f in feeds/*.rss; do
		xpath_string $f "count(/rss/channel/title)" >t &&
		xpath_string $f "count(/rss/channel/link)" >l &&
		xpath_string $f "count(/rss/channel/description)" >d &&
		echo 1 >expect &&
		test_cmp expect t && test_cmp expect l && test_cmp expect d ||
		return 1
	done
'

test_expect_success 'every RSS date is RFC 822 with a four-digit year' '
	grep -h -o "<[a-zA-Z]*Date>[^<]*</[a-zA-Z]*Date>" feeds/*.rss >dates &&
	test_line_count -ge 21 dates &&
	{ grep -v -E "^<(pubDate|lastBuildDate)>(Mon|Tue|Wed|Thu|Fri|Sat|Sun), [0-3][0-9] (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [0-9]{4} [0-2][0-9]:[0-5][0-9]:[0-6][0-9] [+-][0-9]{4}</(pubDate|lastBuildDate)>\$" \
		dates >bad || :; } &&
	test_must_be_empty bad
'

test_expect_success 'every Atom date is RFC 3339' '
	grep -h -o "<\(updated\|published\)>[^<]*</[a-z]*>" feeds/*.atom >dates &&
	test_line_count -ge 46 dates &&
	{ grep -v -E "^<(updated|published)>[0-9]{4}-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9](Z|[+-][0-2][0-9]:[0-5][0-9])</(updated|published)>\$" \
		dates >bad || :; } &&
	test_must_be_empty bad
'

test_skip_unless_tool XMLLINT
test_expect_success 'a feed is as new as its newest entry, not the build' '
	echo 2021-10-13T18:07:00+02:00 >expect &&
	xpath_string feeds/world.atom "/*[local-name()=\"feed\"]/*[local-name()=\"updated\"]" >actual &&
	test_cmp expect actual &&
	echo "Wed, 13 Oct 2021 18:07:00 +0200" >expect &&
	xpath_string feeds/world.rss /rss/channel/lastBuildDate >actual &&
	test_cmp expect actual
'

# sfeed prints one line per item: 1 UNIX time, 2 title, 3 link, 4 content,
# 5 content type, 6 id, 7 author, 8 enclosure, 9 category.
test_skip_unless_tool SFEED
test_expect_success 'sfeed reads time, title, link and id of every RSS item' '
	while IFS="$TAB" read -r id link updated section; do
		printf "%s\t%s\t%s\n" \
			"$(date -u -d "$updated" +%s)" "$link" "$id" || return 1
	done <"$SRCDIR/t/fixtures/example-all.tsv" >expect &&
	test_line_count = 15 expect &&
	"$SFEED" <feeds/all.rss >sfeed.tsv &&
	cut -f1,3,6 sfeed.tsv >actual &&
	test_cmp expect actual
'

test_skip_unless_tool SFEED
test_expect_success 'sfeed reads time, title, link and id of every Atom entry' '
	cut -f1,3,6 sfeed.tsv >expect &&
	"$SFEED" <feeds/all.atom >sfeed-atom.tsv &&
	cut -f1,3,6 sfeed-atom.tsv >actual &&
	test_cmp expect actual
'

test_skip_unless_tool SFEED
test_expect_success 'sfeed reads the NATO item exactly, U+00A0 included' '
	printf "1463756100\tNATO\302\240to seek new meeting with Russia; Moscow says it wasn\047t consulted\thttps://news.example.org/World/000_fdbb7cce0301ea7d.html\t%s\n" \
		"$NATO_ID" >expect &&
	for ext in rss atom; do
		"$SFEED" <feeds/world.$ext | cut -f1,2,3,6 |
		grep -F "$NATO_ID" >actual &&
		test_cmp expect actual || return 1
	done
'

test_skip_unless_tool SFEED
test_expect_success 'sfeed sees the category and the titles of all entries' '
	for ext in rss atom; do
		"$SFEED" <feeds/world.$ext | cut -f9 | sort -u >actual &&
		echo World >expect &&
		test_cmp expect actual &&
		"$SFEED" <feeds/all.$ext | cut -f2,6 | LC_ALL=C sort >actual &&
		$FEEDCHECK --print title,id feeds/all.$ext | LC_ALL=C sort >expect &&
		test_cmp expect actual || return 1
	done
'

test_done
