#!/bin/sh
# SPDX-License-Identifier: MIT
test_description='Chromium (headless) shows index.html, NAME.html and, through the negotiating nginx, a feed URL as the readable page'
. "${SRCDIR:-$(dirname "$0")/..}/t/test-lib.sh"
# nginx on 127.0.0.1 with conf/nginx.conf, its EXIT trap; get and header.
. "$SRCDIR/t/nginx-lib.sh"

# The screenshots outlive the trash directory, for a person to look at.
SHOTS=$BUILDDIR/t/t1600-browser.screenshots
PAGECHECK="$PYTHON3 $SRCDIR/t/pagecheck.py"
# Each Chromium run, "PID START-TIME" a line, next to the trash directory:
# the EXIT trap stops any still running, whatever ended the script.
BROWSERS=$TRASH.chromium
export SHOTS PAGECHECK BROWSERS

# Chromium runs under timeout(1), which makes itself the leader of a
# process group holding Chromium and all its helpers and, on SIGTERM,
# passes the signal to the whole group.
stop_browsers_ () {
	test -f "$BROWSERS" || return 0
	while read -r browse_p_ browse_t_; do
		test -n "$browse_t_" &&
		test "$(feedd_start_time_ "$browse_p_")" = "$browse_t_" ||
			continue
		echo "t1600: stopping chromium (timeout pid $browse_p_):" \
			"still running when $test_script_ ended" >&2
		kill -TERM "$browse_p_" 2>/dev/null
	done <"$BROWSERS"
	rm -f "$BROWSERS"
}
stop_browsers_
trap 'stop_browsers_; nginx_exit_' EXIT

# browse ARGS...: headless Chromium, its profile (and HTTP cache) in
# chromium-profile, its chatter (D-Bus, GPU) in chromium.log; 120 s at
# most.
browse () {
	timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu \
		--hide-scrollbars --no-first-run \
		--user-data-dir="$TRASH/chromium-profile" "$@" 2>>chromium.log &
	browse_p_=$!
	echo "$browse_p_ $(feedd_start_time_ "$browse_p_")" >>"$BROWSERS"
	wait "$browse_p_"
}

# shoot NAME URL: screenshots of URL, desktop and phone width, kept as
# $SHOTS/NAME-desktop.png and $SHOTS/NAME-phone.png.
shoot () {
	browse --window-size=1280,900 --screenshot="$SHOTS/$1-desktop.png" \
		"$2" &&
	browse --window-size=390,844 --screenshot="$SHOTS/$1-phone.png" \
		"$2" &&
	is_png "$SHOTS/$1-desktop.png" &&
	is_png "$SHOTS/$1-phone.png"
}

# is_png FILE: FILE is a PNG image of some size.
is_png () {
	test "$(head -c 4 "$1" | tail -c 3)" = PNG &&
	test "$(wc -c <"$1")" -gt 2000
}

# index_shows DOM: Chromium's DOM of index.html lists every feed, links
# to its page and announces its feed files.
index_shows () {
	$PAGECHECK "$1" >"$1.out" &&
	for f in World Europe Business Science Sport "all news"; do
		grep -q -x -F "text Example News: $f" "$1.out" || {
			echo "index_shows: no feed titled Example News: $f" >&2
			sed -e 's/^/| /' "$1.out" >&2
			return 1
		}
	done &&
	test_grep -x "a world.html" "$1.out" &&
	test_grep -x "alternate application/feed+json https://news.example.org/feeds/world.json" "$1.out"
}

# world_page_shows DOM: Chromium's DOM is world.html, parsed as a page (an
# HTML5 doctype, the autodiscovery links), and holds the feed's title and
# each of its items' titles, each a text of its own: not one XML text.
world_page_shows () {
	$PAGECHECK "$1" >"$1.out" &&
	test_grep -x "doctype DOCTYPE html" "$1.out" &&
	test_grep -x "alternate application/atom+xml https://news.example.org/feeds/world.atom" "$1.out" &&
	test_grep -x "text Example News: World" "$1.out" &&
	$FEEDCHECK --print title example/feeds/world.rss >titles &&
	test_line_count = 3 titles &&
	while read -r title; do
		grep -q -x -F "text $title" "$1.out" || {
			echo "world_page_shows: no item titled $title" >&2
			sed -e 's/^/| /' "$1.out" >&2
			return 1
		}
	done <titles
}

# feedparser_reads URL: feedparser itself (its own Accept header) fetches
# URL; prints its version, the feed title, the number of entries and the
# type it was sent.
feedparser_reads () {
	"$PYTHON3" -c '
import sys, feedparser
d = feedparser.parse(sys.argv[1])
if d.bozo:
    sys.exit("feedparser: %s: %s" % (sys.argv[1], d.bozo_exception))
print(d.version, d.feed.title, len(d.entries), d.headers["content-type"],
      sep="|")
' "$1"
}

test_expect_success 'setup: the example in three formats, a free port' '
	copy_example . &&
	sed -i -e "/^\[site\]/a formats = rss atom json" conf/example.conf &&
	"$FEEDD" -c conf/example.conf --once 2>log &&
	nginx_pick_port &&
	rm -rf "$SHOTS" && mkdir -p "$SHOTS"
'

test_skip_unless_tool CHROMIUM
test_expect_success 'index.html as Chromium renders it holds every feed title' '
	browse --dump-dom "file://$TRASH/example/feeds/index.html" >index.dom &&
	index_shows index.dom
'

test_skip_unless_tool CHROMIUM
test_expect_success 'world.html as Chromium renders it holds the feed and item titles' '
	browse --dump-dom "file://$TRASH/example/feeds/world.html" >world.dom &&
	world_page_shows world.dom
'

test_skip_unless_tool CHROMIUM
test_expect_success 'screenshots, desktop and phone width, are kept' '
	for page in index world; do
		shoot "$page" "file://$TRASH/example/feeds/$page.html" ||
			return 1
	done &&
	echo "# screenshots in $SHOTS"
'

# The same pages, and the feed URLs, through conf/nginx.conf with its
# content negotiation turned on.
needs NGINX_BIN CURL CHROMIUM
test_expect_success 'through the negotiating nginx: the feed list and a page' '
	start_nginx "$TRASH/example/feeds" negotiate &&
	browse --dump-dom "$(nginx_url)" >http-index.dom &&
	index_shows http-index.dom &&
	browse --dump-dom "$(nginx_url world.html)" >http-world.dom &&
	world_page_shows http-world.dom
'

# A new profile: nothing in Chromium's cache, each URL asked for afresh.
needs NGINX_BIN CURL CHROMIUM
test_expect_success 'Chromium opening a feed URL gets its page, not XML' '
	rm -rf chromium-profile &&
	: >nginx/access.log &&
	for f in world.atom world.rss; do
		browse --dump-dom "$(nginx_url "$f")" >"http-$f.dom" &&
		world_page_shows "http-$f.dom" &&
		grep "^/$f " nginx/access.log >"$f.log" &&
		test_line_count = 1 "$f.log" &&
		test_grep "^/$f 200 \"text/html,.*\" \"text/html; charset=utf-8\"\$" "$f.log" ||
			return 1
	done
'

needs NGINX_BIN CURL CHROMIUM
test_expect_success 'the same feed URLs give readers the feed: curl, feedparser' '
	: >nginx/access.log &&
	for f in world.atom:application/atom+xml:atom10 \
		world.rss:application/rss+xml:rss20
	do
		name=${f%%:*} type=${f#*:} &&
		version=${type#*:} type=${type%:*} &&
		echo "$type; charset=utf-8" >expect &&
		for accept in "" "$FEEDPARSER_ACCEPT"; do
			test "$(get "$name" ${accept:+-H "Accept: $accept"})" = 200 &&
			header content-type >got &&
			test_cmp expect got &&
			test_cmp "example/feeds/$name" body || return 1
		done &&
		feedparser_reads "$(nginx_url "$name")" >got &&
		echo "$version|Example News: World|3|$type; charset=utf-8" >expect &&
		test_cmp expect got || return 1
	done &&
	test_line_count = 6 nginx/access.log &&
	grep -c -F " 200 \"$FEEDPARSER_ACCEPT\" " nginx/access.log >n &&
	echo 4 >expect &&
	test_cmp expect n &&
	test_grep -v "text/html" nginx/access.log
'

needs NGINX_BIN CURL CHROMIUM
test_expect_success 'screenshots of the feed URLs as Chromium shows them' '
	shoot world-atom "$(nginx_url world.atom)" &&
	shoot world-rss "$(nginx_url world.rss)"
'

# What the checks above tell apart: without negotiation the browser is
# given the XML, which Chromium shows as one block of text. That text
# must still read right: Chromium's text view ignores the XML declaration,
# so a feed without "charset=utf-8" in its type showed the no-break space
# in "NATO to seek" (UTF-8 C2 A0) as two characters of Windows-1252,
# an A with a circumflex and a no-break space (which the DOM holds as
# "&nbsp;").
needs NGINX_BIN CURL CHROMIUM
test_expect_success 'as shipped, without negotiation, Chromium shows the XML' '
	rm -rf chromium-profile &&
	start_nginx "$TRASH/example/feeds" &&
	for f in world.atom world.rss; do
		browse --dump-dom "$(nginx_url "$f")" >"raw-$f.dom" &&
		test_grep -F "&lt;title&gt;Example News: World&lt;/title&gt;" "raw-$f.dom" &&
		! world_page_shows "raw-$f.dom" 2>/dev/null &&
		test_grep -F "NATO&nbsp;to seek" "raw-$f.dom" ||
			return 1
	done
'

needs NGINX_BIN CURL CHROMIUM
test_expect_success 'nginx stops' '
	stop_nginx
'

test_done
