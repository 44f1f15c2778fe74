#!/bin/sh
# SPDX-License-Identifier: MIT
test_description='the daemon reloads its config on SIGHUP and when the file is saved'
. "${SRCDIR:-$(dirname "$0")/..}/t/test-lib.sh"

# feedd.conf starts as a symbolic link to real/feedd.conf: changing the
# target is no event in the watched folder (it watches the folder that
# holds the name it was given), so only SIGHUP can load it. Saving a file
# over the link then makes feedd.conf a plain file, whose saves reload it
# with no signal. Paths in the configs are absolute, so both names read
# the same folders.

# conf FILE FEED...: a config for the articles and feeds folders, with
# debounce 50ms.
conf () {
	conf_file_=$1
	shift
	write_config --site "debounce = 50ms" "$conf_file_" "$TRASH/articles" \
		"$TRASH/feeds" "$@"
}

# save FEED...: writes a new config the way many editors save: to a
# temporary file, then renamed over feedd.conf.
save () {
	conf .feedd.conf.new "$@" &&
	mv .feedd.conf.new feedd.conf
}

# logged PATTERN: a line logged since the mark matches PATTERN.
# open_fds PID: what the process has open but files and folders (which
# come and go during a build): inotify, the event loop's, sockets, pipes.
open_fds () {
	for fd in /proc/$1/fd/*; do
		readlink "$fd" || :
	done | grep -v "^/" | sed "s/:\[[0-9]*\]\$//" | LC_ALL=C sort
}

test_expect_success 'setup: articles, and feedd.conf a link to real/feedd.conf' '
	copy_tree "$SRCDIR/example/articles" articles &&
	mkdir real &&
	conf real/feedd.conf world=World all=* &&
	ln -s real/feedd.conf feedd.conf &&
	start_feedd feedd.conf -v &&
	feed_files feeds >files &&
	printf "%s\n" all.atom all.rss world.atom world.rss >expect &&
	test_cmp expect files
'

test_expect_success 'SIGHUP reloads the config: a new section makes a new feed' '
	conf real/feedd.conf world=World all=* sport=Sport &&
	marker m-link &&
	! test -e feeds/sport.atom &&
	rm articles/m-link.txt &&
	wait_for "hasnt m-link feeds/world.atom feeds/world.rss feeds/all.atom feeds/all.rss" &&
	feedd_mark &&
	kill -HUP "$(feedd_pid)" &&
	wait_for "test -f feeds/sport.atom && test -f feeds/sport.rss" &&
	$FEEDCHECK --count 3 feeds/sport.atom &&
	$FEEDCHECK --count 3 feeds/sport.rss &&
	wait_for "logged \"^feedd: feedd\\.conf: reloaded, 3 feeds\\$\"" &&
	feedd_since >since &&
	test_grep "^feedd: SIGHUP: reloading feedd\\.conf\$" since &&
	test_grep "^feedd: new feed .sport.\$" since
'

test_expect_success 'saving the config (temporary file, mv over) reloads it, no signal needed' '
	feedd_mark &&
	save world=World all=* sport=Sport science=Science &&
	! test -h feedd.conf &&
	wait_for "test -f feeds/science.atom && test -f feeds/science.rss" &&
	$FEEDCHECK --count 3 feeds/science.atom &&
	wait_for "logged \"^feedd: feedd\\.conf: reloaded, 4 feeds\\$\"" &&
	feedd_since >since &&
	test_grep "^feedd: new feed .science.\$" since &&
	test_grep -v "SIGHUP" since
'

test_expect_success 'writing the config in place (>) reloads it too' '
	feedd_mark &&
	conf feedd.conf world=World all=* sport=Sport science=Science \
		business=Business &&
	wait_for "test -f feeds/business.atom && test -f feeds/business.rss" &&
	$FEEDCHECK --count 3 feeds/business.rss &&
	wait_for "logged \"^feedd: feedd\\.conf: reloaded, 5 feeds\\$\""
'

test_expect_success 'files next to the config (editor temporaries) do not reload it' '
	feedd_mark &&
	conf .feedd.conf.swp world=World &&
	conf feedd.conf~ world=World &&
	conf feedd.conf.new world=World &&
	rm .feedd.conf.swp feedd.conf~ feedd.conf.new &&
	marker m-temps &&
	rm articles/m-temps.txt &&
	wait_for "hasnt m-temps feeds/world.atom feeds/world.rss feeds/all.atom feeds/all.rss" &&
	feedd_since >since &&
	test_grep -v "reload" since
'

test_expect_success 'a removed section: logged, its files left as they were' '
	snapshot feeds/sport.atom feeds/sport.rss >before &&
	feedd_mark &&
	save world=World all=* science=Science business=Business &&
	wait_for "logged \"^feedd: feedd\\.conf: reloaded, 4 feeds\\$\"" &&
	wait_for "logged \"^feedd: feed .sport. is no longer in feedd\\.conf: its files in $TRASH/feeds are left as they are\\$\"" &&
	write_article articles/late-sport.txt "Sport, after the section went" Sport &&
	wait_for "has late-sport feeds/all.atom feeds/all.rss" &&
	snapshot feeds/sport.atom feeds/sport.rss >after &&
	test_cmp before after &&
	$FEEDCHECK --count 3 feeds/sport.atom
'

test_expect_success 'a broken config is reported with FILE:LINE and the old one runs on' '
	conf .feedd.conf.new world=World all=* science=Science \
		business=Business &&
	printf "\n[extra]\ntitle = Extra\nsections = World\nmax_items = lots\n" \
		>>.feedd.conf.new &&
	line=$(wc -l <.feedd.conf.new) &&
	feedd_mark &&
	mv .feedd.conf.new feedd.conf &&
	wait_for "logged \"^feedd: error: feedd\\.conf:$line: .*; keeping the configuration that is running\\$\"" &&
	feedd_since >since &&
	test_grep "^feedd: error: feedd\\.conf:$line: .lots. is not a whole number" since &&
	test_grep -v "reloaded" since &&
	feedd_running
'

test_expect_success 'after a broken config, the feeds keep following the articles' '
	write_article articles/after-broken.txt "Written after the broken edit" World &&
	wait_for "has after-broken feeds/world.atom feeds/world.rss feeds/all.atom feeds/all.rss" &&
	$FEEDCHECK --count 4 \
		--entry "${P}after-broken" title "Written after the broken edit" \
		feeds/world.atom &&
	! test -e feeds/extra.atom
'

test_expect_success 'an article saved just before a refused reload is still built' '
	write_article articles/with-hup.txt "Saved just before a SIGHUP" World &&
	kill -HUP "$(feedd_pid)" &&
	wait_for "has with-hup feeds/world.atom feeds/world.rss feeds/all.atom feeds/all.rss" 10
'

test_expect_success 'the config fixed: it is loaded again' '
	feedd_mark &&
	save world=World all=* science=Science business=Business extra=World &&
	wait_for "test -f feeds/extra.atom && test -f feeds/extra.rss" &&
	wait_for "logged \"^feedd: feedd\\.conf: reloaded, 5 feeds\\$\"" &&
	$FEEDCHECK --count 5 feeds/extra.atom
'

test_expect_success 'a deleted config is logged; it runs on, and loads the file when back' '
	cp feedd.conf saved.conf &&
	feedd_mark &&
	rm feedd.conf &&
	wait_for "logged \"^feedd: error: feedd\\.conf:.*; keeping the configuration that is running\\$\"" &&
	feedd_running &&
	write_article articles/no-config.txt "Written while the config was gone" World &&
	wait_for "has no-config feeds/world.atom feeds/all.rss" &&
	wait_for "logged \"^feedd: extra\\.rss: \"" &&
	feedd_mark &&
	cp saved.conf feedd.conf &&
	wait_for "logged \"^feedd: feedd\\.conf: reloaded, 5 feeds\\$\"" &&
	wait_for "logged \"^feedd: extra\\.rss: \""
'

test_expect_success '100 SIGHUPs in quick succession: still running, still right' '
	pid=$(feedd_pid) &&
	open_fds $pid >fds.before &&
	test_grep -x "anon_inode:inotify" fds.before &&
	feedd_mark &&
	i=0 &&
	while test "$i" -lt 100; do
		kill -HUP "$pid" || return 1
		i=$((i + 1))
	done &&
	wait_for "logged \"^feedd: feedd\\.conf: reloaded, 5 feeds\\$\"" &&
	write_article articles/after-hups.txt "Written after 100 SIGHUPs" World &&
	wait_for "has after-hups feeds/world.atom feeds/world.rss feeds/all.atom feeds/all.rss feeds/extra.atom" &&
	feedd_running &&
	test "$(feedd_pid)" = "$pid" &&
	reloads=$(feedd_since | grep -c "reloaded") &&
	echo "100 SIGHUPs made $reloads reloads" &&
	test "$reloads" -le 100 &&
	open_fds $pid >fds.after &&
	test_cmp fds.before fds.after &&
	n=$(find articles -name "*.txt" | wc -l) &&
	$FEEDCHECK --count "$n" feeds/all.atom &&
	$FEEDCHECK --count "$n" feeds/all.rss &&
	$FEEDCHECK --count 7 feeds/world.atom &&
	$FEEDCHECK --count 3 feeds/science.rss
'

test_expect_success 'a reload that changes id_prefix keeps the ids already given' '
	$FEEDCHECK --print id feeds/all.atom | sort >ids.before &&
	feedd_mark &&
	conf .feedd.conf.new world=World all=* science=Science \
		business=Business extra=World &&
	sed -i "s/^id_prefix = .*/id_prefix = urn:example:new:/" .feedd.conf.new &&
	mv .feedd.conf.new feedd.conf &&
	wait_for "logged \"^feedd: feedd\\.conf: reloaded, 5 feeds\\$\"" &&
	$FEEDCHECK --print id feeds/all.atom | sort >ids.after &&
	test_cmp ids.before ids.after &&
	write_article articles/new-prefix.txt "Under the new prefix" World &&
	wait_for "grep -q \">urn:example:new:new-prefix<\" feeds/all.atom" &&
	$FEEDCHECK --entry urn:example:new:new-prefix title "Under the new prefix" \
		feeds/world.atom
'

test_expect_success 'a reload with another articles folder reads and watches it' '
	mkdir articles2 &&
	write_article articles2/elsewhere.txt "From the other folder" World &&
	feedd_mark &&
	write_config --site "debounce = 50ms" .feedd.conf.new \
		"$TRASH/articles2" "$TRASH/feeds" world=World all=* &&
	mv .feedd.conf.new feedd.conf &&
	wait_for "logged \"^feedd: feedd\\.conf: reloaded, 2 feeds\\$\"" &&
	wait_for "has elsewhere feeds/all.atom feeds/all.rss" &&
	$FEEDCHECK --count 1 feeds/all.atom &&
	$FEEDCHECK --count 1 feeds/world.rss &&
	write_article articles2/elsewhere2.txt "Also from the other folder" World &&
	wait_for "has elsewhere2 feeds/world.atom feeds/world.rss feeds/all.atom feeds/all.rss" &&
	$FEEDCHECK --count 2 feeds/all.atom
'

test_expect_success 'SIGTERM after all that: exit status 0' '
	stop_feedd &&
	test_grep "^feedd: Terminated: stopping\$" feedd.log &&
	# Tests run as root in CI: that one warning is expected.
	grep -v "^feedd: warning: running as root: " feedd.log >rest &&
	test_grep -v "^feedd: warning: " rest
'

test_done
