#!/bin/sh
# SPDX-License-Identifier: MIT
test_description='conf/nginx.conf serves the feeds: types, gzip, validators, dot-files, negotiation; newsboat reads them'
. "${SRCDIR:-$(dirname "$0")/..}/t/test-lib.sh"
# nginx on 127.0.0.1 serving feeds/ with conf/nginx.conf; get and header.
. "$SRCDIR/t/nginx-lib.sh"

: "${NEWSBOAT=$(command -v newsboat || :)}"
export NEWSBOAT

test_expect_success 'setup: the example articles built, a free port' '
	copy_tree "$SRCDIR/example/articles" articles &&
	write_config --site "timezone = UTC" feedd.conf articles feeds \
		europe=Europe world=World all=* &&
	"$FEEDD" -c feedd.conf --once 2>build.log &&
	nginx_pick_port
'

# Files the other parts of feedd write, where this build has none yet:
# stand-ins only for their types and gzip here.
test_expect_success 'setup: stand-ins for a JSON Feed, the OPML list and a dot-file' '
	i=0 &&
	while test "$i" -lt 40; do
		echo "{\"version\": \"https://jsonfeed.org/version/1.1\", \"title\": \"stand-in $i\"}," || return 1
		i=$((i + 1))
	done >stand-in &&
	{ test -f feeds/all.json || cp stand-in feeds/all.json; } &&
	{ test -f feeds/feeds.opml || cp stand-in feeds/feeds.opml; } &&
	cp stand-in feeds/.all.rss.0a1b2c &&
	echo private >feeds/.htpasswd
'

needs NGINX_BIN CURL
test_expect_success 'nginx starts with the shipped snippet' '
	start_nginx "$TRASH/feeds" &&
	test "$(get all.atom)" = 200
'

needs NGINX_BIN CURL
test_expect_success 'each kind of file has its type' '
	for f in "all.rss:application/rss+xml; charset=utf-8" \
		"all.atom:application/atom+xml; charset=utf-8" \
		all.json:application/feed+json \
		"feeds.opml:text/x-opml; charset=utf-8"
	do
		test "$(get "${f%%:*}")" = 200 &&
		echo "${f#*:}" >expect &&
		header content-type >got &&
		test_cmp expect got || return 1
	done
'

needs NGINX_BIN CURL
test_expect_success 'feeds say how to cache them, with an ETag and a Last-Modified' '
	get europe.atom >status &&
	echo 200 >expect &&
	test_cmp expect status &&
	echo "public, no-cache" >expect &&
	header cache-control >got &&
	test_cmp expect got &&
	header etag >etag &&
	header last-modified >lm &&
	test -s etag &&
	test -s lm &&
	test_cmp feeds/europe.atom body
'

needs NGINX_BIN CURL
test_expect_success 'nothing changed: 304 for If-None-Match and for If-Modified-Since' '
	"$FEEDD" -c feedd.conf --once 2>again.log &&
	test_grep "0 feed files written" again.log &&
	test "$(get europe.atom -H "If-None-Match: $(cat etag)")" = 304 &&
	! test -s body &&
	test "$(get europe.atom -H "If-Modified-Since: $(cat lm)")" = 304 &&
	test "$(get europe.rss)" = 200 &&
	header etag >rss-etag &&
	test "$(get europe.rss -H "If-None-Match: $(cat rss-etag)")" = 304
'

needs NGINX_BIN CURL
test_expect_success 'right after an edit: 200 and a new ETag' '
	sleep 1.1 &&
	sed -i "s/affordable housing/affordable and social housing/" \
		articles/europe/003_8785cf9c24e57a89.txt &&
	"$FEEDD" -c feedd.conf --once 2>edit.log &&
	test "$(get europe.atom -H "If-None-Match: $(cat etag)")" = 200 &&
	header etag >new-etag &&
	! test_cmp etag new-etag &&
	test_grep "affordable and social housing" body &&
	test "$(get europe.atom -H "If-Modified-Since: $(cat lm)")" = 200 &&
	test "$(get world.atom -H "If-None-Match: $(cat new-etag)")" = 200
'

needs NGINX_BIN CURL
test_expect_success 'gzip for the feeds, JSON, OPML and HTML' '
	echo "<!doctype html><title>stand-in</title>" >feeds/page.html &&
	cat stand-in >>feeds/page.html &&
	for f in all.rss all.atom all.json feeds.opml page.html; do
		test "$(get "$f" -H "Accept-Encoding: gzip")" = 200 &&
		echo gzip >expect &&
		header content-encoding >got &&
		test_cmp expect got &&
		gzip -dc body >plain &&
		test_cmp "feeds/$f" plain || return 1
	done &&
	test_grep "^vary: Accept-Encoding" headers
'

needs NGINX_BIN CURL
test_expect_success 'dot-files are refused: a private file and a write under way' '
	for f in .htpasswd .all.rss.0a1b2c; do
		get "$f" >status &&
		grep -x "403\|404" status &&
		! test_grep "stand-in" body || return 1
	done
'

needs NGINX_BIN CURL
test_expect_success 'as shipped, without negotiation, a browser gets the feed' '
	echo "<!doctype html><title>Europe page</title>" >feeds/europe.html &&
	test "$(get europe.atom -H "Accept: $CHROMIUM_ACCEPT")" = 200 &&
	echo "application/atom+xml; charset=utf-8" >expect &&
	header content-type >got &&
	test_cmp expect got
'

needs NGINX_BIN CURL
test_expect_success 'negotiation turned on as the comment says: nginx starts' '
	start_nginx "$TRASH/feeds" negotiate &&
	test_grep "^		add_header Vary Accept always;" nginx/site.conf &&
	test "$(get all.atom)" = 200
'

# feedd writes NAME.html itself; a stand-in page (made above, in its
# place) shows that nginx serves whatever page is there.
needs NGINX_BIN CURL
test_expect_success 'a browser asking for a feed gets its page, with Vary: Accept' '
	for accept in "$CHROMIUM_ACCEPT" "$FIREFOX_ACCEPT"; do
		for f in europe.atom europe.rss; do
			test "$(get "$f" -H "Accept: $accept")" = 200 &&
			echo "text/html; charset=utf-8" >expect &&
			header content-type >got &&
			test_cmp expect got &&
			test_grep "Europe page" body &&
			test_grep "^vary: Accept\$" headers || return 1
		done
	done
'

needs NGINX_BIN CURL
test_expect_success 'readers, hubs and curl get the feed, with Vary: Accept' '
	for accept in "$FEEDPARSER_ACCEPT" "*/*" "application/atom+xml" \
		"application/rss+xml, application/atom+xml;q=0.9, text/html;q=0.5" ""
	do
		test "$(get europe.atom -H "Accept: $accept")" = 200 &&
		echo "application/atom+xml; charset=utf-8" >expect &&
		header content-type >got &&
		test_cmp expect got &&
		test_cmp feeds/europe.atom body &&
		test_grep "^vary: Accept\$" headers || return 1
	done &&
	test "$(get europe.rss)" = 200 &&
	test_cmp feeds/europe.rss body
'

needs NGINX_BIN CURL
test_expect_success 'a browser gets the feed where there is no page' '
	rm -f feeds/world.html &&
	test "$(get world.atom -H "Accept: $CHROMIUM_ACCEPT")" = 200 &&
	echo "application/atom+xml; charset=utf-8" >expect &&
	header content-type >got &&
	test_cmp expect got
'

needs NGINX_BIN CURL
test_expect_success 'conditional GET still works with negotiation' '
	get europe.atom >/dev/null &&
	header etag >etag &&
	test "$(get europe.atom -H "If-None-Match: $(cat etag)")" = 304
'

# newsboat, with its own urls, cache and config files, through the
# negotiating nginx.
newsboat_ () {
	HOME=$TRASH/home "$NEWSBOAT" -u newsboat/urls -c newsboat/cache.db \
		-C newsboat/config "$@"
}

# unread_items: the items in newsboat's cache, "UNREAD TITLE" a line.
items () {
	"$PYTHON3" -c '
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for unread, title in db.execute(
        "select unread, title from rss_item order by title"):
    print(unread, title)
' newsboat/cache.db
}

needs NGINX_BIN CURL NEWSBOAT
test_expect_success 'newsboat reads the feeds nginx serves' '
	mkdir -p newsboat home &&
	port=$(cat nginx/port) &&
	echo "http://127.0.0.1:$port/europe.atom" >newsboat/urls &&
	echo "http://127.0.0.1:$port/world.rss" >>newsboat/urls &&
	: >newsboat/config &&
	: >nginx/access.log &&
	newsboat_ -x reload &&
	newsboat_ -x print-unread >unread &&
	echo "6 unread articles" >expect &&
	test_cmp expect unread &&
	grep "^/europe.atom 200 " nginx/access.log >got &&
	test_grep "\"application/atom+xml; charset=utf-8\"\$" got &&
	! grep "text/html" nginx/access.log
'

needs NGINX_BIN CURL NEWSBOAT
test_expect_success 'a new article is one unread item in newsboat' '
	items >before &&
	sleep 1.1 &&
	write_article articles/europe/new.txt "A new Europe story" Europe \
		"Mon, 01/06/2020 - 10:00" &&
	"$FEEDD" -c feedd.conf --once 2>new.log &&
	newsboat_ -x reload &&
	newsboat_ -x print-unread >unread &&
	echo "7 unread articles" >expect &&
	test_cmp expect unread &&
	items >after &&
	test_line_count = 7 after &&
	grep -c "^1 A new Europe story\$" after >n &&
	echo 1 >expect &&
	test_cmp expect n
'

needs NGINX_BIN CURL NEWSBOAT
test_expect_success 'an edit is no duplicate in newsboat' '
	sleep 1.1 &&
	sed -i "1s/.*/A new Europe story, corrected/" articles/europe/new.txt &&
	"$FEEDD" -c feedd.conf --once 2>edit2.log &&
	test_grep "europe.atom: 4 items" edit2.log &&
	newsboat_ -x reload &&
	items >after &&
	test_line_count = 7 after &&
	grep -c "A new Europe story" after >n &&
	echo 1 >expect &&
	test_cmp expect n &&
	test_grep "A new Europe story, corrected\$" after &&
	newsboat_ -x print-unread >unread &&
	grep "^[67] unread articles\$" unread
'

needs NGINX_BIN
test_expect_success 'nginx stops' '
	stop_nginx
'

test_done
