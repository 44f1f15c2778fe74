#!/bin/sh
# SPDX-License-Identifier: MIT
test_description='Chromium (headless) shows index.html and NAME.html with their titles'
. "${SRCDIR:-$(dirname "$0")/..}/t/test-lib.sh"

# The screenshots outlive the trash directory, for a person to look at.
SHOTS=$BUILDDIR/t/t1600-browser.screenshots
PAGECHECK="$PYTHON3 $SRCDIR/t/pagecheck.py"
export SHOTS PAGECHECK

# browse ARGS...: headless Chromium, its profile in the trash directory,
# its chatter (D-Bus, GPU) in chromium.log.
browse () {
	timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu \
		--hide-scrollbars --no-first-run \
		--user-data-dir="$TRASH/chromium-profile" "$@" 2>>chromium.log
}

# is_png FILE: FILE is a PNG image of some size.
is_png () {
	test "$(head -c 4 "$1" | tail -c 3)" = PNG &&
	test "$(wc -c <"$1")" -gt 2000
}

test_expect_success 'setup: the example in three formats' '
	copy_example . &&
	sed -i -e "/^\[site\]/a formats = rss atom json" conf/example.conf &&
	"$FEEDD" -c conf/example.conf --once 2>log &&
	rm -rf "$SHOTS" && mkdir -p "$SHOTS"
'

test_skip_unless_tool CHROMIUM
test_expect_success 'index.html as Chromium renders it holds every feed title' '
	browse --dump-dom "file://$TRASH/example/feeds/index.html" >index.dom &&
	$PAGECHECK index.dom >index.out &&
	for f in World Europe Business Science Sport "all news"; do
		grep -q -x -F "text Example News: $f" index.out || return 1
	done &&
	test_grep -x "a world.html" index.out &&
	test_grep -x "alternate application/feed+json https://news.example.org/feeds/world.json" index.out
'

test_skip_unless_tool CHROMIUM
test_expect_success 'world.html as Chromium renders it holds the feed and item titles' '
	browse --dump-dom "file://$TRASH/example/feeds/world.html" >world.dom &&
	$PAGECHECK world.dom >world.out &&
	test_grep -x "text Example News: World" world.out &&
	$FEEDCHECK --print title example/feeds/world.rss >titles &&
	test_line_count = 3 titles &&
	while read -r title; do
		grep -q -x -F "text $title" world.out || return 1
	done <titles
'

test_skip_unless_tool CHROMIUM
test_expect_success 'screenshots, desktop and phone width, are kept' '
	for page in index world; do
		browse --window-size=1280,900 --screenshot="$SHOTS/$page-desktop.png" \
			"file://$TRASH/example/feeds/$page.html" &&
		browse --window-size=390,844 --screenshot="$SHOTS/$page-phone.png" \
			"file://$TRASH/example/feeds/$page.html" &&
		is_png "$SHOTS/$page-desktop.png" &&
		is_png "$SHOTS/$page-phone.png" || return 1
	done &&
	echo "# screenshots in $SHOTS"
'

test_done
