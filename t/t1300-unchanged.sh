#!/bin/sh
# SPDX-License-Identifier: MIT
test_description='rebuilding writes only what changed, and only regular files'
. "${SRCDIR:-$(dirname "$0")/..}/t/test-lib.sh"

OUT=example/feeds
export OUT

# out_snapshot [NAME...]: the snapshot of the named files of $OUT, or of
# every file in it.
out_snapshot () {
	(
		cd "$OUT" &&
		if test "$#" = 0; then
			set -- $(ls -A)
		fi &&
		snapshot "$@"
	)
}

# build [LOG]: feedd --once on the copied example.
build () {
	"$FEEDD" -c conf/example.conf --once 2>"${1:-build.log}"
}

test_expect_success 'setup: copy the example and build it once' '
	copy_example . &&
	build first.log &&
	mkdir saved &&
	cp -p $OUT/*.rss $OUT/*.atom saved/ &&
	out_snapshot >before &&
	test_line_count -ge 12 before
'

test_expect_success 'a second build succeeds and says nothing was written' '
	build second.log &&
	test_grep "0 feed files written, 12 unchanged, 0 failed" second.log
'

test_expect_success 'the second build leaves the same bytes' '
	for f in saved/*; do
		cmp $f $OUT/${f#saved/} || return 1
	done
'

test_expect_success 'the second build leaves every file: inode, mtime (ns), mode' '
	out_snapshot >after &&
	test_cmp before after
'

test_expect_success 'no temporary file is left in the output folder' '
	{ ls -A $OUT | grep "^\\." | grep -v -x -F .feedd.state >hidden || :; } &&
	test_must_be_empty hidden
'

test_expect_success 'editing an article rewrites only the feeds that hold it' '
	out_snapshot >before &&
	sed -i "s/fast-spinning asteroid/fast-spinning comet/" \
		example/articles/009_73f5f83482e87da4.txt &&
	build edit.log &&
	out_snapshot >after &&
	for f in science.atom science.rss all.atom all.rss; do
		grep "^$f " before >old &&
		grep "^$f " after >new &&
		! cmp -s old new || {
			echo "$f was not rewritten" >&2 &&
			return 1
		}
	done &&
	grep -E "^(world|europe|business|sport)\." before >expect &&
	grep -E "^(world|europe|business|sport)\." after >actual &&
	test_cmp expect actual
'

test_expect_success 'the edited text is in the rewritten feeds' '
	printf "Astronomers spot fast-spinning comet on path near Earth\047s orbit\n" \
		>expect &&
	for f in $OUT/science.atom $OUT/all.rss; do
		$FEEDCHECK --print id,title $f |
		grep -F ":009_73f5f83482e87da4	" | cut -f2 >actual &&
		test_cmp expect actual || return 1
	done
'

test_expect_success 'deleting an article removes it from its feeds only' '
	out_snapshot >before &&
	rm example/articles/013_9e0427cc3cdddfe2.txt &&
	build delete.log &&
	out_snapshot >after &&
	$FEEDCHECK --count 2 $OUT/sport.rss &&
	$FEEDCHECK --count 2 $OUT/sport.atom &&
	$FEEDCHECK --count 14 $OUT/all.rss &&
	$FEEDCHECK --count 14 $OUT/all.atom &&
	! grep -F 013_9e0427cc3cdddfe2 $OUT/*.rss $OUT/*.atom &&
	grep -E "^(world|europe|business|science)\." before >expect &&
	grep -E "^(world|europe|business|science)\." after >actual &&
	test_cmp expect actual
'

test_expect_success 'a symlink in the output folder is replaced, its target kept' '
	echo "a file outside the output folder" >outside.rss &&
	cp -p outside.rss outside.rss.orig &&
	stat -c "%i %Y.%y" outside.rss >outside.before &&
	cp $OUT/world.rss world.rss.good &&
	rm $OUT/world.rss &&
	ln -s ../../outside.rss $OUT/world.rss &&
	test "$(cat $OUT/world.rss)" = "a file outside the output folder" &&
	build symlink.log &&
	! test -h $OUT/world.rss &&
	test -f $OUT/world.rss &&
	test_cmp world.rss.good $OUT/world.rss &&
	test_cmp outside.rss.orig outside.rss &&
	stat -c "%i %Y.%y" outside.rss >outside.after &&
	test_cmp outside.before outside.after
'

test_expect_success 'a symlink to a file with the very same bytes is replaced too' '
	cp -p $OUT/world.atom outside.atom &&
	stat -c "%i %Y.%y" outside.atom >outside.before &&
	rm $OUT/world.atom &&
	ln -s ../../outside.atom $OUT/world.atom &&
	build symlink2.log &&
	! test -h $OUT/world.atom &&
	test_mode 644 $OUT/world.atom &&
	test_cmp outside.atom $OUT/world.atom &&
	stat -c "%i %Y.%y" outside.atom >outside.after &&
	test_cmp outside.before outside.after
'

test_expect_success 'a feed whose mode was changed is written again as 0644' '
	chmod 600 $OUT/europe.rss &&
	build mode.log &&
	test_mode 644 $OUT/europe.rss
'

test_expect_success 'a removed feed file is written again, the others kept' '
	out_snapshot >before &&
	rm $OUT/business.atom &&
	build removed.log &&
	out_snapshot >after &&
	$FEEDCHECK --count 3 $OUT/business.atom &&
	grep -v "^business\\.atom " before >expect &&
	grep -v "^business\\.atom " after >actual &&
	test_cmp expect actual
'

test_expect_success 'a truncated feed file is written again whole' '
	cp $OUT/europe.atom europe.atom.good &&
	head -c 100 europe.atom.good >$OUT/europe.atom &&
	build truncated.log &&
	test_cmp europe.atom.good $OUT/europe.atom
'

test_expect_success 'a build after all that changes nothing again' '
	out_snapshot >before &&
	build last.log &&
	out_snapshot >after &&
	test_cmp before after &&
	test_grep "0 feed files written, 12 unchanged" last.log
'

test_expect_success 'a missing output folder is created' '
	rm -r $OUT &&
	build created.log &&
	feed_files $OUT >files &&
	test_line_count = 12 files
'

# Feeds are serialised on every CPU at once, sharing their items'
# renderings: the bytes must not depend on how many there are.
if ! taskset -c 0 true 2>/dev/null; then
	test_skip_next "taskset (util-linux) cannot pin feedd to one CPU here"
fi
test_expect_success 'one CPU or all of them: the same bytes, in every format' '
	sed "s/^\[site\]\$/&\nformats = rss atom json/" conf/example.conf \
		>conf/json.conf &&
	mv conf/json.conf conf/example.conf &&
	rm -r $OUT &&
	taskset -c 0 "$FEEDD" -c conf/example.conf --once 2>one-cpu.log &&
	mv $OUT one-cpu &&
	"$FEEDD" -c conf/example.conf --once 2>all-cpus.log &&
	ls one-cpu >one &&
	ls $OUT >all &&
	test_cmp one all &&
	test_line_count = 26 all &&
	for f in $(cat all); do
		test_cmp "one-cpu/$f" "$OUT/$f" || return 1
	done
'

test_done
