#!/bin/sh
# SPDX-License-Identifier: MIT
test_description='broken, odd and hostile article files'
. "${SRCDIR:-$(dirname "$0")/..}/t/test-lib.sh"

# The files of t/fixtures/articles-bad, plus (made here, as their bytes are
# best kept out of git) empty, binary, Windows-1252, control characters,
# CR LF, BOM and oversized files. Every usable article has its own date,
# so the order of the all feed is known.

# title_hex FEED ID_END: the hex bytes of the title (and its newline) of the
# entry whose id ends in ID_END, as one string.
title_hex () {
	$FEEDCHECK --print id,title "$1" | grep -F "$2	" | cut -f2 |
	od -An -tx1 | tr -d " \n"
}

test_expect_success 'setup: the articles' '
	copy_tree "$SRCDIR/t/fixtures/articles-bad" articles &&
	(
		cd articles &&
		: >empty.txt &&
		printf "  \n\n\t\n" >blank.txt &&
		printf "Binary title\n\nSome\000text\n" >binary.txt &&
		printf "Caf\351 owner says \223no comment\224\n\nThe caf\351 stays open.\n\nLast update: Thu, 09/06/2016 - 10:00\n\nMore from Europe\n" \
			>cp1252.txt &&
		printf "Control\001 chars\013 in\033 the\177 title\302\205 here\n\nBody\001 with\013 controls\033 and\177 more\302\205 text.\n\nLast update: Fri, 10/06/2016 - 10:00\n\nMore from World\n" \
			>control.txt &&
		printf "A CRLF article\r\n\r\nFirst paragraph\r\nwrapped line.\r\n\r\nLast update: Sat, 11/06/2016 - 10:00\r\n\r\nMore from World\r\n" \
			>crlf.txt &&
		printf "\357\273\277A BOM article\n\nThe body of the BOM article.\n\nLast update: Sun, 12/06/2016 - 10:00\n\nMore from World\n" \
			>bom.txt &&
		{
			printf "TOO LARGE\n\n" &&
			awk "BEGIN { for (i = 0; i < 100; i++) print \"Filler to make this article larger than 4K.\n\" }"
		} >toolarge.txt &&
		test "$(wc -c <toolarge.txt)" -gt 4096 &&
		touch -d "2016-03-01 12:00:00" no-trailer.txt &&
		touch -d "2016-03-02 12:00:00" bad-date.txt
	) &&
	write_config --site "max_article_size = 4K" feedd.conf articles feeds \
		all=* world=World europe=Europe
'

test_expect_success 'bad articles do not fail the build: exit status 0' '
	"$FEEDD" -c feedd.conf --once 2>log
'

test_expect_success 'the log says how many articles were skipped' '
	test_grep "4 skipped" log
'

test_expect_success 'the all feed holds exactly the usable articles, newest first' '
	sed "s/^\([^ ]*\) /tag:news.example.org,2016:\1\t/; s/ \([^ ]*\)\$/\t\1/" \
		>expect <<-\EOF &&
	bom A BOM article 2016-06-12T08:00:00Z
	crlf A CRLF article 2016-06-11T08:00:00Z
	control Control chars in the title here 2016-06-10T08:00:00Z
	cp1252 Café owner says “no comment” 2016-06-09T08:00:00Z
	escapes <script>alert(1)</script> ]]> &amp; Tom & Jerry 2016-06-08T08:00:00Z
	front-matter An article with front matter 2016-06-07T08:00:00Z
	header-block An article with a header block 2016-06-06T08:00:00Z
	dup-title-b The same title twice 2016-06-05T08:00:00Z
	dup-title-a The same title twice 2016-06-04T08:00:00Z
	wrong-weekday An article with the wrong weekday 2016-06-03T08:00:00Z
	good-europe A good article from Europe 2016-06-02T08:00:00Z
	good-plain A plain good article 2016-06-01T08:00:00Z
	bad-date An article with an impossible date 2016-03-02T12:00:00Z
	no-trailer An article without a trailer 2016-03-01T12:00:00Z
	EOF
	sed -i "s|^tag:news.example.org,2016:header-block|urn:example:header-block|" expect &&
	for ext in rss atom; do
		$FEEDCHECK --count 14 --print id,title,updated feeds/all.$ext \
			>actual &&
		test_cmp expect actual || return 1
	done
'

test_skip_unless_tool JING
test_expect_success 'the Atom feeds are valid RFC 4287' '
	for f in feeds/*.atom; do
		"$JING" -c "$ATOM_RNC" $f || return 1
	done
'

test_skip_unless_tool XMLLINT
test_expect_success 'every feed is well-formed XML' '
	for f in feeds/*; do
		"$XMLLINT" --noout $f || return 1
	done
'

test_expect_success 'feedparser reads every feed without complaint' '
	for f in feeds/*; do
		$FEEDCHECK $f || return 1
	done
'

# --- files that cannot be used: skipped, named, with a reason

test_expect_success 'an empty file is skipped and named with a reason' '
	test_grep -E "articles/empty\.txt: .*empty" log
'

test_expect_success 'a file of blanks only is skipped as empty' '
	test_grep -E "articles/blank\.txt: .*empty" log
'

test_expect_success 'a binary file (NUL bytes) is skipped and named' '
	test_grep -E "articles/binary\.txt: .*(binary|NUL)" log &&
	test_grep -v "Binary title" feeds/all.atom
'

test_expect_success 'a file over max_article_size is skipped and named' '
	test_grep -E "articles/toolarge\.txt: .*max_article_size" log &&
	test_grep -v "TOO LARGE" feeds/all.atom
'

# --- files used with a warning

test_expect_success 'Windows-1252 is decoded, with a warning naming the file' '
	test_grep -E "articles/cp1252\.txt: .*UTF-8" log &&
	printf "Caf\303\251 owner says \342\200\234no comment\342\200\235\n" >expect &&
	$FEEDCHECK --print id,title feeds/europe.atom | grep -F ":cp1252	" |
	cut -f2 >actual &&
	test_cmp expect actual &&
	$FEEDCHECK --print id,summary feeds/europe.rss | grep -F ":cp1252	" |
	cut -f2 >actual &&
	printf "The caf\303\251 stays open.\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'control characters are dropped, with a warning' '
	test_grep -E "articles/control\.txt: .*control" log &&
	echo "Control chars in the title here" >expect &&
	$FEEDCHECK --print id,title feeds/world.rss | grep -F ":control	" |
	cut -f2 >actual &&
	test_cmp expect actual
'

test_expect_success 'no control character reaches any feed file' '
	for f in feeds/*; do
		od -An -tx1 -v $f | tr -s " \n" "  " >hex &&
		{ grep -o -E " (0[0-8]|0b|0c|0e|0f|1[0-9a-f]|7f|c2 8[0-9a-f]|c2 9[0-9a-f])" hex >found || :; } &&
		test_must_be_empty found || return 1
	done &&
	! grep -i -E "&#(x0*(1|b|c|1b|7f|85)|0*(1|11|12|27|127|133));" feeds/*
'

test_expect_success 'CR LF line ends are read as lines, and no CR is written' '
	echo "First paragraph wrapped line." >expect &&
	$FEEDCHECK --print id,summary feeds/world.atom | grep -F ":crlf	" |
	cut -f2 >actual &&
	test_cmp expect actual &&
	! grep -l "$(printf "\r")" feeds/* &&
	! grep -i -E "&#(x0*d|0*13);" feeds/*
'

test_expect_success 'a UTF-8 BOM is not part of the title' '
	test "$(title_hex feeds/world.atom :bom)" = \
		"$(printf "A BOM article\n" | od -An -tx1 | tr -d " \n")" &&
	! grep -l "$(printf "\357\273\277")" feeds/*
'

test_expect_success 'an article without a trailer is dated by its mtime, warned' '
	test_grep -E "articles/no-trailer\.txt: .*(date|modification)" log &&
	$FEEDCHECK --entry tag:news.example.org,2016:no-trailer updated \
		2016-03-01T12:00:00Z feeds/all.atom
'

test_expect_success 'an article without a trailer has no section' '
	$FEEDCHECK --entry tag:news.example.org,2016:no-trailer categories "" \
		feeds/all.atom &&
	test_grep -v -F ":no-trailer<" feeds/world.atom
'

test_expect_success 'an impossible date is warned about and the mtime used' '
	test_grep -E "articles/bad-date\.txt: .*32/13/2016" log &&
	for f in feeds/all.rss feeds/all.atom; do
		$FEEDCHECK --entry tag:news.example.org,2016:bad-date updated \
			2016-03-02T12:00:00Z $f || return 1
	done
'

test_expect_success 'an impossible date never becomes a date in 2017' '
	! grep -E "<(pubDate|lastBuildDate|published|updated)>[^<]*2017" feeds/*
'

test_expect_success 'a wrong weekday is warned about and the date kept' '
	test_grep -E "articles/wrong-weekday\.txt: .*weekday" log &&
	test_grep "<pubDate>Fri, 03 Jun 2016 10:00:00 +0200</pubDate>" \
		feeds/world.rss
'

test_expect_success 'an article dated in the future is withheld and logged' '
	test_grep -E "articles/future\.txt: .*future" log &&
	test_grep -v "from the future" feeds/all.rss &&
	test_grep -v "from the future" feeds/all.atom &&
	test_grep -v "from the future" feeds/world.atom
'

# --- unusual but valid files

test_expect_success 'two articles with the same title are two items' '
	$FEEDCHECK --print title,id feeds/world.atom |
	grep "^The same title twice	" >actual &&
	printf "The same title twice\ttag:news.example.org,2016:%s\n" \
		dup-title-b dup-title-a >expect &&
	test_cmp expect actual
'

test_expect_success 'a header block gives title, date, section, id, tags, summary' '
	for f in feeds/world.rss feeds/world.atom; do
		$FEEDCHECK \
			--entry urn:example:header-block title "An article with a header block" \
			--entry urn:example:header-block published 2016-06-06T08:00:00Z \
			--entry urn:example:header-block categories "World|alpha|beta" \
			--entry urn:example:header-block summary "The summary given in the header." \
			$f || return 1
	done
'

test_expect_success 'a header block is not part of the text' '
	$FEEDCHECK --print id,content feeds/world.atom |
	grep -F "urn:example:header-block" >content &&
	test_grep "The first paragraph of the header block article" content &&
	test_grep -v -E "Title:|Tags:|Summary:|Id:" content
'

test_expect_success 'front matter gives title, date and section' '
	for f in feeds/europe.rss feeds/europe.atom; do
		$FEEDCHECK \
			--entry tag:news.example.org,2016:front-matter title "An article with front matter" \
			--entry tag:news.example.org,2016:front-matter updated 2016-06-07T08:00:00Z \
			--entry tag:news.example.org,2016:front-matter category Europe \
			--entry tag:news.example.org,2016:front-matter summary "The first paragraph of the front matter article." \
			$f || return 1
	done
'

test_expect_success 'front matter and the repeated title are not part of the text' '
	$FEEDCHECK --print id,content feeds/europe.atom |
	grep -F ":front-matter	" | cut -f2 >actual &&
	printf "%s\n" "<p>The first paragraph of the front matter article.</p>" \
		>expect &&
	test_cmp expect actual
'

test_expect_success 'markup in a title comes out as the same text, escaped once' '
	for f in feeds/all.rss feeds/all.atom; do
		$FEEDCHECK --entry tag:news.example.org,2016:escapes title \
			"<script>alert(1)</script> ]]> &amp; Tom & Jerry" $f ||
		return 1
	done
'

test_skip_unless_tool XMLLINT
test_expect_success 'the XML title text is the file title, character for character' '
	echo "<script>alert(1)</script> ]]> &amp; Tom & Jerry" >expect &&
	xpath_string feeds/all.rss "//item[guid=\"tag:news.example.org,2016:escapes\"]/title" >actual &&
	test_cmp expect actual &&
	xpath_string feeds/all.atom "//*[local-name()=\"entry\"][*[local-name()=\"id\"]=\"tag:news.example.org,2016:escapes\"]/*[local-name()=\"title\"]" >actual &&
	test_cmp expect actual
'

test_expect_success 'markup in the text never becomes markup in the HTML' '
	for f in feeds/all.rss feeds/all.atom; do
		$FEEDCHECK --print id,content $f | grep -F ":escapes	" |
		cut -f2 >actual &&
		printf "%s\n" "<p>Body: &lt;script&gt;alert(1)&lt;/script&gt; ]]&gt; &amp;amp; Tom &amp; Jerry</p>" \
			>expect &&
		test_cmp expect actual || return 1
	done
'

test_expect_success 'the plain-text Atom summary keeps the text as it is' '
	$FEEDCHECK --entry tag:news.example.org,2016:escapes summary \
		"Body: <script>alert(1)</script> ]]> &amp; Tom & Jerry" \
		feeds/all.atom
'

test_expect_success 'no feed file holds a raw <script> tag' '
	! grep -i "<script" feeds/*
'

# --- names that are not articles

test_expect_success 'a .md file is not an article (patterns = *.txt)' '
	test_grep -v "not an article" feeds/all.atom &&
	test_grep -v "notes" log
'

test_expect_success 'setup: editor and hidden files next to one article' '
	mkdir names &&
	cp articles/good-plain.txt names/good.txt &&
	for name in .hidden.txt "x.txt~" "#x.txt#" 4913 x.txt.swp; do
		sed "1s/.*/IGNORED $name/" articles/good-europe.txt \
			>"names/$name" || return 1
	done &&
	ln -s /nonexistent/lock "names/.#lock.txt" &&
	write_config --site "patterns = *" names.conf names names-feeds
'

test_expect_success 'hidden, backup, swap, lock and probe files are ignored' '
	"$FEEDD" -c names.conf --once 2>names.log &&
	$FEEDCHECK --print title names-feeds/all.atom >actual &&
	echo "A plain good article" >expect &&
	test_cmp expect actual &&
	test_grep -v "IGNORED" names-feeds/all.rss
'

test_expect_success 'ignored files are not reported as skipped' '
	test_grep -v -E "warning|error" names.log
'

test_done
