/* SPDX-License-Identifier: MIT */
/* Unit tests for library.c: scans, path refreshes, the newest-first order
 * kept in place, duplicate ids, content kept for the items feeds hold,
 * and what the state gives the library. */
#include "autoconfig.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "feed.h"
#include "feed_atom.h"
#include "feed_rss.h"
#include "library.h"
#include "log.h"
#include "state.h"
#include "tap.h"

static char dir[] = "/tmp/feedd-t-library.XXXXXX";
static struct config *config;

static void
write_article(const char *name, const char *title, const char *date,
    const char *section, const char *extra)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/in/%s", dir, name);
	f = fopen(path, "w");
	if (f == NULL)
		return;
	fprintf(f, "%s%s\n\nBody of %s.\n\nLast update: %s\n\nMore from %s\n",
	    extra, title, title, date, section);
	fclose(f);
}

/* A config reading articles from that folder, its feed "all" holding
 * max_items items. */
static struct config *
load_config_with(const char *articles, size_t max_items,
    const char *site_keys)
{
	char text[1024], err[512], path[512];
	struct config *c = NULL;

	snprintf(path, sizeof(path), "%s/feedd.conf", dir);
	snprintf(text, sizeof(text), "[site]\ntitle = T\nurl = https://t/\n"
	    "article_url = https://t/{path}\narticles = %s\noutput = out\n"
	    "timezone = UTC\n%s[all]\ntitle = All\nsections = *\n"
	    "max_items = %zu\n", articles, site_keys, max_items);
	if (config_parse(path, text, strlen(text), &c, err,
	    sizeof(err)) != 0)
		printf("# %s\n", err);
	return c;
}

static struct config *
load_config(const char *articles, size_t max_items)
{
	return load_config_with(articles, max_items, "");
}

/* The order as "title title ...", for comparing at a glance. */
static char *
order(struct library *lib)
{
	static char out[8192];
	const struct library_view *const *sorted;
	size_t count, i;

	sorted = library_sorted(lib, &count);
	out[0] = '\0';
	for (i = 0; i < count; i++) {
		if (i > 0)
			strcat(out, " ");
		strncat(out, sorted[i]->article.title, 100);
	}
	return out;
}

static void
refresh(struct library *lib, const char *path, struct scan_result *r)
{
	char *paths[] = { (char *)path };

	scan_result_free(r);
	library_refresh(lib, config, paths, 1, 2000000000, r);
}

/* Frees what a test made and removes its folder under in/. */
static void
end_test(struct scan_result *r, struct library *lib, struct state *state,
    struct config *c, const char *folder)
{
	char path[512];

	scan_result_free(r);
	library_free(lib);
	state_free(state);
	config_free(c);
	snprintf(path, sizeof(path), "rm -rf %s/in/%s", dir, folder);
	if (system(path) != 0)
		printf("# could not remove the folder\n");
}

static void
test_scan_and_refresh(struct state *state)
{
	struct library *lib = library_new(state);
	struct scan_result r;
	char path[512];

	memset(&r, 0, sizeof(r));
	write_article("a.txt", "A", "01/01/2016 - 10:00", "World", "");
	write_article("b.txt", "B", "02/01/2016 - 10:00", "Sport", "");
	write_article("c.txt", "C", "03/01/2016 - 10:00", "World", "");
	library_scan(lib, config, 2000000000, &r);
	is_int(r.added, 3, "three added by a scan");
	is_str(order(lib), "C B A", "newest first");

	write_article("a.txt", "A", "04/01/2016 - 10:00", "Europe", "");
	refresh(lib, "a.txt", &r);
	is_int(r.changed, 1, "a refresh reads the changed file");
	is_str(order(lib), "A C B", "moved to the top in place");
	ok(r.section_count == 2, "old and new sections both touched");

	refresh(lib, "b.txt", &r);
	is_int(r.changed + r.added, 0, "an unchanged file is not read");
	ok(scan_result_empty(&r), "and touches no feed");

	snprintf(path, sizeof(path), "%s/in/c.txt", dir);
	unlink(path);
	refresh(lib, "c.txt", &r);
	is_int(r.removed, 1, "a deleted file is forgotten");
	is_str(order(lib), "A B", "and leaves the order");
	ok(state_get(state, "c.txt") == NULL, "and the state");

	snprintf(path, sizeof(path), "%s/in/sub", dir);
	mkdir(path, 0755);
	write_article("sub/d.txt", "D", "05/01/2016 - 10:00", "World", "");
	write_article("sub/e.txt", "E", "01/01/2015 - 10:00", "World", "");
	write_article("sub/.hidden.txt", "H", "01/01/2015 - 10:00", "World", "");
	write_article("sub/e.txt~", "X", "01/01/2015 - 10:00", "World", "");
	refresh(lib, "sub", &r);
	is_int(r.added, 2, "a new folder is walked, hidden and backups not");
	is_str(order(lib), "D A B E", "its articles take their places");

	snprintf(path, sizeof(path), "rm -rf %s/in/sub", dir);
	ok(system(path) == 0, "remove the folder");
	refresh(lib, "sub", &r);
	is_int(r.removed, 2, "a removed folder takes its articles along");
	is_str(order(lib), "A B", "order without them");
	scan_result_free(&r);
	library_free(lib);
}

static void
test_duplicates_and_ids(struct state *state)
{
	struct library *lib = library_new(state);
	struct scan_result r;
	struct state_record *rec;
	char path[512];

	memset(&r, 0, sizeof(r));
	write_article("x.txt", "X", "06/01/2016 - 10:00", "World",
	    "Id: same\n\n");
	write_article("y.txt", "Y", "07/01/2016 - 10:00", "World",
	    "Id: same\n\n");
	library_scan(lib, config, 2000000000, &r);
	is_str(order(lib), "X A B", "of two files with one id, the first "
	    "by path is kept");
	snprintf(path, sizeof(path), "%s/in/x.txt", dir);
	unlink(path);
	refresh(lib, "x.txt", &r);
	is_str(order(lib), "Y A B", "the other takes over when it goes");

	rec = state_get(state, "a.txt");
	ok(rec != NULL && strcmp(rec->id, "tag:t,2000:a") == 0,
	    "the state holds the id derived from the file name");
	scan_result_free(&r);
	library_free(lib);

	/* A changed id_prefix must not change an id already published. */
	free(config->id_prefix);
	config->id_prefix = strdup("tag:other,2020:");
	lib = library_new(state);
	library_scan(lib, config, 2000000000, &r);
	{
		const struct library_view *const *sorted;
		size_t count, i;
		bool kept = false;
		sorted = library_sorted(lib, &count);
		for (i = 0; i < count; i++)
			if (strcmp(sorted[i]->path, "a.txt") == 0)
				kept = strcmp(sorted[i]->id, "tag:t,2000:a") == 0;
		ok(kept, "a new id_prefix keeps published ids");
	}
	scan_result_free(&r);
	library_free(lib);
}

/* Articles o000-o129; every eleventh claims one of three shared ids, so
 * that duplicates leave and are promoted on the way. */
static void
write_numbered(int n, const char *date)
{
	char name[64], title[64], extra[64];

	snprintf(name, sizeof(name), "o%03d.txt", n);
	snprintf(title, sizeof(title), "O%03d", n);
	extra[0] = '\0';
	if (n % 11 == 0)
		snprintf(extra, sizeof(extra), "Id: shared%d\n\n", n % 3);
	write_article(name, title, date, "World", extra);
}

static bool
same_as_fresh_scan(struct library *lib, struct state *state)
{
	struct library *fresh = library_new(state);
	struct scan_result r;
	char before[8192];
	bool same;

	memset(&r, 0, sizeof(r));
	snprintf(before, sizeof(before), "%s", order(lib));
	library_scan(fresh, config, 2000000000, &r);
	same = strcmp(before, order(fresh)) == 0;
	if (!same)
		printf("# kept:  %s\n# fresh: %s\n", before, order(fresh));
	scan_result_free(&r);
	library_free(fresh);
	return same;
}

/* The order kept in place through refreshes of 1 to 40 changes (new,
 * edited, deleted, duplicate ids) must equal, after each, the order a
 * fresh scan sorts from scratch. */
static void
test_incremental_order(struct state *state)
{
	static const int sizes[] = { 1, 1, 2, 3, 40, 1, 5, 17, 1, 2, 40, 8 };
	struct library *lib = library_new(state);
	struct scan_result r;
	char name[64], date[64], path[512];
	char *paths[40];
	unsigned seed = 7;
	int i, round, agreed = 0, rounds = (int)(sizeof(sizes) /
	    sizeof(sizes[0]));

	memset(&r, 0, sizeof(r));
	for (i = 0; i < 120; i++) {
		snprintf(date, sizeof(date), "%02d/0%d/2019 - 1%d:00",
		    1 + i % 28, 1 + i % 9, i % 10);
		write_numbered(i, date);
	}
	library_scan(lib, config, 2000000000, &r);
	for (round = 0; round < rounds; round++) {
		for (i = 0; i < sizes[round]; i++) {
			int n = (int)((seed = seed * 1103515245 + 12345) >> 16) % 130;
			snprintf(name, sizeof(name), "o%03d.txt", n);
			snprintf(date, sizeof(date), "%02d/0%d/20%d - 10:00",
			    1 + (int)(seed >> 8) % 28, 1 + (int)(seed >> 4) % 9,
			    17 + round % 5);
			snprintf(path, sizeof(path), "%s/in/%s", dir, name);
			if (seed % 5 == 0)
				unlink(path);
			else
				write_numbered(n, date);
			paths[i] = strdup(name);
		}
		scan_result_free(&r);
		library_refresh(lib, config, paths, (size_t)sizes[round],
		    2000000000, &r);
		for (i = 0; i < sizes[round]; i++)
			free(paths[i]);
		agreed += same_as_fresh_scan(lib, state);
	}
	is_int(agreed, rounds, "an order kept in place through 121 changes "
	    "in 12 refreshes equals a fresh sort after each");
	scan_result_free(&r);
	library_free(lib);
	for (i = 0; i < 130; i++) {
		snprintf(path, sizeof(path), "%s/in/o%03d.txt", dir, i);
		unlink(path);
	}
}

/* More changes than BULK_CHANGES: the order is rebuilt rather than
 * merged. A file named by itself and again through its folder must be
 * read once and kept. */
static void
test_bulk_refresh(struct state *state)
{
	struct library *lib = library_new(state);
	struct scan_result r;
	char path[512], *paths[300];
	int i;

	memset(&r, 0, sizeof(r));
	snprintf(path, sizeof(path), "%s/in/sub", dir);
	mkdir(path, 0755);
	write_article("sub/q.txt", "Q", "06/01/2017 - 10:00", "World", "");
	write_article("sub/r.txt", "R", "05/01/2017 - 10:00", "World", "");
	library_scan(lib, config, 2000000000, &r);
	write_article("sub/q.txt", "Q2", "07/01/2017 - 10:00", "World", "");
	paths[0] = strdup("sub/q.txt");
	paths[1] = strdup("sub");
	for (i = 2; i < 300; i++) {
		snprintf(path, sizeof(path), "gone%d.txt", i);
		paths[i] = strdup(path);
	}
	scan_result_free(&r);
	library_refresh(lib, config, paths, 300, 2000000000, &r);
	ok(strncmp(order(lib), "Q2 R ", 5) == 0 &&
	    strstr(order(lib), " Q") == NULL, "a bulk refresh naming a file "
	    "and its folder reads the file once and keeps it: %s", order(lib));
	ok(same_as_fresh_scan(lib, state), "and equals a fresh scan");
	for (i = 0; i < 300; i++)
		free(paths[i]);
	scan_result_free(&r);
	library_free(lib);
	snprintf(path, sizeof(path), "%s/in/sub/q.txt", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/in/sub/r.txt", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/in/sub", dir);
	rmdir(path);
}

static void
test_dates_from_state(struct state *state)
{
	struct library *lib = library_new(state);
	const struct library_view *const *sorted;
	struct scan_result r;
	struct timespec old[2] = { { 1400000000, 0 }, { 1400000000, 0 } };
	char path[512];
	size_t count, i;
	time_t published = 0, last_only = 0;

	memset(&r, 0, sizeof(r));
	write_article("dated.txt", "Dated", "08/01/2016 - 10:00", "World",
	    "Date: 2016-01-05T10:00:00Z\n\n");
	write_article("lastonly.txt", "LastOnly", "09/01/2016 - 10:00", "World",
	    "");
	snprintf(path, sizeof(path), "%s/in/dated.txt", dir);
	utimensat(AT_FDCWD, path, old, 0);
	snprintf(path, sizeof(path), "%s/in/lastonly.txt", dir);
	utimensat(AT_FDCWD, path, old, 0);
	state_add(state, "gone-while-stopped.txt", "tag:t,2000:gone", 1);
	library_scan(lib, config, 2000000000, &r);
	sorted = library_sorted(lib, &count);
	for (i = 0; i < count; i++) {
		if (strcmp(sorted[i]->path, "dated.txt") == 0)
			published = sorted[i]->article.published;
		if (strcmp(sorted[i]->path, "lastonly.txt") == 0)
			last_only = sorted[i]->article.published;
	}
	is_int(published, 1451988000, "a Date: header is never replaced by "
	    "an earlier first-seen time");
	is_int(last_only, 1400000000, "with only a Last update, the earlier "
	    "first sight (here the file's mtime) is the published time");
	ok(state_get(state, "gone-while-stopped.txt") == NULL,
	    "a full scan forgets records of files that are gone");
	scan_result_free(&r);
	library_free(lib);
}

static void
test_max_articles(struct state *state)
{
	struct library *lib = library_new(state);
	struct scan_result r;
	size_t count, limit = config->max_articles;

	memset(&r, 0, sizeof(r));
	config->max_articles = 2;
	library_scan(lib, config, 2000000000, &r);
	library_sorted(lib, &count);
	is_int(count, 2, "max_articles = 2: two articles held, the rest left "
	    "unread");
	config->max_articles = limit;
	scan_result_free(&r);
	library_free(lib);
}

static const struct library_view *
entry_titled(struct library *lib, const char *title)
{
	const struct library_view *const *sorted;
	size_t count, i;

	sorted = library_sorted(lib, &count);
	for (i = 0; i < count; i++)
		if (strcmp(sorted[i]->article.title, title) == 0)
			return sorted[i];
	return NULL;
}

/* A cache as the feeds keep one: complete once "written". */
struct test_cache {
	bool complete;
};

static size_t caches_released;

static void
release_test_cache(void *cache)
{
	caches_released++;
	free(cache);
}

static bool
test_cache_complete(const void *cache)
{
	return ((const struct test_cache *)cache)->complete;
}

static const struct library_cache_ops test_cache_ops = { release_test_cache,
    test_cache_complete };

static struct test_cache *
cache_of(const struct library_view *e)
{
	void **slot = library_cache_slot(e);

	if (*slot == NULL)
		*slot = calloc(1, sizeof(struct test_cache));
	return *slot;
}

/* Content loaded for feed items outlives a build that did not need it
 * only when kept; once the cache of an item is complete, the text itself
 * goes and the cache stays. */
static void
test_content_lifetime(struct state *state)
{
	struct library *lib = library_new(state);
	const struct library_view *a, *b, *c;
	struct scan_result r;

	memset(&r, 0, sizeof(r));
	library_set_cache_ops(lib, &test_cache_ops);
	library_scan(lib, config, 2000000000, &r);
	a = entry_titled(lib, "A");
	b = entry_titled(lib, "B");
	c = entry_titled(lib, "Y");
	ok(a != NULL && b != NULL && c != NULL, "three entries to load");
	if (a == NULL || b == NULL || c == NULL)
		goto out;
	library_load_content(lib, config, a);
	library_load_content(lib, config, b);
	library_load_content(lib, config, c);
	cache_of(a);
	cache_of(c);
	library_drop_content(lib);
	ok(a->article.content_html != NULL && *library_cache_slot(a) != NULL &&
	    a->link != NULL, "content, link and cache are kept by the build "
	    "that loaded them");
	library_load_content(lib, config, a);
	library_keep_content(lib, b);
	caches_released = 0;
	library_drop_content(lib);
	ok(a->article.content_html != NULL && b->article.content_html != NULL,
	    "used and kept entries keep their content");
	ok(c->article.content_html == NULL && *library_cache_slot(c) == NULL &&
	    c->link == NULL && caches_released == 1,
	    "an entry neither used nor kept lets it all go, its cache too");
	cache_of(a)->complete = true;
	library_load_content(lib, config, a);
	library_drop_content(lib);
	ok(a->article.content_html == NULL && *library_cache_slot(a) != NULL &&
	    a->link != NULL, "complete cache: the text goes, the cache and "
	    "link stay");
	is_int(library_load_content(lib, config, a), 0, "and loading it "
	    "again needs no reading");
	ok(a->article.content_html == NULL, "(it was not read)");
out:
	scan_result_free(&r);
	library_free(lib);
}

/* Feeds pick their items by section number: the same section whatever
 * its case, as config_feed_wants compares names. */
static void
test_section_numbers(struct state *state)
{
	struct library *lib = library_new(state);
	const struct library_view *a;
	struct scan_result r;

	memset(&r, 0, sizeof(r));
	library_scan(lib, config, 2000000000, &r);
	a = entry_titled(lib, "A");
	ok(a != NULL && a->section_number != 0 &&
	    library_section_number(lib, "eUROPE") == a->section_number &&
	    library_section_number(lib, "Europe") == a->section_number &&
	    library_section_number(lib, "World") != a->section_number,
	    "one number for a section whatever its case");
	is_int((int)library_section_number(lib, "Mars"), 0, "a section no "
	    "article has is 0");
	scan_result_free(&r);
	library_free(lib);
}

/* Section names go with the last entry that carries them: distinct
 * sections met in passing must not pile up for the daemon's life. */
static void
test_sections_freed(void)
{
	struct config *c = load_config("in/sec", 20);
	char path[512], name[64], section[64], *paths[] = { (char *)"a.txt" };
	const struct library_view *const *sorted;
	struct state *state;
	struct library *lib;
	struct scan_result r;
	size_t count, i;
	int n;

	if (!ok(c != NULL, "a config for sections"))
		return;
	snprintf(path, sizeof(path), "%s/in/sec", dir);
	mkdir(path, 0755);
	for (n = 0; n < 300; n++) {
		snprintf(name, sizeof(name), "sec/s%03d.txt", n);
		snprintf(section, sizeof(section), "Section %d", n);
		write_article(name, "S", "01/01/2016 - 10:00", section, "");
	}
	write_article("sec/a.txt", "A", "01/01/2016 - 10:00", "Edited 0", "");
	snprintf(path, sizeof(path), "%s/sec-state", dir);
	state = state_load(path);
	lib = library_new(state);
	memset(&r, 0, sizeof(r));
	library_scan(lib, c, 2000000000, &r);
	is_int(library_section_count(lib), 301, "301 sections held");

	for (n = 1; n <= 200; n++) {
		snprintf(section, sizeof(section), "Edited %d", n);
		write_article("sec/a.txt", "A", "01/01/2016 - 10:00", section, "");
		scan_result_free(&r);
		library_refresh(lib, c, paths, 1, 2000000000, &r);
	}
	is_int(library_section_count(lib), 301, "an article edited through 200 "
	    "sections holds one: the names it left are freed");
	is_int((int)library_section_number(lib, "Edited 199"), 0, "a section "
	    "no entry carries any more has no number");
	sorted = library_sorted(lib, &count);
	for (i = 0, n = 0; i < count; i++)
		n += sorted[i]->section_number != 0 &&
		    sorted[i]->section_number == library_section_number(lib,
		    sorted[i]->article.section);
	is_int(n, 301, "every entry's number is still its section's");

	snprintf(path, sizeof(path), "rm -f %s/in/sec/s*.txt", dir);
	ok(system(path) == 0, "remove 300 articles");
	scan_result_free(&r);
	library_scan(lib, c, 2000000000, &r);
	is_int(library_section_count(lib), 1, "their sections go with them");
	ok(library_section_number(lib, "edited 200") != 0 &&
	    library_section_number(lib, "Section 7") == 0, "the one left "
	    "keeps its number");

	write_article("sec/b.txt", "B", "01/01/2016 - 10:00", "Section 7", "");
	scan_result_free(&r);
	library_scan(lib, c, 2000000000, &r);
	ok(library_section_number(lib, "Section 7") != 0 &&
	    library_section_number(lib, "Section 7") !=
	    library_section_number(lib, "Edited 200"), "a number handed out "
	    "again is one no other section holds");
	end_test(&r, lib, state, c, "sec");
}

/* An item whose content cannot be loaded is left out and the next one
 * taken; keeping a feed that was not rebuilt must keep those same items,
 * not count the one left out and let the last one's content go. */
static void
test_keep_what_was_collected(void)
{
	struct config *two = load_config("in/keep", 2);
	struct state *state;
	struct library *lib;
	const struct feed_config *feed;
	const struct library_view *c;
	struct feed_document doc;
	struct scan_result r;
	char path[512];

	if (!ok(two != NULL, "a config of 2 items a feed"))
		return;
	snprintf(path, sizeof(path), "%s/in/keep", dir);
	mkdir(path, 0755);
	write_article("keep/a.txt", "A", "03/03/2020 - 10:00", "Europe", "");
	write_article("keep/b.txt", "B", "02/02/2020 - 10:00", "Europe", "");
	write_article("keep/c.txt", "C", "01/01/2020 - 10:00", "Europe", "");
	snprintf(path, sizeof(path), "%s/keep-state", dir);
	state = state_load(path);
	lib = library_new(state);
	feed = &two->feeds[0];
	memset(&r, 0, sizeof(r));
	library_set_cache_ops(lib, &feed_cache_ops);
	library_scan(lib, two, 2000000000, &r);
	snprintf(path, sizeof(path), "%s/in/keep/b.txt", dir);
	unlink(path);		/* gone before the build reads it */

	feed_collect(&doc, two, feed, lib, 2000000000, 2000000000);
	ok(doc.count == 2 && strcmp(doc.items[0].title, "A") == 0 &&
	    strcmp(doc.items[1].title, "C") == 0, "B cannot be loaded: the "
	    "feed holds A and C");
	feed_document_free(&doc);
	library_drop_content(lib);

	feed_keep_items(two, feed, lib, 2000000000);
	library_drop_content(lib);
	c = entry_titled(lib, "C");
	ok(c != NULL && c->link != NULL && *library_cache_slot(c) != NULL,
	    "keeping the feed keeps C, the item it holds");
	end_test(&r, lib, state, two, "keep");
}

static void
write_xml_formats(struct feed_document *doc)
{
	struct feed_bytes bytes = FEED_BYTES_INIT;

	feed_set_self(doc, "atom");
	feed_write_atom(doc, &bytes);
	feed_set_self(doc, "rss");
	feed_write_rss(doc, &bytes);
	feed_bytes_free(&bytes);
}

/* The feeds tell the library whose text to keep: an item of XML feeds
 * only lets it go once both renderings stand in for it; an item of a
 * feed that writes JSON Feed (or pages) keeps it, and has it read again
 * when the renderings had let it go. */
static void
test_text_kept_for_json(void)
{
	struct config *xml = load_config_with("in/text", 5,
	    "pages = no\nformats = rss atom\n");
	struct config *json = load_config_with("in/text", 5,
	    "pages = no\nformats = json\n");
	const struct library_view *a;
	struct feed_document doc;
	struct scan_result r;
	struct state *state;
	struct library *lib;
	char path[512];

	if (!ok(xml != NULL && json != NULL, "configs with formats"))
		goto out;
	snprintf(path, sizeof(path), "%s/in/text", dir);
	mkdir(path, 0755);
	write_article("text/a.txt", "A", "03/03/2020 - 10:00", "Europe", "");
	snprintf(path, sizeof(path), "%s/text-state", dir);
	state = state_load(path);
	lib = library_new(state);
	memset(&r, 0, sizeof(r));
	library_set_cache_ops(lib, &feed_cache_ops);
	library_scan(lib, xml, 2000000000, &r);

	feed_collect(&doc, xml, &xml->feeds[0], lib, 2000000000, 0);
	write_xml_formats(&doc);
	feed_document_free(&doc);
	library_drop_content(lib);
	a = entry_titled(lib, "A");
	ok(a != NULL && a->link != NULL && a->article.content_html == NULL,
	    "an item of RSS and Atom feeds lets its text go once rendered");

	feed_collect(&doc, json, &json->feeds[0], lib, 2000000000, 0);
	ok(doc.count == 1 && strstr(doc.items[0].content_html, "Body of A")
	    != NULL, "a JSON feed has the text read again");
	feed_document_free(&doc);
	library_drop_content(lib);
	a = entry_titled(lib, "A");
	ok(a != NULL && a->article.content_html != NULL,
	    "and the library keeps it after the build");

	feed_keep_items(json, &json->feeds[0], lib, 2000000000);
	library_drop_content(lib);
	a = entry_titled(lib, "A");
	ok(a != NULL && a->article.content_html != NULL,
	    "keeping the JSON feed keeps its items' text");

	library_drop_content(lib);	/* no feed holds it any more */
	a = entry_titled(lib, "A");
	ok(a != NULL && a->link == NULL && a->article.content_html == NULL &&
	    *library_cache_slot(a) == NULL, "an entry no feed holds keeps "
	    "nothing");
	feed_collect(&doc, xml, &xml->feeds[0], lib, 2000000000, 0);
	write_xml_formats(&doc);
	feed_document_free(&doc);
	library_drop_content(lib);
	a = entry_titled(lib, "A");
	ok(a != NULL && a->link != NULL && a->article.content_html == NULL,
	    "the mark went with it: back in XML feeds only, the text goes");
	end_test(&r, lib, state, NULL, "text");
out:
	config_free(xml);
	config_free(json);
}

/* A release outlives the clock stepping back, for the owner of an id and
 * for the file that claims it too: when the owner goes, the next one in
 * line is published as it was, not withheld again. */
static void
test_release_of_duplicates(void)
{
	struct config *c = load_config("in/rel", 20);
	const struct library_view *const *sorted;
	char path[512], *paths[] = { (char *)"a.txt" };
	struct state *state;
	struct library *lib;
	struct scan_result r;
	size_t count;
	time_t next;

	if (!ok(c != NULL, "a config for releases"))
		return;
	snprintf(path, sizeof(path), "%s/in/rel", dir);
	mkdir(path, 0755);
	write_article("rel/a.txt", "A", "01/01/2040 - 10:00", "World",
	    "Id: same\n\n");
	write_article("rel/b.txt", "B", "01/01/2040 - 10:00", "World",
	    "Id: same\n\n");
	snprintf(path, sizeof(path), "%s/rel-state", dir);
	state = state_load(path);
	lib = library_new(state);
	memset(&r, 0, sizeof(r));
	library_scan(lib, c, 2000000000, &r);
	sorted = library_sorted(lib, &count);
	ok(count == 1 && strcmp(sorted[0]->article.title, "A") == 0 &&
	    !library_published(sorted[0], 2000000000), "A owns the id, "
	    "withheld");
	next = library_next_release(lib);
	ok(next > 2000000000, "its release is ahead");
	scan_result_free(&r);
	library_refresh(lib, c, NULL, 0, next, &r);
	is_int(library_next_release(lib), 0, "at its time a refresh releases "
	    "both");
	ok(library_published(sorted[0], 2000000000), "and stay so when the "
	    "clock steps back");
	snprintf(path, sizeof(path), "%s/in/rel/a.txt", dir);
	unlink(path);
	scan_result_free(&r);
	library_refresh(lib, c, paths, 1, 2000000000, &r);
	sorted = library_sorted(lib, &count);
	ok(count == 1 && strcmp(sorted[0]->article.title, "B") == 0 &&
	    library_published(sorted[0], 2000000000), "B takes the id over, "
	    "released as it was");
	end_test(&r, lib, state, c, "rel");
}

static const struct library_view *
entry_at(struct library *lib, const char *path)
{
	const struct library_view *const *sorted;
	size_t count, i;

	sorted = library_sorted(lib, &count);
	for (i = 0; i < count; i++)
		if (strcmp(sorted[i]->path, path) == 0)
			return sorted[i];
	return NULL;
}

/* What readers already have never goes away (issue 11, item 8): a
 * published article whose dates move into the future stays published;
 * an embargoed file claiming a live article's id waits for its time; an
 * update time in the future is clamped to now. */
static void
test_published_stays(void)
{
	struct config *c = load_config("in/pub", 20);
	const time_t now = 2000000000;	/* 2033-05-18T03:33:20Z */
	char path[512], away[512], *a_txt[] = { (char *)"a.txt" },
	    *b_txt[] = { (char *)"b.txt" };
	const struct library_view *a, *z, *u, *w;
	struct state *state;
	struct library *lib;
	struct scan_result r;
	time_t published, next;

	if (!ok(c != NULL, "a config for published articles"))
		return;
	snprintf(path, sizeof(path), "%s/in/pub", dir);
	mkdir(path, 0755);
	write_article("pub/a.txt", "A", "01/01/2030 - 10:00", "World", "");
	write_article("pub/z.txt", "Z", "01/01/2030 - 10:00", "World",
	    "Id: shared\n\n");
	write_article("pub/u.txt", "U", "01/01/2030 - 10:00", "World",
	    "Date: 2030-01-01T00:00:00Z\nUpdated: 2099-01-01T00:00:00Z\n\n");
	write_article("pub/w.txt", "W", "01/01/2040 - 10:00", "World",
	    "Date: 2040-01-01T00:00:00Z\nUpdated: 2099-01-01T00:00:00Z\n\n");
	snprintf(path, sizeof(path), "%s/pub-state", dir);
	state = state_load(path);
	lib = library_new(state);
	memset(&r, 0, sizeof(r));
	library_scan(lib, c, now, &r);
	a = entry_at(lib, "a.txt");
	if (!ok(a != NULL && library_published(a, now), "A is published"))
		goto out;
	published = a->article.published;

	u = entry_at(lib, "u.txt");
	ok(u != NULL && u->article.updated == now, "Updated: 2099 is taken "
	    "as now: it pins nothing to the top of a feed for 66 years");
	w = entry_at(lib, "w.txt");
	ok(w != NULL && !library_published(w, now) &&
	    w->article.updated == w->article.published, "a withheld one's "
	    "update time is clamped to its publication");

	/* (a) An edit moves its Last update past now (a zone unset). */
	write_article("pub/a.txt", "A", "01/01/2040 - 10:00", "World", "");
	scan_result_free(&r);
	library_refresh(lib, c, a_txt, 1, now, &r);
	a = entry_at(lib, "a.txt");
	ok(a != NULL && library_published(a, now), "a published article "
	    "edited to a future update time stays published");
	ok(a != NULL && a->article.published == published &&
	    a->article.updated == now, "with its published time, updated "
	    "clamped to now");
	is_int((long long)library_next_release(lib), 2208988800, "and is not "
	    "waited for (only W is)");

	/* (b) An embargoed file claims the id of a live article. */
	write_article("pub/b.txt", "B", "01/01/2035 - 10:00", "World",
	    "Id: shared\n\n");
	scan_result_free(&r);
	library_refresh(lib, c, b_txt, 1, now, &r);
	z = entry_at(lib, "z.txt");
	ok(z != NULL && library_published(z, now) &&
	    entry_at(lib, "b.txt") == NULL, "an embargoed file first by path "
	    "leaves the id with the published article that holds it");
	next = library_next_release(lib);
	ok(next > now && next < 2208988800, "and is due in 2035");
	scan_result_free(&r);
	library_free(lib);

	lib = library_new(state);
	library_scan(lib, c, now, &r);
	ok(entry_at(lib, "z.txt") != NULL && entry_at(lib, "b.txt") == NULL,
	    "so too when a scan reads the embargoed file first");
	scan_result_free(&r);
	library_refresh(lib, c, NULL, 0, next, &r);
	ok(entry_at(lib, "b.txt") != NULL && entry_at(lib, "z.txt") == NULL &&
	    library_published(entry_at(lib, "b.txt"), next), "at its time the "
	    "file first by path takes the id");
	ok(!scan_result_empty(&r), "and the feeds of its section are built");

	snprintf(path, sizeof(path), "%s/in/pub", dir);
	snprintf(away, sizeof(away), "%s/in/pub.away", dir);
	if (rename(path, away) == 0) {
		scan_result_free(&r);
		is_int(library_refresh(lib, c, NULL, 0, 2208988800, &r), -1,
		    "the folder gone, a refresh at W's time fails");
		is_int((long long)library_next_release(lib), 0, "and no timer "
		    "is asked for W meanwhile: the retry will release it");
		if (rename(away, path) != 0)
			printf("# could not move the folder back\n");
	}
out:
	end_test(&r, lib, state, c, "pub");
}

static bool
result_has(const struct scan_result *r, const char *section)
{
	size_t i;

	for (i = 0; i < r->section_count; i++)
		if (strcmp(r->sections[i], section) == 0)
			return true;
	return false;
}

/* A save between the read that gave an entry its title and the build's
 * read: the item is the new version whole, the order follows once the
 * build ends, and the next refresh hands both sections over. */
static void
test_one_version(void)
{
	struct config *c = load_config("inv", 20), *saved = config;
	struct state *state;
	struct library *lib;
	const struct library_view *a;
	struct scan_result r;
	char path[512], to[512];

	memset(&r, 0, sizeof(r));
	snprintf(path, sizeof(path), "%s/inv", dir);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/version-state", dir);
	state = state_load(path);
	lib = library_new(state);
	config = c;
	write_article("../inv/a.txt", "Alpha", "Fri, 20/05/2016 - 16:55",
	    "World", "");
	write_article("../inv/x.txt", "X", "Sat, 21/05/2016 - 16:55", "World",
	    "");
	library_scan(lib, config, 2000000000, &r);
	is_str(order(lib), "X Alpha", "the order before the save");
	a = entry_titled(lib, "Alpha");
	write_article("../inv/b.tmp", "Beta", "Sun, 22/05/2016 - 16:55",
	    "Sport", "");
	snprintf(path, sizeof(path), "%s/inv/b.tmp", dir);
	snprintf(to, sizeof(to), "%s/inv/a.txt", dir);
	if (a == NULL || rename(path, to) != 0) {
		ok(false, "an entry to save again");
		goto out;
	}
	is_int(library_load_content(lib, config, a), 0, "the build loads "
	    "the new version");
	ok(strcmp(a->article.title, "Beta") == 0 &&
	    strstr(a->article.content_html, "Body of Beta") != NULL &&
	    strcmp(a->article.section, "Sport") == 0,
	    "title, text and section of one version");
	is_str(order(lib), "X Beta", "the order stays while the build runs");
	library_drop_content(lib);
	is_str(order(lib), "Beta X", "and follows the new date after it");
	refresh(lib, "a.txt", &r);
	ok(result_has(&r, "World") && result_has(&r, "Sport"),
	    "the next refresh rebuilds the old section's feeds and the new's");
	ok(same_as_fresh_scan(lib, state), "the same as a fresh scan");
out:
	scan_result_free(&r);
	library_free(lib);
	state_free(state);
	config = saved;
	config_free(c);
}

int
main(void)
{
	struct state *state;
	char path[512];

	if (mkdtemp(dir) == NULL) {
		printf("1..0 # SKIP no temporary folder\n");
		return 0;
	}
	log_set_level(LOG_LEVEL_ERROR);
	snprintf(path, sizeof(path), "%s/in", dir);
	mkdir(path, 0755);
	config = load_config("in", 20);
	if (!ok(config != NULL, "config for the tests"))
		return tap_done();
	snprintf(path, sizeof(path), "%s/state", dir);
	state = state_load(path);
	test_scan_and_refresh(state);
	test_duplicates_and_ids(state);
	test_dates_from_state(state);
	test_incremental_order(state);
	test_bulk_refresh(state);
	test_content_lifetime(state);
	test_section_numbers(state);
	test_max_articles(state);
	test_keep_what_was_collected();
	test_text_kept_for_json();
	test_sections_freed();
	test_release_of_duplicates();
	test_published_stays();
	test_one_version();
	state_free(state);
	config_free(config);
	snprintf(path, sizeof(path), "rm -rf %s", dir);
	if (system(path) != 0)
		printf("# could not remove %s\n", dir);
	return tap_done();
}
