#!/bin/sh
# SPDX-License-Identifier: MIT
test_description='every article open stays beneath the articles folder, through no link'
. "${SRCDIR:-$(dirname "$0")/..}/t/test-lib.sh"

# The fault injection library is preloaded before ASan's runtime in a
# sanitizer build.
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
export ASAN_OPTIONS

test_expect_success 'setup: a daemon with a long debounce, a secret elsewhere' '
	mkdir -p in out elsewhere &&
	write_article in/first.txt "First article" &&
	write_article elsewhere/a.txt "Secret title" &&
	echo "The secret paragraph." >>elsewhere/a.txt &&
	write_config --site "debounce = 1500ms" --site "debounce_max = 3s" \
		feedd.conf in out &&
	start_feedd feedd.conf &&
	grep -q "First article" out/all.atom
'

# Within one debounce, a folder is made, an article written into it, the
# folder moved away and a link to elsewhere put in its place: the change
# queued for sub/a.txt must not be read through the link.
test_expect_success 'a folder swapped for a link within one debounce' '
	mkdir in/sub &&
	write_article in/sub/a.txt "Inside title" &&
	mv in/sub in/sub.old &&
	ln -s "$TRASH/elsewhere" in/sub &&
	wait_for "grep -q \"Inside title\" out/all.atom" &&
	sleep 1 &&
	! grep -q "Secret" out/all.atom &&
	! grep -q "Secret" out/all.rss
'

test_expect_success 'the daemon stops cleanly' '
	stop_feedd
'

# Kernels before 5.6 have no openat2: the walk one folder at a time must
# refuse the link as well.
test_expect_success 'without openat2, the same swap publishes nothing' '
	test -f "$FAULTINJECT" &&
	echo "openat2 ENOSYS" >faults &&
	rm -rf in/sub in/sub.old out/* &&
	LD_PRELOAD=$FAULTINJECT FEEDD_FAULTS=$TRASH/faults \
		start_feedd feedd.conf &&
	mkdir in/sub &&
	write_article in/sub/a.txt "Inside again" &&
	mv in/sub in/sub.old &&
	ln -s "$TRASH/elsewhere" in/sub &&
	wait_for "grep -q \"Inside again\" out/all.atom" &&
	sleep 1 &&
	! grep -q "Secret" out/all.atom &&
	! grep -q "Secret" out/all.rss &&
	stop_feedd
'

test_done
