#!/bin/sh
# SPDX-License-Identifier: MIT
test_description='faults: full disks, I/O errors, unreadable files, a vanishing config, a stepped clock, kill -9'
. "${SRCDIR:-$(dirname "$0")/..}/t/test-lib.sh"

# Faults come from t/faultinject.so (built by make check), preloaded into
# feedd itself (never into valgrind: FEEDD_BINARY is the bare binary). The
# control file "faults" says what fails; it is read at every call, so a
# fault starts and ends while the daemon runs.
test -f "${FAULTINJECT:-}" ||
	test_bail_out "FAULTINJECT ($FAULTINJECT) is missing: run make check"
FEEDD=${FEEDD_BINARY:-$FEEDD}
LD_PRELOAD=$FAULTINJECT
FEEDD_FAULTS=$PWD/trash.t2500-faults/faults
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
export FEEDD LD_PRELOAD FEEDD_FAULTS ASAN_OPTIONS

# all_valid: every feed file is well-formed XML.
all_valid () {
	for f in feeds/*.atom feeds/*.rss; do
		"$XMLLINT" --noout "$f" || return 1
	done
}

test_expect_success 'setup: articles and a daemon under fault injection' '
	FEEDD_FAULTS=$PWD/faults &&
	: >faults &&
	mkdir articles articles/sub &&
	write_article articles/a.txt "Article A" World &&
	write_article articles/b.txt "Article B" Sport &&
	write_article articles/sub/c.txt "Article C" World &&
	write_config --site "debounce = 50ms" feedd.conf articles feeds \
		world=World sport=Sport all=* &&
	start_feedd feedd.conf -v &&
	wait_for "grep -q \"Article C\" feeds/all.atom" &&
	mkdir saved && cp feeds/*.atom feeds/*.rss saved/
'

test_expect_success 'a full disk: old feeds intact, no temp files, one error' '
	echo "write ENOSPC /feeds/" >faults &&
	feedd_mark &&
	write_article articles/d.txt "Article D" World &&
	wait_for "feedd_since | grep -q \"No space left on device\"" &&
	write_article articles/e.txt "Article E" World &&
	wait_for "test \"\$(feedd_since | grep -c \"trying again\")\" -ge 2" &&
	for f in saved/*; do
		test_cmp "$f" "feeds/${f#saved/}" || return 1
	done &&
	no_temp_files &&
	all_valid &&
	feedd_since | grep "world.atom: cannot write" >errors &&
	test_line_count = 1 errors
'

test_expect_success 'the disk frees up: feedd recovers by itself' '
	: >faults &&
	wait_for "grep -q \"Article E\" feeds/world.atom" 30 &&
	wait_for "grep -q \"Article D\" feeds/all.rss" &&
	wait_for "feedd_since | grep -q \"written again\"" &&
	no_temp_files &&
	all_valid
'

test_expect_success 'fsync fails (EDQUOT): feeds intact, then recovered' '
	cp feeds/*.atom feeds/*.rss saved/ &&
	echo "fsync EDQUOT /feeds/" >faults &&
	feedd_mark &&
	write_article articles/f.txt "Article F" World &&
	wait_for "feedd_since | grep -q \"Disk quota exceeded\"" &&
	test_cmp saved/world.atom feeds/world.atom &&
	no_temp_files &&
	all_valid &&
	: >faults &&
	wait_for "grep -q \"Article F\" feeds/world.atom" 30
'

test_expect_success 'rename fails (EIO): feeds intact, then recovered' '
	cp feeds/*.atom feeds/*.rss saved/ &&
	echo "rename EIO world" >faults &&
	feedd_mark &&
	write_article articles/f2.txt "Article F2" World &&
	wait_for "feedd_since | grep -q \"cannot rename: Input/output error\"" &&
	test_cmp saved/world.atom feeds/world.atom &&
	no_temp_files &&
	all_valid &&
	: >faults &&
	wait_for "grep -q \"Article F2\" feeds/world.atom" 30
'

test_expect_success 'writes that take 100 bytes at a time: feeds whole, each item once' '
	echo "write SHORT /feeds/" >faults &&
	rm -f faults.hits &&
	write_article articles/f3.txt "Article F3" World &&
	wait_for "grep -q \"Article F3\" feeds/all.rss" &&
	wait_for "grep -q \"Article F3\" feeds/world.atom" &&
	: >faults &&
	test_line_count -gt 4 faults.hits &&
	test $(wc -c <feeds/all.atom) -gt 3000 &&
	all_valid &&
	no_temp_files &&
	n=$(find articles -name "*.txt" | wc -l) &&
	test "$(grep -c "<entry>" feeds/all.atom)" = "$n" &&
	test "$(grep -c "<item>" feeds/all.rss)" = "$n" &&
	test "$(grep -c "<title>Article F3</title>" feeds/all.atom)" = 1
'

test_expect_success 'a read-only output folder: logged, and recovered from' '
	echo "create EROFS .sport." >faults &&
	feedd_mark &&
	write_article articles/g.txt "Article G" Sport &&
	wait_for "feedd_since | grep -q \"Read-only file system\"" &&
	! grep -q "Article G" feeds/sport.atom &&
	: >faults &&
	wait_for "grep -q \"Article G\" feeds/sport.atom" 30
'

test_expect_success 'the output folder removed: made again with every feed' '
	rm -rf feeds &&
	write_article articles/h.txt "Article H" World &&
	wait_for "test -f feeds/all.atom && grep -q \"Article H\" feeds/all.atom" 30 &&
	wait_for "test -f feeds/sport.rss" 30 &&
	all_valid
'

test_expect_success 'an unreadable article is named and skipped; others stay' '
	echo "open EACCES secret.txt" >faults &&
	feedd_mark &&
	write_article articles/secret.txt "Secret" World &&
	write_article articles/i.txt "Article I" World &&
	wait_for "grep -q \"Article I\" feeds/world.atom" &&
	feedd_since | grep "articles/secret.txt: skipped: cannot open: Permission denied" &&
	! grep -q "Secret" feeds/world.atom &&
	: >faults
'

test_expect_success 'a subfolder that cannot be read: named, its articles kept' '
	echo "open EACCES sub" >faults &&
	feedd_mark &&
	kill -HUP $(feedd_pid) &&
	wait_for "feedd_since | grep -q \"articles/sub: folder skipped: Permission denied\"" &&
	feedd_running &&
	grep -q "Article C" feeds/all.atom &&
	: >faults
'

test_expect_success 'the config replaced by a folder, then deleted: still running' '
	mv feedd.conf feedd.conf.real &&
	mkdir feedd.conf &&
	feedd_mark &&
	kill -HUP $(feedd_pid) &&
	wait_for "feedd_since | grep -q \"not a regular file\"" &&
	rmdir feedd.conf &&
	kill -HUP $(feedd_pid) &&
	wait_for "feedd_since | grep -q \"cannot open\"" &&
	feedd_running &&
	write_article articles/j.txt "Article J" World &&
	wait_for "grep -q \"Article J\" feeds/world.atom" &&
	mv feedd.conf.real feedd.conf
'

test_expect_success 'the clock steps back a day: published items stay' '
	cp feeds/all.atom before.atom &&
	echo "clock -86400" >faults &&
	write_article articles/k.txt "Article K" Sport &&
	wait_for "grep -q \"Article K\" feeds/all.atom" &&
	for t in "Article A" "Article H" "Article J"; do
		grep -q "$t" feeds/all.atom || return 1
	done &&
	feedd_running &&
	: >faults
'

test_expect_success 'setup: a larger corpus for kill -9' '
	stop_feedd &&
	i=0 &&
	while test $i -lt 300; do
		write_article articles/many-$i.txt "Many $i" World \
			"Fri, 20/05/2016 - 1$((i % 10)):$((10 + i % 50))" || return 1
		i=$((i + 1))
	done &&
	start_feedd feedd.conf &&
	wait_for "grep -q \"Many\" feeds/all.atom" &&
	"$PYTHON3" "$SRCDIR/t/feedcheck.py" --print id feeds/all.atom | sort >ids.before
'

test_expect_success 'kill -9 during a rebuild: feeds and state intact, ids kept' '
	for f in articles/many-*.txt; do
		echo "More text." >>"$f" || return 1
	done &&
	# Into the rebuild, roughly: the test holds wherever the kill lands.
	sleep 0.1 &&
	kill -9 $(feedd_pid) &&
	{ wait_feedd_exit; test $? = 137; } &&
	all_valid &&
	start_feedd feedd.conf &&
	all_valid &&
	"$FEEDD" -c feedd.conf --dump-state >state &&
	test_line_count -gt 0 state &&
	"$PYTHON3" "$SRCDIR/t/feedcheck.py" --print id feeds/all.atom | sort >ids.after &&
	test_cmp ids.before ids.after &&
	no_temp_files &&
	stop_feedd
'

test_done
