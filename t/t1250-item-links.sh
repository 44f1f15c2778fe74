#!/bin/sh
# SPDX-License-Identifier: MIT
test_description='what an item links to, and what it holds when it has no text'
. "${SRCDIR:-$(dirname "$0")/..}/t/test-lib.sh"

# item_of FEED ID: the lines of the item or entry of FEED whose id is
# $P ID.
item_of () {
	awk -v id=">$P$2<" '/<item>|<entry>/ { item = ""; on = 1 }
		on { item = item $0 "\n" }
		/<\/item>|<\/entry>/ { if (index(item, id)) printf "%s", item; on = 0 }' "$1"
}

test_expect_success 'setup: a title alone, an article with no section, Link headers good and bad' '
	mkdir articles &&
	printf "Only a title\n\nLast update: Fri, 20/05/2016 - 10:00\n" \
		>articles/title-only.txt &&
	printf "Summary: Just this.\n\nA summary alone\n" \
		>articles/summary-only.txt &&
	printf "Date: 2016-05-19T10:00:00Z\n\nNo section\n\nA body.\n" \
		>articles/unsectioned.txt &&
	write_article articles/with-section.txt "With a section" Europe &&
	for bad in "https://news.example.org/a b" \
		"https://news.example.org/a\"onmouseover=x" \
		"https://news.example.org/<script>" \
		"https://news.example.org/a${TAB}b" \
		"https://user:secret@news.example.org/x" \
		"javascript:alert(1)"
	do
		n=$((${n:-0} + 1)) &&
		printf "Link: %s\nSection: World\n\nBad link %s\n\nA body.\n" \
			"$bad" "$n" >"articles/bad-link-$n.txt" || return 1
	done &&
	printf "Link: https://elsewhere.example.com/story?id=7&x=%%20y\nSection: World\n\nGood link\n\nA body.\n" \
		>articles/good-link.txt &&
	write_config feedd.conf articles feeds &&
	"$FEEDD" -c feedd.conf --once 2>log
'

test_expect_success 'an article of a title alone: no empty content:encoded, no empty <content>' '
	item_of feeds/all.rss title-only >item.rss &&
	test_grep "<title>Only a title</title>" item.rss &&
	test_grep -v "content:encoded" item.rss &&
	test_grep -v "<description" item.rss &&
	item_of feeds/all.atom title-only >item.atom &&
	test_grep "<title>Only a title</title>" item.atom &&
	test_grep -v "<content" item.atom &&
	test_grep -v "<summary" item.atom
'

test_expect_success 'a summary without text: description, no content:encoded' '
	item_of feeds/all.rss summary-only >item.rss &&
	test_grep "<description>Just this.</description>" item.rss &&
	test_grep -v "content:encoded" item.rss &&
	item_of feeds/all.atom summary-only >item.atom &&
	test_grep "<summary>Just this.</summary>" item.atom &&
	test_grep -v "<content" item.atom
'

test_expect_success 'description comes before content:encoded in every RSS item' '
	awk "/<item>/ { c = 0 } /<content:encoded>/ { c = 1 }
		/<description>/ && c { bad = 1 } END { exit bad }" feeds/all.rss &&
	item_of feeds/all.rss with-section >item.rss &&
	test "$(grep -n "<description>" item.rss | cut -d: -f1)" -lt \
		"$(grep -n "<content:encoded>" item.rss | cut -d: -f1)"
'

test_skip_unless_tool JING
test_expect_success 'the Atom feed without <content> is still valid RFC 4287' '
	"$JING" -c "$ATOM_RNC" feeds/all.atom
'

test_expect_success 'feedparser reads both feeds' '
	$FEEDCHECK --count 11 feeds/all.rss &&
	$FEEDCHECK --count 11 feeds/all.atom
'

test_expect_success 'no section: the empty segment is dropped, no // in the link' '
	for f in feeds/all.rss feeds/all.atom; do
		item_of $f unsectioned >item &&
		test_grep -F "https://news.example.org/unsectioned.html" item &&
		test_grep -v -F ".org//" item || return 1
	done
'

test_expect_success 'with a section, the link is as article_url says' '
	item_of feeds/all.rss with-section >item &&
	test_grep -F "<link>https://news.example.org/Europe/with-section.html</link>" item
'

test_expect_success 'no section in the middle of a path or in the host: only the empty segment goes' '
	write_config --site "article_url = https://news.example.org/{section}/{section}/x/{name}" \
		mid.conf articles mid &&
	"$FEEDD" -c mid.conf --once 2>/dev/null &&
	item_of mid/all.rss unsectioned >item &&
	test_grep -F "<link>https://news.example.org/x/unsectioned</link>" item &&
	write_config --site "article_url = https://{section}/{name}" \
		host.conf articles host &&
	"$FEEDD" -c host.conf --once 2>/dev/null &&
	item_of host/all.rss unsectioned >item &&
	test_grep -F "<link>https:///unsectioned</link>" item
'

test_expect_success 'a bad Link header is never published: article_url is used instead' '
	for n in 1 2 3 4 5 6; do
		for f in feeds/all.rss feeds/all.atom; do
			item_of $f bad-link-$n >item &&
			test_grep -F "https://news.example.org/World/bad-link-$n.html" item &&
			test_grep -v "secret\|org/a\|onmouseover\|script>\|javascript" item ||
			return 1
		done || return 1
	done &&
	! grep -F "secret@" feeds/* &&
	! grep -F "onmouseover" feeds/*
'

test_expect_success 'each bad Link header is logged with the path and the reason' '
	test_grep -F "articles/bad-link-1.txt: Link header" log &&
	test_grep "articles/bad-link-1.txt: .*spaces, quotes" log &&
	test_grep "articles/bad-link-2.txt: .*spaces, quotes" log &&
	test_grep "articles/bad-link-3.txt: .*spaces, quotes" log &&
	test_grep "articles/bad-link-4.txt: .*spaces, quotes" log &&
	test_grep "articles/bad-link-5.txt: .*user name or password" log &&
	test_grep "articles/bad-link-6.txt: .*not an absolute" log &&
	test "$(grep -c "Link header.*article_url" log)" = 6
'

test_expect_success 'a good Link header is published as written' '
	item_of feeds/all.rss good-link >item &&
	test_grep -F "<link>https://elsewhere.example.com/story?id=7&amp;x=%20y</link>" item &&
	test_grep -v -F "good-link: Link" log
'

test_done
