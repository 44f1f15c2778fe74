#!/bin/sh
# SPDX-License-Identifier: MIT
test_description='feedd --once on the bundled example: files, items, fields'
. "${SRCDIR:-$(dirname "$0")/..}/t/test-lib.sh"

# The real-world article of the example and what its entry must show.
NATO=000_fdbb7cce0301ea7d
NATO_ID=tag:news.example.org,2016:$NATO
NATO_LINK=https://news.example.org/World/$NATO.html
export NATO NATO_ID NATO_LINK

FEEDS='all business europe science sport world'
export FEEDS

# entry_value FEED ID ELEMENT: the text of ELEMENT in the item or entry
# whose guid or id is ID, straight from the XML.
entry_value () {
	case $1 in
	*.rss)
		xpath_string "$1" "//item[guid=\"$2\"]/$3"
		;;
	*.atom)
		xpath_string "$1" "//*[local-name()=\"entry\"][*[local-name()=\"id\"]=\"$2\"]/*[local-name()=\"$3\"]"
		;;
	esac
}

test_expect_success 'setup: copy the example and build it' '
	copy_example . &&
	"$FEEDD" -c conf/example.conf --once 2>log &&
	test_grep "15 articles, 0 skipped; 12 feed files written" log
'

test_expect_success 'the build logs no warning or error' '
	test_grep -v -E "warning:|error:" log
'

test_expect_success 'exactly the 12 feed files and the pages are written, nothing else' '
	for f in $FEEDS; do
		echo $f.atom && echo $f.html && echo $f.rss || return 1
	done >expect &&
	printf "%s\n" feeds.opml index.html >>expect &&
	(cd example/feeds && ls -A) | grep -v -x -F .feedd.state |
		LC_ALL=C sort >actual &&
	LC_ALL=C sort -o expect expect &&
	test_cmp expect actual
'

test_expect_success 'the feed files are regular files of mode 0644' '
	test_mode 644 example/feeds/*
'

test_expect_success 'the feed files are 0644 even under umask 077' '
	write_config umask.conf example/articles feeds-umask &&
	(umask 077 && "$FEEDD" -c umask.conf --once) &&
	test_mode 644 feeds-umask/all.rss feeds-umask/all.atom
'

test_expect_success 'each feed has the right number of items' '
	for f in world europe business science sport; do
		$FEEDCHECK --count 3 example/feeds/$f.rss &&
		$FEEDCHECK --count 3 example/feeds/$f.atom || return 1
	done &&
	$FEEDCHECK --count 15 example/feeds/all.rss &&
	$FEEDCHECK --count 15 example/feeds/all.atom
'

test_expect_success 'each feed holds only its own section' '
	for f in World Europe Business Science Sport; do
		lower=$(echo $f | tr A-Z a-z) &&
		for ext in rss atom; do
			$FEEDCHECK --print category example/feeds/$lower.$ext |
			sort -u >actual &&
			echo $f >expect &&
			test_cmp expect actual || return 1
		done || return 1
	done
'

test_expect_success 'the all feed: ids, links, dates and sections, newest first' '
	for ext in rss atom; do
		$FEEDCHECK --print id,link,updated,category \
			example/feeds/all.$ext >actual &&
		test_cmp "$SRCDIR/t/fixtures/example-all.tsv" actual || return 1
	done
'

test_expect_success 'every feed lists its items newest first' '
	for f in example/feeds/*; do
		$FEEDCHECK --newest-first $f || return 1
	done
'

test_expect_success 'every article keeps its first line as its title' '
	(
		cd example/articles &&
		find . -name "*.txt" | sed "s|^\./||" | while read -r path; do
			printf "tag:news.example.org,2016:%s\t%s\n" \
				"${path%.txt}" "$(sed -n 1p "$path")" || exit 1
		done
	) | LC_ALL=C sort >expect &&
	for ext in rss atom; do
		$FEEDCHECK --print id,title example/feeds/all.$ext |
		LC_ALL=C sort >actual &&
		test_cmp expect actual || return 1
	done
'

test_expect_success 'the NATO title is exact, with its U+00A0 (bytes c2 a0)' '
	printf "NATO\302\240to seek new meeting with Russia; Moscow says it wasn\047t consulted\n" >expect &&
	sed -n 1p example/articles/$NATO.txt >first-line &&
	test_cmp expect first-line &&
	for f in example/feeds/all.rss example/feeds/all.atom \
		example/feeds/world.rss example/feeds/world.atom
	do
		entry_value $f "$NATO_ID" title >actual &&
		test_cmp expect actual &&
		od -An -tx1 actual | tr -d " \n" >hex &&
		test_grep "^4e41544fc2a0746f20" hex || return 1
	done
'

test_expect_success 'feedparser reads the same NATO title' '
	printf "%s\tNATO\302\240to seek new meeting with Russia; Moscow says it wasn\047t consulted\n" \
		"$NATO_ID" >expect &&
	for ext in rss atom; do
		$FEEDCHECK --print id,title example/feeds/world.$ext >all &&
		grep -F "$NATO_ID" all >actual &&
		test_cmp expect actual || return 1
	done
'

test_expect_success 'the NATO entry is updated 2016-05-20T16:55:00+02:00 in Atom' '
	echo 2016-05-20T16:55:00+02:00 >expect &&
	entry_value example/feeds/world.atom "$NATO_ID" updated >actual &&
	test_cmp expect actual &&
	entry_value example/feeds/world.atom "$NATO_ID" published >actual &&
	test_cmp expect actual
'

test_expect_success 'the NATO item has pubDate Fri, 20 May 2016 16:55:00 +0200' '
	echo "Fri, 20 May 2016 16:55:00 +0200" >expect &&
	entry_value example/feeds/world.rss "$NATO_ID" pubDate >actual &&
	test_cmp expect actual
'

test_expect_success 'readers see the NATO dates as 2016-05-20 14:55 UTC' '
	for f in example/feeds/world.rss example/feeds/world.atom; do
		$FEEDCHECK --entry "$NATO_ID" published 2016-05-20T14:55:00Z \
			--entry "$NATO_ID" updated 2016-05-20T14:55:00Z $f ||
		return 1
	done
'

test_expect_success 'the NATO entry is in the World category' '
	for f in example/feeds/world.rss example/feeds/world.atom; do
		$FEEDCHECK --entry "$NATO_ID" categories World $f || return 1
	done &&
	echo World >expect &&
	entry_value example/feeds/world.rss "$NATO_ID" category >actual &&
	test_cmp expect actual &&
	xpath_string example/feeds/world.atom "//*[local-name()=\"entry\"][*[local-name()=\"id\"]=\"$NATO_ID\"]/*[local-name()=\"category\"]/@term" >actual &&
	test_cmp expect actual
'

test_expect_success 'the NATO id and link are stable and as configured' '
	for f in example/feeds/world.rss example/feeds/world.atom; do
		$FEEDCHECK --entry "$NATO_ID" link "$NATO_LINK" $f || return 1
	done &&
	echo "$NATO_LINK" >expect &&
	entry_value example/feeds/world.rss "$NATO_ID" link >actual &&
	test_cmp expect actual
'

test_expect_success 'the NATO summary is its first paragraph, exactly' '
	sed -n 3p example/articles/$NATO.txt >expect &&
	test_grep "^NATO" expect &&
	test_grep "news to them\.\$" expect &&
	entry_value example/feeds/world.atom "$NATO_ID" summary >actual &&
	test_cmp expect actual &&
	for f in example/feeds/world.rss example/feeds/world.atom; do
		$FEEDCHECK --print id,summary $f | grep -F "$NATO_ID" |
		cut -f2 >actual &&
		test_cmp expect actual || return 1
	done
'

test_expect_success 'the NATO content holds the whole text and only the text' '
	$FEEDCHECK --print id,content example/feeds/world.atom |
	grep -F "$NATO_ID" >content &&
	test_grep -F "Secretary General Jens Stoltenberg announced Friday" content &&
	test_grep -F "The European Union has hit Russia with several rounds of sanctions" content &&
	test_grep -v -F "Last update" content &&
	test_grep -v -F "More from" content
'

test_expect_success 'navigation headlines appear in no feed' '
	for f in $(find example/articles -name "*.txt"); do
		sed -n "/^More from /,\$p" $f | sed 1d | grep -v "^[[:space:]]*\$" ||
		return 1
	done >navigation &&
	test_grep -F "HRW decries Russia" navigation &&
	test_line_count -gt 50 navigation &&
	for f in example/feeds/*; do
		$FEEDCHECK --absent-from navigation --absent "Last update" \
			--absent "More from" $f || return 1
	done &&
	# The raw XML too, up to the first character XML might escape.
	sed -n "s/^\([^\"&<>\047]\{16,\}\).*/\1/p" navigation >prefixes &&
	test_line_count -gt 50 prefixes &&
	! grep -F -f prefixes example/feeds/* &&
	! grep -F "HRW decries" example/feeds/*
'

test_expect_success 'editing an article keeps its id and its link' '
	mkdir edit-articles &&
	cp example/articles/$NATO.txt edit-articles/ &&
	chmod u+w edit-articles/$NATO.txt &&
	write_config edit.conf edit-articles edit-feeds &&
	"$FEEDD" -c edit.conf --once &&
	$FEEDCHECK --print id,link edit-feeds/all.atom >before &&
	sed -e "1s/.*/A new title/" -e "s|20/05/2016 - 16:55|21/05/2016 - 09:00|" \
		-e "s/Stoltenberg/The secretary general/" \
		example/articles/$NATO.txt >edit-articles/$NATO.txt &&
	"$FEEDD" -c edit.conf --once &&
	$FEEDCHECK --entry "$NATO_ID" title "A new title" \
		--entry "$NATO_ID" updated 2016-05-21T07:00:00Z edit-feeds/all.atom &&
	$FEEDCHECK --print id,link edit-feeds/all.atom >after &&
	test_cmp before after
'

test_expect_success 'max_items keeps the newest items of a feed' '
	write_config small.conf example/articles small-feeds \
		"all=*/4" "world=World/2" "europe=Europe" &&
	"$FEEDD" -c small.conf --once &&
	head -n 4 "$SRCDIR/t/fixtures/example-all.tsv" | cut -f1 >expect &&
	$FEEDCHECK --count 4 --print id small-feeds/all.rss >actual &&
	test_cmp expect actual &&
	$FEEDCHECK --count 4 --print id small-feeds/all.atom >actual &&
	test_cmp expect actual &&
	grep "	World\$" "$SRCDIR/t/fixtures/example-all.tsv" | head -n 2 |
	cut -f1 >expect &&
	$FEEDCHECK --count 2 --print id small-feeds/world.atom >actual &&
	test_cmp expect actual &&
	$FEEDCHECK --count 3 small-feeds/europe.atom
'

test_expect_success 'max_items in [site] is the default of every feed' '
	write_config --site "max_items = 2" default.conf example/articles \
		default-feeds "all=*" "sport=Sport/3" &&
	"$FEEDD" -c default.conf --once &&
	$FEEDCHECK --count 2 default-feeds/all.rss &&
	$FEEDCHECK --count 3 default-feeds/sport.rss
'

test_expect_success 'a feed of several sections takes each of them' '
	write_config multi.conf example/articles multi-feeds \
		"news=World+europe" &&
	"$FEEDD" -c multi.conf --once &&
	$FEEDCHECK --count 6 --print category multi-feeds/news.atom |
	sort -u >actual &&
	printf "Europe\nWorld\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'setup: a French and a German locale, when localedef can' '
	mkdir locale &&
	if localedef -i fr_FR -f UTF-8 locale/fr_FR.UTF-8 2>/dev/null &&
		localedef -i de_DE -f UTF-8 locale/de_DE.UTF-8 2>/dev/null
	then
		LOCPATH=$TRASH/locale LC_ALL=fr_FR.UTF-8 date -d @0 +%A >day &&
		echo jeudi >expect &&
		test_cmp expect day
	else
		echo "# no localedef: the locale tests only set LC_ALL and LC_TIME"
	fi
'

test_expect_success 'under LC_ALL=fr_FR.UTF-8 the feeds are the same bytes' '
	write_config fr.conf example/articles fr-feeds &&
	write_config c.conf example/articles c-feeds &&
	"$FEEDD" -c c.conf --once &&
	(
		LOCPATH=$TRASH/locale LC_ALL=fr_FR.UTF-8 &&
		export LOCPATH LC_ALL &&
		"$FEEDD" -c fr.conf --once
	) &&
	test_cmp c-feeds/all.rss fr-feeds/all.rss &&
	test_cmp c-feeds/all.atom fr-feeds/all.atom &&
	test_grep "<pubDate>Fri, 20 May 2016 16:55:00 +0200</pubDate>" \
		fr-feeds/all.rss
'

test_expect_success 'under LC_TIME=de_DE.UTF-8 the RSS dates stay English' '
	write_config de.conf example/articles de-feeds &&
	(
		unset LC_ALL &&
		LOCPATH=$TRASH/locale LANG=de_DE.UTF-8 LC_TIME=de_DE.UTF-8 &&
		export LOCPATH LANG LC_TIME &&
		"$FEEDD" -c de.conf --once
	) &&
	test_cmp c-feeds/all.rss de-feeds/all.rss &&
	test_grep "<pubDate>Sat, 29 Feb 2020 10:05:00 +0100</pubDate>" \
		de-feeds/all.rss
'

test_expect_success 'the TZ variable does not change the dates' '
	write_config tz.conf example/articles tz-feeds &&
	TZ=America/New_York "$FEEDD" -c tz.conf --once &&
	test_cmp c-feeds/all.rss tz-feeds/all.rss &&
	test_cmp c-feeds/all.atom tz-feeds/all.atom
'

test_expect_success 'timezone = UTC writes UTC dates' '
	write_config --site "timezone = UTC" utc.conf example/articles \
		utc-feeds &&
	"$FEEDD" -c utc.conf --once &&
	entry_value utc-feeds/all.atom "$NATO_ID" updated >actual &&
	echo 2016-05-20T16:55:00Z >expect &&
	test_cmp expect actual &&
	entry_value utc-feeds/all.rss "$NATO_ID" pubDate >actual &&
	echo "Fri, 20 May 2016 16:55:00 +0000" >expect &&
	test_cmp expect actual
'

test_done
