#!/bin/sh
# SPDX-License-Identifier: MIT
test_description='what readers already have stays: future dates on published articles'
. "${SRCDIR:-$(dirname "$0")/..}/t/test-lib.sh"

# last_update OFFSET: a "Last update:" value OFFSET (as date -d takes it)
# from now, in UTC, the zone of the config below.
last_update () {
	date -u -d "$1" "+%a, %d/%m/%Y - %H:%M"
}

# atom_updated FEED ID: the <updated> of the entry whose id is $P ID.
atom_updated () {
	awk -v id=">$P$2<" '/<entry>/ { item = ""; on = 1 }
		on { item = item $0 "\n" }
		/<\/entry>/ { if (index(item, id)) printf "%s", item; on = 0 }' "$1" |
	sed -n "s|.*<updated>\(.*\)</updated>.*|\1|p"
}

test_expect_success 'setup: a live article, and feedd watching' '
	mkdir articles &&
	write_article articles/brussels.txt "From Brussels" World \
		"$(last_update "-2 hours")" &&
	printf "Id: shared\n\nThe live one\n\nIts text.\n\nLast update: %s\n\nMore from World\n" \
		"$(last_update "-3 hours")" >articles/z-live.txt &&
	write_config --site "timezone = UTC" feedd.conf articles feeds \
		all=* world=World &&
	start_feedd feedd.conf &&
	wait_for "has brussels && has shared"
'

test_expect_success 'an edit moving Last update past now keeps the article published' '
	feedd_mark &&
	write_article articles/brussels.txt "From Brussels, edited" World \
		"$(last_update "+1 hour")" &&
	marker m1 &&
	has brussels &&
	has brussels feeds/world.atom feeds/world.rss &&
	grep -F "From Brussels, edited" feeds/all.atom &&
	feedd_since >log &&
	test_grep -v " [1-9][0-9]* gone" log &&
	test_grep "brussels.txt: .*already published: it stays published" log &&
	test_grep "brussels.txt: updated .*in the future: taken as" log
'

test_expect_success 'its update time is clamped to now, not an hour ahead' '
	updated=$(atom_updated feeds/all.atom brussels) &&
	test -n "$updated" &&
	test "$(date -u -d "$updated" +%s)" -le "$(date +%s)"
'

test_expect_success 'an embargoed file reusing a live id does not unpublish the live one' '
	feedd_mark &&
	printf "Id: shared\nDate: 2099-01-01T00:00:00Z\n\nThe embargoed one\n\nSecret text.\n\nMore from World\n" \
		>articles/a-embargoed.txt &&
	marker m2 &&
	has shared &&
	grep -F "The live one" feeds/all.rss &&
	! grep -F "embargoed" feeds/all.rss feeds/all.atom &&
	! grep -F "Secret" feeds/all.rss feeds/all.atom &&
	feedd_since >log &&
	test_grep -v " [1-9][0-9]* gone" log &&
	test_grep "a-embargoed.txt: id .* is already used by z-live.txt, which is published" log &&
	test_grep -v "z-live.txt: skipped" log
'

test_expect_success 'so too after a restart, whichever file a scan reads first' '
	stop_feedd &&
	start_feedd feedd.conf &&
	marker m3 &&
	has shared &&
	grep -F "The live one" feeds/all.rss &&
	! grep -F "Secret" feeds/all.rss feeds/all.atom &&
	stop_feedd
'

test_expect_success 'Updated: 2099 dates neither the item nor the feed in 2099' '
	printf "Date: 2016-05-20T10:00:00Z\nUpdated: 2099-01-01T00:00:00Z\n\nPinned\n\nText.\n\nMore from World\n" \
		>articles/pinned.txt &&
	"$FEEDD" -c feedd.conf --once 2>log &&
	! grep -e 2099 -e "Jan 2099" feeds/all.atom feeds/all.rss &&
	test_grep "pinned.txt: updated 2099-01-01T00:00:00Z, in the future: taken as" log &&
	updated=$(sed -n "s|^  <updated>\(.*\)</updated>\$|\1|p" feeds/all.atom) &&
	test "$(date -u -d "$updated" +%s)" -le "$(date +%s)"
'

test_expect_success 'a published date never moves: edits and restarts move updated only' '
	write_article articles/moving.txt "Moving" World \
		"Fri, 20/05/2016 - 16:55" &&
	"$FEEDD" -c feedd.conf --once 2>/dev/null &&
	$FEEDCHECK --entry "${P}moving" published 2016-05-20T16:55:00Z \
		feeds/all.atom &&
	write_article articles/moving.txt "Moving, edited" World \
		"Wed, 01/06/2016 - 09:00" &&
	"$FEEDD" -c feedd.conf --once 2>/dev/null &&
	$FEEDCHECK --entry "${P}moving" published 2016-05-20T16:55:00Z \
		--entry "${P}moving" updated 2016-06-01T09:00:00Z \
		--entry "${P}moving" title "Moving, edited" feeds/all.atom &&
	$FEEDCHECK --entry "${P}moving" published 2016-05-20T16:55:00Z \
		feeds/all.rss &&
	write_article articles/moving.txt "Moving, again" World \
		"$(last_update "-1 minute")" &&
	"$FEEDD" -c feedd.conf --once 2>/dev/null &&
	$FEEDCHECK --entry "${P}moving" published 2016-05-20T16:55:00Z \
		feeds/all.atom
'

test_done
