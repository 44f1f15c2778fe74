#!/bin/sh
# SPDX-License-Identifier: MIT
test_description='the daemon sees what editors, exports and shells do to the articles'
. "${SRCDIR:-$(dirname "$0")/..}/t/test-lib.sh"

# One daemon (-v, debounce 50ms) watches a copy of the example articles
# from the setup test on; the burst, polling and articles-folder tests at
# the end run their own. Every wait is bounded (wait_for); a check that something did NOT
# happen first waits well past the debounce, then lets a marker article
# through and waits for it, so that the daemon has surely looked.

# start_stream: in the background, writes burst/s1.txt, s2.txt... one
# every 100 ms until stop-stream exists (80 at most), then the number
# written to stream-count.
start_stream () {
	(
		i=0
		while test "$i" -lt 80 && ! test -f stop-stream; do
			i=$((i + 1))
			write_article burst/s$i.txt "Stream $i" World
			sleep 0.1
		done
		echo "$i" >stream-count
	) </dev/null >/dev/null 2>&1 &
}

# count_lines PATTERN: how many lines logged since the mark match PATTERN.
count_lines () {
	feedd_since | grep -c -e "$1"
}

test_expect_success 'setup: a copy of the example articles and a config' '
	copy_tree "$SRCDIR/example/articles" articles &&
	mkdir outside &&
	write_config --site "debounce = 50ms" feedd.conf articles feeds \
		world=World sport=Sport all=*/500
'

test_expect_success 'the daemon builds every feed, then says it is watching' '
	start_feedd feedd.conf -v &&
	test_grep "^feedd: watching articles; feeds in feeds\$" feedd.log &&
	feed_files feeds >files &&
	printf "%s\n" all.atom all.rss sport.atom sport.rss world.atom \
		world.rss >expect &&
	test_cmp expect files &&
	$FEEDCHECK --count 15 feeds/all.atom &&
	$FEEDCHECK --count 15 feeds/all.rss &&
	$FEEDCHECK --count 3 feeds/world.atom &&
	$FEEDCHECK --count 3 feeds/sport.rss &&
	! test -e feeds/.feedd.state &&
	"$FEEDD" -c feedd.conf --dump-state >state &&
	test_line_count = 15 state
'

test_expect_success 'starting logs the feeds written and "watching", nothing else' '
	{
		grep -v \
		-e "^feedd: [a-z]*\.atom: [0-9]* items ([0-9]* new, 0 updated, 0 gone), " \
		-e "^feedd: [a-z]*\.rss: [0-9]* items ([0-9]* new, 0 updated, 0 gone), " \
		-e "^feedd: $XDG_STATE_HOME/feedd/[^/]*\.sqlite: no records yet\$" \
		-e "^feedd: watching articles; feeds in feeds\$" \
		-e "^feedd: warning: running as root: run feedd as its own user" \
		-e "$VALGRIND_WARNING" \
		feedd.log >unexpected || :
	} &&
	test_must_be_empty unexpected
'

test_expect_success 'a new article appears in its feeds, and only there' '
	feedd_mark &&
	write_article articles/added.txt "An added article" World &&
	wait_for "has added feeds/world.atom feeds/world.rss feeds/all.atom feeds/all.rss" &&
	hasnt added feeds/sport.atom feeds/sport.rss &&
	$FEEDCHECK --count 4 --entry "${P}added" title "An added article" \
		feeds/world.atom &&
	$FEEDCHECK --count 16 --entry "${P}added" title "An added article" \
		feeds/all.rss &&
	wait_for "logged \"^feedd: world\\.rss: \"" &&
	feedd_since >since &&
	test_grep "^feedd: world.atom: 4 items (1 new, 0 updated, 0 gone), [0-9.]* ms\$" since &&
	test_grep "^feedd: all.rss: 16 items (1 new, 0 updated, 0 gone), " since
'

test_expect_success 'an edit (sed -i) rewrites the feeds that hold it, not the others' '
	snapshot feeds/sport.atom feeds/sport.rss >before &&
	feedd_mark &&
	sed -i "1s/to seek new meeting/to seek a new meeting/" \
		articles/000_fdbb7cce0301ea7d.txt &&
	wait_for "grep -q \"to seek a new meeting\" feeds/world.atom &&
		grep -q \"to seek a new meeting\" feeds/all.rss" &&
	snapshot feeds/sport.atom feeds/sport.rss >after &&
	test_cmp before after &&
	wait_for "logged \"^feedd: world\\.rss: \"" &&
	feedd_since >since &&
	test_grep "^feedd: world.atom: 4 items (0 new, 0 updated, 0 gone)" since &&
	test_grep -v "sport\\." since &&
	$FEEDCHECK --count 4 feeds/world.atom
'

test_expect_success 'a new Last update counts as an updated item in the log' '
	feedd_mark &&
	write_article articles/added.txt "An added article" World \
		"Sat, 21/05/2016 - 09:30" &&
	wait_for "grep -q 2016-05-21T09:30:00 feeds/world.atom" &&
	wait_for "logged \"^feedd: world\\.rss: \"" &&
	feedd_since >since &&
	test_grep "^feedd: world.atom: 4 items (0 new, 1 updated, 0 gone), " since
'

test_expect_success 'an article moved to another section leaves the old feed, joins the new' '
	write_article articles/mover.txt "An article that changes section" World &&
	wait_for "has mover feeds/world.atom feeds/world.rss feeds/all.rss" &&
	write_article articles/mover.txt "An article that changes section" Sport &&
	wait_for "has mover feeds/sport.atom feeds/sport.rss" &&
	wait_for "hasnt mover feeds/world.atom feeds/world.rss" &&
	$FEEDCHECK --count 4 feeds/world.atom &&
	$FEEDCHECK --count 4 --entry "${P}mover" category Sport feeds/sport.rss &&
	rm articles/mover.txt &&
	wait_for "hasnt mover feeds/sport.atom feeds/sport.rss feeds/all.atom feeds/all.rss"
'

test_expect_success 'appending to an article (>>) updates it in place' '
	write_article articles/draft.txt "A draft" "" &&
	wait_for "has draft" &&
	hasnt draft feeds/world.atom &&
	first=$($FEEDCHECK --print id,published feeds/all.atom |
		sed -n "s|^${P}draft\t||p") &&
	test -n "$first" &&
	printf "\nLast update: Sat, 21/05/2016 - 10:00\n\nMore from World\n" \
		>>articles/draft.txt &&
	wait_for "has draft feeds/world.atom feeds/world.rss" &&
	# Readers had it since its first sight: that stays its publication,
	# and an update cannot come before it.
	$FEEDCHECK --entry "${P}draft" published "$first" \
		--entry "${P}draft" updated "$first" \
		--entry "${P}draft" category World feeds/world.atom &&
	$FEEDCHECK --count 17 feeds/all.atom
'

test_expect_success 'rewriting an article (>) changes it, under the same id' '
	write_article articles/draft.txt "The draft, rewritten" World &&
	wait_for "grep -q \"The draft, rewritten\" feeds/all.rss" &&
	$FEEDCHECK --count 17 \
		--entry "${P}draft" title "The draft, rewritten" feeds/all.atom &&
	$FEEDCHECK --count 5 \
		--entry "${P}draft" title "The draft, rewritten" feeds/world.rss
'

test_expect_success 'an atomic-rename save (.name.tmp, then mv over) updates it' '
	write_article articles/.added.tmp "Added, saved by rename" World &&
	mv articles/.added.tmp articles/added.txt &&
	wait_for "grep -q \"Added, saved by rename\" feeds/all.rss" &&
	$FEEDCHECK --count 17 \
		--entry "${P}added" title "Added, saved by rename" feeds/all.atom
'

test_expect_success 'an atomic-rename save (name.txt.tmp, then mv over) updates it' '
	write_article articles/added.txt.tmp "Added, saved again" World &&
	mv articles/added.txt.tmp articles/added.txt &&
	wait_for "grep -q \"Added, saved again\" feeds/all.rss" &&
	$FEEDCHECK --count 17 \
		--entry "${P}added" title "Added, saved again" feeds/all.atom
'

test_expect_success 'a vim-style save (4913 probe, backup by rename, new file) updates it' '
	: >articles/4913 &&
	rm articles/4913 &&
	mv articles/added.txt articles/added.txt~ &&
	write_article articles/added.txt "Added, saved by vim" World &&
	rm articles/added.txt~ &&
	wait_for "grep -q \"Added, saved by vim\" feeds/world.rss &&
		grep -q \"Added, saved by vim\" feeds/all.rss" &&
	$FEEDCHECK --count 17 \
		--entry "${P}added" title "Added, saved by vim" feeds/all.atom &&
	$FEEDCHECK --count 5 \
		--entry "${P}added" title "Added, saved by vim" feeds/world.atom
'

test_expect_success 'a deleted article leaves its feeds' '
	feedd_mark &&
	rm articles/added.txt &&
	wait_for "hasnt added feeds/world.atom feeds/world.rss feeds/all.atom feeds/all.rss" &&
	$FEEDCHECK --count 4 feeds/world.atom &&
	$FEEDCHECK --count 16 feeds/all.rss &&
	wait_for "logged \"^feedd: world\\.rss: \"" &&
	feedd_since >since &&
	test_grep "^feedd: world.atom: 4 items (0 new, 0 updated, 1 gone)" since
'

test_expect_success 'a renamed article: the new name is the id, the old one is gone' '
	write_article articles/ren-a.txt "A renamed article" Sport &&
	wait_for "has ren-a feeds/sport.atom feeds/sport.rss" &&
	mv articles/ren-a.txt articles/ren-b.txt &&
	wait_for "has ren-b feeds/sport.atom feeds/sport.rss feeds/all.atom feeds/all.rss" &&
	wait_for "hasnt ren-a feeds/sport.atom feeds/sport.rss feeds/all.atom feeds/all.rss" &&
	$FEEDCHECK --count 4 \
		--entry "${P}ren-b" title "A renamed article" feeds/sport.atom &&
	$FEEDCHECK --count 17 feeds/all.atom
'

test_expect_success 'an article moved in from outside appears; moved out, it goes' '
	write_article outside/in.txt "Moved in from outside" Europe &&
	mv outside/in.txt articles/in.txt &&
	wait_for "has in" &&
	$FEEDCHECK --count 18 \
		--entry "${P}in" title "Moved in from outside" feeds/all.atom &&
	mv articles/in.txt outside/in.txt &&
	wait_for "hasnt in" &&
	$FEEDCHECK --count 17 feeds/all.rss
'

test_expect_success 'an article copied in (cp) appears' '
	write_article outside/copy.txt "A copied article" Sport &&
	cp outside/copy.txt articles/copied.txt &&
	wait_for "has copied feeds/sport.atom feeds/sport.rss feeds/all.atom feeds/all.rss" &&
	$FEEDCHECK --count 5 \
		--entry "${P}copied" title "A copied article" feeds/sport.rss
'

test_expect_success 'a hard link made in the folder is read at once' '
	write_article outside/linked.txt "A hard-linked article" Sport &&
	ln outside/linked.txt articles/linked.txt &&
	wait_for "has linked feeds/sport.atom feeds/all.rss"
'

test_expect_success 'a subfolder made and filled at once is read and watched' '
	mkdir articles/sub &&
	write_article articles/sub/one.txt "Sub one" World &&
	write_article articles/sub/two.txt "Sub two" Sport &&
	mkdir -p articles/sub/deep/er &&
	write_article articles/sub/deep/er/three.txt "Sub three" World &&
	wait_for "has sub/one && has sub/two && has sub/deep/er/three" &&
	# A build renames its files on threads of their own: all.* may be in
	# place a moment before world.atom and sport.atom.
	wait_for "has sub/one feeds/world.atom && has sub/two feeds/sport.atom" &&
	write_article articles/sub/four.txt "Sub four" World &&
	write_article articles/sub/deep/er/five.txt "Sub five" World &&
	wait_for "has sub/four feeds/world.atom feeds/all.rss &&
		has sub/deep/er/five feeds/world.atom feeds/all.rss"
'

test_expect_success 'a folder filled elsewhere and moved in is read and watched' '
	mkdir -p outside/pack/inner &&
	write_article outside/pack/a.txt "Pack a" World &&
	write_article outside/pack/inner/b.txt "Pack b" World &&
	mv outside/pack articles/pack &&
	wait_for "has pack/a && has pack/inner/b" &&
	write_article articles/pack/inner/c.txt "Pack c" World &&
	wait_for "has pack/inner/c feeds/world.rss feeds/all.rss"
'

test_expect_success 'a subfolder renamed: its articles take the new path' '
	mv articles/pack articles/pack2 &&
	wait_for "has pack2/a && has pack2/inner/b && has pack2/inner/c" &&
	wait_for "hasnt pack/a && hasnt pack/inner/b && hasnt pack/inner/c" &&
	write_article articles/pack2/inner/d.txt "Pack d" World &&
	wait_for "has pack2/inner/d feeds/world.rss feeds/all.rss" &&
	hasnt pack/inner/d
'

test_expect_success 'a subfolder removed with its files takes them out' '
	rm -r articles/sub &&
	wait_for "hasnt sub/one && hasnt sub/two && hasnt sub/four &&
		hasnt sub/deep/er/three && hasnt sub/deep/er/five" &&
	wait_for "hasnt sub/one feeds/world.atom && hasnt sub/two feeds/sport.rss"
'

test_expect_success 'a subfolder moved out takes its files out, and is not watched' '
	mv articles/pack2 outside/pack2 &&
	wait_for "hasnt pack2/a && hasnt pack2/inner/b && hasnt pack2/inner/d" &&
	write_article outside/pack2/inner/e.txt "Pack e, outside" World &&
	marker m-moved-out &&
	hasnt pack2/inner/e &&
	hasnt inner/e
'

test_expect_success 'an article truncated to zero is skipped, logged, and leaves' '
	write_article articles/trunc.txt "To be truncated" World &&
	wait_for "has trunc feeds/world.rss feeds/all.rss" &&
	: >articles/trunc.txt &&
	wait_for "hasnt trunc feeds/world.atom feeds/world.rss feeds/all.atom feeds/all.rss" &&
	test_grep "^feedd: warning: articles/trunc.txt: skipped: empty file\$" \
		feedd.log &&
	write_article articles/trunc.txt "Truncated, then written again" World &&
	wait_for "has trunc feeds/world.rss feeds/all.rss" &&
	$FEEDCHECK --entry "${P}trunc" title "Truncated, then written again" \
		feeds/world.atom
'

# A build of the artefacts' own, before the marker's, would log a second
# line per feed.
test_expect_success 'editor artefacts are ignored and cause no rebuild' '
	feedd_mark &&
	write_article articles/.x.swp "A vim swap file" World &&
	write_article articles/.x.txt.swp "Another vim swap file" World &&
	write_article articles/x.txt~ "A backup file" World &&
	write_article "articles/#x.txt#" "An emacs autosave file" World &&
	ln -s "tester@host.1234:1700000000" "articles/.#x.txt" &&
	write_article articles/4913 "A vim probe" World &&
	rm articles/4913 &&
	write_article articles/5036 "Another vim probe" World &&
	marker m-artefacts &&
	feedd_since >since &&
	test "$(count_lines "^feedd: all\\.atom: ")" = 1 &&
	test "$(count_lines "^feedd: world\\.atom: ")" = 1 &&
	for f in feeds/all.atom feeds/all.rss feeds/world.atom; do
		$FEEDCHECK --absent "vim swap" --absent "backup file" \
			--absent "emacs autosave" --absent "vim probe" $f || return 1
	done &&
	rm -f articles/.x.swp articles/.x.txt.swp articles/x.txt~ \
		"articles/#x.txt#" "articles/.#x.txt" articles/5036
'

test_expect_success 'a half-written article is published only once closed' '
	exec 3>articles/half.txt &&
	printf "A half-written article\n" >&3 &&
	marker m-half &&
	hasnt half &&
	hasnt half feeds/world.atom &&
	printf "\nIts body, written later.\n\nLast update: Sun, 22/05/2016 - 09:30\n\nMore from World\n" >&3 &&
	marker m-half-more &&
	hasnt half &&
	exec 3>&- &&
	wait_for "has half feeds/world.atom feeds/world.rss feeds/all.atom feeds/all.rss" &&
	$FEEDCHECK --entry "${P}half" title "A half-written article" \
		--entry "${P}half" summary "Its body, written later." \
		--entry "${P}half" updated 2016-05-22T07:30:00Z feeds/world.atom
'

test_expect_success 'a touched article is read again; feeds with the same bytes are kept' '
	snapshot feeds/* >before &&
	feedd_mark &&
	touch articles/001_92370568952a00db.txt &&
	wait_for "feedd_since | grep -q \"^feedd: all\\.rss: \"" &&
	feedd_since >since &&
	test_grep "^feedd: world\\.atom: [0-9]* items, unchanged\$" since &&
	test_grep -v "items (" since &&
	snapshot feeds/* >after &&
	test_cmp before after
'

test_expect_success 'a future-dated article is withheld, then published on time' '
	due=$(( $(date +%s) + 4 )) &&
	when=$(date -u -d "@$due" +%Y-%m-%dT%H:%M:%SZ) &&
	feedd_mark &&
	printf "Date: %s\nSection: World\n\nNews from the near future\n\nIts body.\n" \
		"$when" >articles/future.txt &&
	wait_for "feedd_since | grep -q \"^feedd: all\\.rss: \"" &&
	test "$(date +%s)" -lt "$due" &&
	hasnt future feeds/world.atom feeds/world.rss feeds/all.atom feeds/all.rss &&
	feedd_since >since &&
	test_grep "^feedd: articles/future.txt: dated in the future: withheld until " since &&
	wait_for "has future feeds/world.atom feeds/world.rss feeds/all.atom feeds/all.rss" &&
	test "$(date +%s)" -ge "$due" &&
	$FEEDCHECK --entry "${P}future" title "News from the near future" \
		--entry "${P}future" published "$when" feeds/world.atom &&
	test_grep "publishing articles whose time has come" feedd.log
'

# The two sleeps here are the measurement, not a wait for an outcome.
test_expect_success 'idle: no wake-ups while nothing changes' '
	pid=$(feedd_pid) &&
	sleep 1.5 &&
	before=$(sed -n "s/^voluntary_ctxt_switches:[^0-9]*//p" /proc/$pid/status) &&
	sleep 2 &&
	after=$(sed -n "s/^voluntary_ctxt_switches:[^0-9]*//p" /proc/$pid/status) &&
	echo "voluntary context switches: $before, 2 s later $after" &&
	test "$after" -le "$((before + 2))"
'

test_expect_success 'the feeds are still valid and complete; SIGTERM stops it' '
	$FEEDCHECK --newest-first feeds/all.atom &&
	$FEEDCHECK --newest-first feeds/all.rss &&
	find articles -type f -name "*.txt" | wc -l >expect &&
	$FEEDCHECK --print id feeds/all.atom | wc -l >actual &&
	test_cmp expect actual &&
	stop_feedd &&
	test_grep "^feedd: Terminated: stopping\$" feedd.log
'

test_expect_success 'a burst of 1,000 new files: all published, in few builds' '
	mkdir burst &&
	write_config burst.conf burst burst-feeds all=*/2000 &&
	start_feedd --log burst.log burst.conf &&
	feedd_mark &&
	i=0 &&
	while test "$i" -lt 1000; do
		i=$((i + 1)) &&
		printf "Burst article %d\n\nThe body of burst article %d.\n\nLast update: Fri, 20/05/2016 - 16:55\n\nMore from World\n" \
			"$i" "$i" >burst/b$i.txt || return 1
	done &&
	wait_for "test \"\$(grep -c \"<entry>\" burst-feeds/all.atom)\" = 1000 &&
		test \"\$(grep -c \"<item>\" burst-feeds/all.rss)\" = 1000" 60 &&
	$FEEDCHECK --count 1000 burst-feeds/all.atom &&
	$FEEDCHECK --count 1000 --entry "${P}b1" title "Burst article 1" \
		--entry "${P}b1000" title "Burst article 1000" burst-feeds/all.rss &&
	builds=$(count_lines "^feedd: all\\.atom: ") &&
	echo "all.atom written $builds times" &&
	test "$builds" -ge 1 &&
	test "$builds" -lt 20
'

test_expect_success 'writes that never pause still get built within debounce_max' '
	feedd_mark &&
	start_stream &&
	wait_for "has s1 burst-feeds/all.atom" &&
	: >stop-stream &&
	wait_for "test -f stream-count" &&
	echo "stream article s1 was built after $(cat stream-count) writes" &&
	test "$(cat stream-count)" -lt 80 &&
	wait_for "has s$(cat stream-count) burst-feeds/all.atom burst-feeds/all.rss" &&
	stop_feedd
'

test_expect_success 'watch = poll with poll_interval = 200ms picks up changes' '
	write_config --site "watch = poll" --site "poll_interval = 200ms" \
		--site "debounce = 50ms" poll.conf articles poll-feeds all=*/500 &&
	start_feedd --log poll.log poll.conf &&
	has half poll-feeds/all.atom &&
	write_article articles/polled.txt "A polled article" Sport &&
	wait_for "has polled poll-feeds/all.atom poll-feeds/all.rss" &&
	rm articles/polled.txt &&
	wait_for "hasnt polled poll-feeds/all.atom poll-feeds/all.rss" &&
	stop_feedd
'

test_expect_success 'the articles folder deleted: logged, feeds kept; made again: read, watched' '
	mkdir -p swap/articles &&
	write_article swap/articles/first.txt "In the first folder" World &&
	write_config --site "debounce = 50ms" swap.conf swap/articles swap-feeds \
		all=* &&
	start_feedd --log swap.log swap.conf &&
	has first swap-feeds/all.atom &&
	cp swap-feeds/all.atom all.atom.kept &&
	rm -r swap/articles &&
	wait_for "grep -q \"^feedd: error: swap/articles: cannot read the articles folder: \" swap.log" &&
	test_cmp all.atom.kept swap-feeds/all.atom &&
	feedd_running &&
	mkdir swap/articles &&
	write_article swap/articles/second.txt "In the folder made again" World &&
	wait_for "has second swap-feeds/all.atom swap-feeds/all.rss" &&
	wait_for "hasnt first swap-feeds/all.atom swap-feeds/all.rss" &&
	write_article swap/articles/third.txt "Later, in that folder" World &&
	wait_for "has third swap-feeds/all.atom swap-feeds/all.rss" &&
	$FEEDCHECK --count 2 swap-feeds/all.atom
'

test_expect_success 'the articles folder renamed away and another moved in its place' '
	mkdir -p swap/new/sub &&
	write_article swap/new/fourth.txt "In the folder moved in" World &&
	write_article swap/new/sub/fifth.txt "Below the folder moved in" World &&
	mv swap/articles swap/old &&
	mv swap/new swap/articles &&
	wait_for "has fourth swap-feeds/all.atom swap-feeds/all.rss &&
		has sub/fifth swap-feeds/all.atom swap-feeds/all.rss" &&
	wait_for "hasnt second swap-feeds/all.atom swap-feeds/all.rss" &&
	write_article swap/articles/sub/sixth.txt "Later, below the new folder" World &&
	wait_for "has sub/sixth swap-feeds/all.atom swap-feeds/all.rss" &&
	write_article swap/old/seventh.txt "In the old folder" World &&
	write_article swap/articles/eighth.txt "Marker" World &&
	wait_for "has eighth swap-feeds/all.atom swap-feeds/all.rss" &&
	hasnt seventh swap-feeds/all.atom &&
	$FEEDCHECK --count 4 swap-feeds/all.atom &&
	stop_feedd
'

test_done
