#!/bin/sh
# SPDX-License-Identifier: MIT
test_description='every item comes from one version of its file'
. "${SRCDIR:-$(dirname "$0")/..}/t/test-lib.sh"

# The fault injection library is preloaded before ASan's runtime in a
# sanitizer build.
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
export ASAN_OPTIONS

test -f "${FAULTINJECT:-}" ||
	test_bail_out "FAULTINJECT ($FAULTINJECT) is missing: run make check"

# versions.py poll FEED DIR STOP: keeps every version of FEED seen in DIR
# until the file STOP exists (30 s at most). versions.py check DIR: fails
# when an entry of a version pairs one version's title with the other's
# text; prints how many versions and items it checked.
cat >versions.py <<'PY'
import os, sys, time
import xml.etree.ElementTree as ET
A = "{http://www.w3.org/2005/Atom}"
if sys.argv[1] == "poll":
    feed, out, stop = sys.argv[2:5]
    last, n, end = None, 0, time.time() + 30
    while not os.path.exists(stop) and time.time() < end:
        try:
            with open(feed, "rb") as f:
                data = f.read()
        except OSError:
            data = None
        if data is not None and data != last:
            last = data
            with open(os.path.join(out, "%05d.atom" % n), "wb") as f:
                f.write(data)
            n += 1
        time.sleep(0.001)
    sys.exit(0)
bad = items = 0
names = sorted(os.listdir(sys.argv[2]))
for name in names:
    root = ET.parse(os.path.join(sys.argv[2], name)).getroot()
    for e in root.iter(A + "entry"):
        title = e.findtext(A + "title") or ""
        text = (e.findtext(A + "content") or "") + (e.findtext(A + "summary") or "")
        if title not in ("Alpha", "Beta"):
            continue
        items += 1
        if (title == "Alpha") != ("alpha text" in text) or \
           (title == "Beta") != ("beta text" in text):
            bad += 1
            print("%s: %s with %r" % (name, title, text[:60]))
print("%d versions, %d items, %d torn" % (len(names), items, bad))
sys.exit(1 if bad or not items else 0)
PY

# version FILE TITLE TEXT
version () {
	printf '%s\n\n%s, the one paragraph.\n\nLast update: Fri, 20/05/2016 - 16:55\n\nMore from World\n' \
		"$2" "$3" >"$1"
}

# start_poll DIR: versions.py poll of out/all.atom in the background;
# stop_poll ends it.
start_poll () {
	mkdir "$1" && rm -f stop &&
	{ "$PYTHON3" versions.py poll out/all.atom "$1" stop & } &&
	poll_pid=$!
}

stop_poll () {
	: >stop && wait "$poll_pid"
}

# swap_in SOURCE: an editor's save, by rename.
swap_in () {
	cp "$1" in/.save.tmp && mv in/.save.tmp in/article.txt
}

test_expect_success 'setup: two versions of one article, a daemon' '
	mkdir in out &&
	version a.src Alpha "alpha text" &&
	version b.src Beta "beta text" &&
	write_article in/other.txt "Other article" &&
	swap_in a.src &&
	: >faults &&
	write_config --site "debounce = 1s" feedd.conf in out &&
	LD_PRELOAD=$FAULTINJECT FEEDD_FAULTS=$TRASH/faults \
		start_feedd feedd.conf &&
	grep -q "alpha text" out/all.atom
'

# The build's read (the second open of the file after a change) is held
# until the other version has replaced the file.
test_expect_success 'a save between the read and the build: one version' '
	start_poll held &&
	: >faults.pause &&
	rm -f faults.hits &&
	echo "open PAUSE@2 article.txt" >faults &&
	version a.src Alpha "alpha text, again" &&
	swap_in a.src &&
	wait_for "test \$(wc -l <faults.hits 2>/dev/null || echo 0) -ge 2" &&
	swap_in b.src &&
	rm faults.pause &&
	wait_for "grep -q \"beta text\" out/all.atom" &&
	sleep 2 &&
	stop_poll &&
	: >faults &&
	"$PYTHON3" versions.py check held
'

test_expect_success 'the daemon stops cleanly' '
	stop_feedd
'

# A slow disk (each open of the article takes 5 ms) widens the window
# between the read that gives an item its title and the build's.
test_expect_success 'two editors saving by turns for 4 seconds: one version' '
	echo "open SLEEP@5 article.txt" >faults &&
	write_config --site "debounce = 10ms" --site "debounce_max = 40ms" \
		feedd2.conf in out &&
	LD_PRELOAD=$FAULTINJECT FEEDD_FAULTS=$TRASH/faults \
		start_feedd feedd2.conf &&
	start_poll seen &&
	end=$(( $(date +%s) + 4 )) &&
	while test $(date +%s) -lt $end; do
		swap_in a.src && swap_in b.src || break
	done &&
	sleep 1 &&
	stop_poll &&
	stop_feedd &&
	: >faults &&
	"$PYTHON3" versions.py check seen
'

test_done
