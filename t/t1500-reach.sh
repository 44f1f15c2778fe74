#!/bin/sh
# SPDX-License-Identifier: MIT
test_description='JSON Feed, feeds.opml, index.html, NAME.html and --print-links'
. "${SRCDIR:-$(dirname "$0")/..}/t/test-lib.sh"

FEEDS='all business europe science sport world'
PAGECHECK="$PYTHON3 $SRCDIR/t/pagecheck.py"
export FEEDS PAGECHECK

# ids_rss FILE, ids_json FILE: the guids of an RSS feed, the ids of a JSON
# Feed, in order, one a line.
ids_rss () {
	"$PYTHON3" -c '
import sys, xml.etree.ElementTree as ET
for g in ET.parse(sys.argv[1]).getroot().iter("guid"):
    print(g.text)' "$1"
}
ids_json () {
	"$PYTHON3" -c '
import sys, json
for i in json.load(open(sys.argv[1], encoding="utf-8"))["items"]:
    print(i["id"])' "$1"
}

# alternates FILE: the autodiscovery links of a page, "TYPE HREF" a line.
alternates () {
	$PAGECHECK "$1" >page.out &&
	sed -n "s/^alternate //p" page.out
}

# expected_alternates FEED FORMAT...: what alternates prints for a feed.
expected_alternates () {
	ea_feed_=$1
	shift
	for ea_f_; do
		case $ea_f_ in
		rss) ea_t_=application/rss+xml ;;
		atom) ea_t_=application/atom+xml ;;
		json) ea_t_=application/feed+json ;;
		esac
		echo "$ea_t_ https://news.example.org/feeds/$ea_feed_.$ea_f_"
	done
}

test_expect_success 'setup: the example with formats = rss atom json, sport atom only' '
	copy_example . &&
	sed -i -e "/^\[site\]/a formats = rss atom json" \
		-e "/^\[sport\]/a formats = atom" conf/example.conf &&
	"$FEEDD" -c conf/example.conf --once 2>log &&
	test_grep "15 articles, 0 skipped; 16 feed files written, 0 unchanged, 0 failed" log
'

test_expect_success 'each feed writes its formats and its page, plus index.html and feeds.opml' '
	for f in $FEEDS; do
		test $f = sport || echo $f.json
		test $f = sport || echo $f.rss
		echo $f.atom && echo $f.html || return 1
	done >expect &&
	printf "%s\n" feeds.opml index.html >>expect &&
	LC_ALL=C sort -o expect expect &&
	(cd example/feeds && ls) | LC_ALL=C sort >actual &&
	test_cmp expect actual &&
	test_mode 644 example/feeds/*
'

test_expect_success 'JSON Feed: every required field, the entries as in Atom' '
	for f in all business europe science world; do
		$FEEDCHECK --version json11 example/feeds/$f.json &&
		$FEEDCHECK --print id,title,link,summary,content,categories,author,published,updated \
			example/feeds/$f.json >json.fields &&
		$FEEDCHECK --print id,title,link,summary,content,categories,author,published,updated \
			example/feeds/$f.atom >atom.fields &&
		test_cmp atom.fields json.fields || return 1
	done &&
	$FEEDCHECK --count 15 --newest-first example/feeds/all.json
'

test_expect_success 'JSON Feed: the ids are the RSS guids, the feed fields are set' '
	for f in all business europe science world; do
		ids_rss example/feeds/$f.rss >rss.ids &&
		ids_json example/feeds/$f.json >json.ids &&
		test_line_count -gt 0 json.ids &&
		test_cmp rss.ids json.ids || return 1
	done &&
	"$PYTHON3" -c "
import json, sys
d = json.load(open(\"example/feeds/world.json\", encoding=\"utf-8\"))
assert d[\"version\"] == \"https://jsonfeed.org/version/1.1\", d[\"version\"]
assert d[\"feed_url\"] == \"https://news.example.org/feeds/world.json\"
assert d[\"home_page_url\"] == \"https://news.example.org/\"
assert d[\"title\"] == \"Example News: World\"
assert d[\"language\"] == \"en\"
assert d[\"authors\"] == [{\"name\": \"Example News Desk\"}], d[\"authors\"]
assert d[\"description\"]
for i in d[\"items\"]:
    for k in (\"id\", \"url\", \"title\", \"content_html\", \"date_published\",
              \"date_modified\", \"tags\"):
        assert isinstance(i.get(k), (str, list)) and i[k], (k, i)
    assert i[\"tags\"][0] == \"World\", i[\"tags\"]
"
'

test_expect_success 'feeds.opml: OPML 2.0 with every feed, its first format' '
	"$XMLLINT" --noout example/feeds/feeds.opml &&
	test "$(xpath_string example/feeds/feeds.opml "/opml/@version")" = 2.0 &&
	test "$(xpath_string example/feeds/feeds.opml "count(//outline)")" = 6 &&
	for f in $FEEDS; do
		ext=rss && test $f != sport || ext=atom
		test "$(xpath_string example/feeds/feeds.opml \
			"//outline[@xmlUrl=\"https://news.example.org/feeds/$f.$ext\"]/@type")" = rss ||
			return 1
	done &&
	test "$(xpath_string example/feeds/feeds.opml \
		"//outline[@xmlUrl=\"https://news.example.org/feeds/world.rss\"]/@title")" = \
		"Example News: World" &&
	test "$(xpath_string example/feeds/feeds.opml \
		"//outline[@xmlUrl=\"https://news.example.org/feeds/world.rss\"]/@htmlUrl")" = \
		"https://news.example.org/"
'

test_expect_success 'index.html: well-formed HTML5 with a link for every feed file' '
	"$XMLLINT" --noout example/feeds/index.html &&
	$PAGECHECK example/feeds/index.html >index.out &&
	test_grep -x "doctype DOCTYPE html" index.out &&
	test_grep -x "lang en" index.out &&
	test_grep -x "charset utf-8" index.out &&
	test_grep -x "viewport width=device-width, initial-scale=1" index.out &&
	test_grep -v "^unclosed\|^element" index.out &&
	for f in world europe business science all; do
		expected_alternates $f rss atom json || return 1
	done >expect &&
	expected_alternates sport atom >>expect &&
	alternates example/feeds/index.html >actual &&
	LC_ALL=C sort -o expect expect && LC_ALL=C sort -o actual actual &&
	test_cmp expect actual
'

test_expect_success 'index.html: titles, counts, dates, the page, format links and OPML' '
	for f in $FEEDS; do
		test_grep -x "a $f.html" index.out || return 1
	done &&
	test_grep -x "text Example News: World" index.out &&
	test_grep -x "text 3 items, last updated" index.out &&
	test_grep -x "text 15 items, last updated" index.out &&
	test_grep -x "text 2024-10-15 19:26:00+02:00" index.out &&
	test_grep -x "a https://news.example.org/feeds/world.json" index.out &&
	test_grep -x "text https://news.example.org/feeds/world.json" index.out &&
	test_grep -x "a feeds.opml" index.out
'

test_expect_success 'NAME.html: its own feed links, the URLs to copy, every item' '
	"$XMLLINT" --noout example/feeds/world.html &&
	$PAGECHECK example/feeds/world.html >world.out &&
	test_grep -v "^unclosed\|^element" world.out &&
	expected_alternates world rss atom json >expect &&
	alternates example/feeds/world.html >actual &&
	test_cmp expect actual &&
	test_grep "^text This is a feed: copy this URL into your feed reader" world.out &&
	test_grep -x "text https://news.example.org/feeds/world.rss" world.out &&
	test_grep -x "a index.html" world.out &&
	$FEEDCHECK --print title,link example/feeds/world.rss >items &&
	test_line_count = 3 items &&
	while IFS="	" read -r title link; do
		grep -q -x -F "text $title" world.out &&
		grep -q -x -F "a $link" world.out || return 1
	done <items &&
	$FEEDCHECK --print summary example/feeds/world.json | head -n 1 >summary &&
	grep -q -x -F "text $(cat summary)" world.out
'

test_expect_success 'a second build rewrites nothing, pages included' '
	(cd example/feeds && stat -c "%n %i %Y" *) >before &&
	"$FEEDD" -c conf/example.conf --once 2>log2 &&
	test_grep "0 feed files written, 16 unchanged" log2 &&
	(cd example/feeds && stat -c "%n %i %Y" *) >after &&
	test_cmp before after
'

test_expect_success '--print-links prints the tags in the head of index.html' '
	"$FEEDD" -c conf/example.conf --print-links >links &&
	test_line_count = 16 links &&
	{ grep -v "^ *<link rel=\"alternate\" type=\"[a-z+/]*\" title=\"[^\"<>]*\" href=\"https://news.example.org/feeds/[a-z]*\.[a-z]*\"/>\$" links >other || :; } &&
	test_must_be_empty other &&
	{ echo "<!DOCTYPE html><html><head>"; cat links; echo "</head></html>"; } >links.html &&
	alternates links.html >actual &&
	alternates example/feeds/index.html >expect &&
	test_cmp expect actual
'

test_expect_success 'hostile titles are text on the pages, never markup' '
	mkdir -p hostile/articles &&
	write_article hostile/articles/a.txt "<script>alert(1)</script> & <b onmouseover=x>" &&
	write_config --site "formats = rss atom json" hostile.conf hostile/articles \
		hostile/feeds "all=*" &&
	sed -i "s/^title = Test: all/title = All <script>x<\/script>/" hostile.conf &&
	"$FEEDD" -c hostile.conf --once 2>hostile.log &&
	for p in hostile/feeds/index.html hostile/feeds/all.html; do
		"$XMLLINT" --noout $p &&
		$PAGECHECK $p >hostile.out &&
		test_grep -v "^element" hostile.out &&
		grep -q -x -F "text All <script>x</script>" hostile.out &&
		test_grep -v -F "<script>" $p || return 1
	done &&
	grep -q -x -F "text <script>alert(1)</script> & <b onmouseover=x>" hostile.out &&
	$FEEDCHECK --entry "tag:news.example.org,2016:a" title \
		"<script>alert(1)</script> & <b onmouseover=x>" hostile/feeds/all.json
'

test_expect_success 'pages = no: no NAME.html, index.html does not link to one' '
	write_config --site "pages = no" nopages.conf example/articles \
		nopages world=World all=* &&
	"$FEEDD" -c nopages.conf --once 2>nopages.log &&
	(cd nopages && ls) >actual &&
	printf "%s\n" all.atom all.rss feeds.opml index.html world.atom \
		world.rss >expect &&
	test_cmp expect actual &&
	$PAGECHECK nopages/index.html >nopages.out &&
	test_grep -x "text Test: world" nopages.out &&
	test_grep -v "^a .*\.html" nopages.out
'

test_expect_success 'a bad formats value is refused with FILE:LINE' '
	write_config --site "formats = rss xml" bad.conf example/articles bad &&
	test_expect_status 78 "$FEEDD" -c bad.conf --once 2>bad.log &&
	test_grep "bad.conf:[0-9]*: formats: .xml. is not rss, atom or json" bad.log &&
	write_config --site "formats = rss rss" bad2.conf example/articles bad &&
	test_expect_status 78 "$FEEDD" -c bad2.conf --once 2>bad2.log &&
	test_grep "formats: .rss. is not rss, atom or json, or is named twice" bad2.log &&
	test ! -e bad
'

test_expect_success 'the daemon: a section added on reload shows up in OPML and index' '
	write_config --site "debounce = 50ms" daemon.conf "$TRASH/example/articles" \
		"$TRASH/dfeeds" world=World &&
	start_feedd daemon.conf &&
	test "$(xpath_string dfeeds/feeds.opml "count(//outline)")" = 1 &&
	stat -c "%i %Y" dfeeds/feeds.opml >opml.before &&
	write_config --site "debounce = 50ms" daemon.conf "$TRASH/example/articles" \
		"$TRASH/dfeeds" world=World sport=Sport &&
	kill -HUP "$(feedd_pid)" &&
	wait_for "test -f dfeeds/sport.html" &&
	wait_for "test \"\$(xpath_string dfeeds/feeds.opml \"count(//outline)\")\" = 2" &&
	test "$(xpath_string dfeeds/feeds.opml "//outline[2]/@title")" = "Test: sport" &&
	$PAGECHECK dfeeds/index.html >d.out &&
	test_grep -x "a sport.html" d.out &&
	test_grep -x "alternate application/atom+xml https://news.example.org/feeds/sport.atom" d.out &&
	stop_feedd
'

test_expect_success 'the daemon: a rebuild keeps the JSON and page text of cached items' '
	copy_tree "$SRCDIR/example/articles" jarticles &&
	write_config --site "debounce = 50ms" --site "formats = rss atom json" \
		json.conf "$TRASH/jarticles" "$TRASH/jfeeds" world=World &&
	start_feedd --log jfeedd.log json.conf &&
	$FEEDCHECK --count 3 jfeeds/world.json &&
	$FEEDCHECK --print content,summary jfeeds/world.json >before &&
	write_article jarticles/new.txt "A new one" World "Sat, 21/05/2016 - 10:00" &&
	wait_for "grep -q \"A new one\" jfeeds/world.json" &&
	wait_for "grep -q \"A new one\" jfeeds/world.html" &&
	$FEEDCHECK --print content,summary jfeeds/world.json >after &&
	test_line_count = 4 after &&
	{ grep -v -x -F -f after before >lost || :; } &&
	test_must_be_empty lost &&
	$PAGECHECK jfeeds/world.html >jpage.out &&
	while IFS="	" read -r content summary; do
		grep -q -x -F "text $summary" jpage.out || return 1
	done <before &&
	stop_feedd
'

test_done
