/* SPDX-License-Identifier: MIT */
/* build: a run decides which feeds to build (changed, failing or missing
 * a file), collects their items and counts what changed against what each
 * held last time; build_files.c stages, writes and reports their files,
 * then the site's index.html and feeds.opml. */
#include "autoconfig.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "build.h"
#include "build_run.h"
#include "feed.h"
#include "feed_atom.h"
#include "feed_json.h"
#include "feed_rss.h"
#include "formats.h"
#include "log.h"
#include "output.h"
#include "page_html.h"
#include "strmap.h"
#include "timefmt.h"
#include "xalloc.h"

/* The feed files a feed may have, NAME.<extension> each, in the order
 * they are staged: its formats (the formats key) say which it has. Its
 * page, NAME.html, follows them unless the site turns pages off. */
static const struct feed_file_kind feed_files[] = {
	{ FORMAT_ATOM, feed_write_atom },
	{ FORMAT_RSS, feed_write_rss },
	{ FORMAT_JSON, feed_write_json },
};
#define FEED_FILES (sizeof(feed_files) / sizeof(feed_files[0]))

/* index.html and feeds.opml: written once per build, for the site. */
#define SITE_FILES 2

static bool
feed_has(const struct feed_config *feed, const struct feed_file_kind *kind)
{
	return (feed->formats & FORMAT_BIT(kind->format)) != 0;
}

/* How many files the feed has in the output folder. */
static size_t
feed_file_count(const struct config *config, const struct feed_config *feed)
{
	size_t i, count = config->pages ? 1 : 0;

	for (i = 0; i < FEED_FILES; i++)
		count += feed_has(feed, &feed_files[i]);
	return count;
}

/* Room for a file name, NAME.<extension>, in the output folder. */
#define FILE_NAME_SIZE 300
/* Room for a failure's log line. */
#define MESSAGE_SIZE 600

struct builder *
builder_new(void)
{
	return xcalloc(1, sizeof(struct builder));
}

static void
memory_free(struct feed_memory *m)
{
	free(m->items);
	free(m->name);
}

void
builder_free(struct builder *b)
{
	size_t i;

	if (b == NULL)
		return;
	for (i = 0; i < b->count; i++)
		memory_free(&b->feeds[i]);
	free(b->feeds);
	free(b->failed_output);
	free(b);
}

void
builder_set_retry(struct builder *b, unsigned retry_s, bool under_systemd)
{
	b->retry_s = retry_s;
	b->under_systemd = under_systemd;
}

size_t
builder_failing(const struct builder *b, const char **problem)
{
	*problem = b->problem[0] != '\0' ? b->problem : NULL;
	return b->failing;
}

struct feed_memory *
build_memory_for(struct builder *b, const char *name)
{
	struct feed_memory *m;
	size_t i;

	for (i = 0; i < b->count; i++)
		if (strcmp(b->feeds[i].name, name) == 0)
			return &b->feeds[i];
	b->feeds = xreallocarray(b->feeds, b->count + 1, sizeof(*b->feeds));
	m = &b->feeds[b->count++];
	m->name = xstrdup(name);
	m->items = NULL;
	m->count = 0;
	m->updated = 0;
	m->failing = false;
	return m;
}

static int
compare_remembered(const void *a, const void *b)
{
	uint64_t x = ((const struct remembered_item *)a)->id_hash;
	uint64_t y = ((const struct remembered_item *)b)->id_hash;

	return x < y ? -1 : x > y;
}

/* Counts new and updated items against the last build, then remembers
 * this one: two sorted lists walked side by side, no allocation per
 * item. */
static struct item_counts
compare_and_remember(struct feed_memory *m, const struct feed_document *doc)
{
	struct item_counts counts = { 0, 0, 0 };
	struct remembered_item *now;
	size_t i, j = 0, matched = 0;

	now = xreallocarray(NULL, doc->count ? doc->count : 1, sizeof(*now));
	for (i = 0; i < doc->count; i++) {
		now[i].id_hash = strmap_hash(doc->items[i].id);
		now[i].updated = doc->items[i].updated;
	}
	qsort(now, doc->count, sizeof(*now), compare_remembered);
	for (i = 0; i < doc->count; i++) {
		while (j < m->count && m->items[j].id_hash < now[i].id_hash)
			j++;
		if (j < m->count && m->items[j].id_hash == now[i].id_hash) {
			matched++;
			counts.updated += m->items[j].updated != now[i].updated;
			j++;
		} else {
			counts.added++;
		}
	}
	counts.removed = m->count - matched;
	free(m->items);
	m->items = now;
	m->count = doc->count;
	m->updated = doc->updated;
	return counts;
}

/* A feed with no items still needs a date (Atom requires one) that does
 * not move between builds: the config file's, as the feed was defined then. */
static time_t
date_for_empty_feeds(const struct config *config, time_t now)
{
	struct stat st;

	if (stat(config->path, &st) == 0 && timefmt_in_range(st.st_mtim.tv_sec))
		return st.st_mtim.tv_sec;
	return now;
}

static void
stage_feed(struct run *run, const struct config *config,
    const struct feed_config *feed, struct library *lib, time_t now,
    time_t empty_date)
{
	struct item_counts counts;
	struct feed_document *doc = &run->docs[run->doc_count++];
	size_t i;

	feed_collect(doc, config, feed, lib, now, empty_date);
	counts = compare_and_remember(build_memory_for(run->builder,
	    feed->name), doc);
	for (i = 0; i < FEED_FILES; i++)
		if (feed_has(feed, &feed_files[i]))
			build_stage_format(run, doc, &feed_files[i], &counts);
	if (config->pages)
		build_stage_feed_page(run, doc);
}

/* Is any file of the feed missing from the output folder? */
static bool
files_missing(int dirfd, const struct config *config,
    const struct feed_config *feed)
{
	struct stat st;
	char file[FILE_NAME_SIZE];
	size_t i;

	for (i = 0; i < FEED_FILES; i++) {
		if (!feed_has(feed, &feed_files[i]))
			continue;
		snprintf(file, sizeof(file), "%s.%s", feed->name,
		    format_info(feed_files[i].format)->extension);
		if (fstatat(dirfd, file, &st, AT_SYMLINK_NOFOLLOW) != 0)
			return true;
	}
	snprintf(file, sizeof(file), "%s." PAGE_EXTENSION, feed->name);
	return config->pages && fstatat(dirfd, file, &st,
	    AT_SYMLINK_NOFOLLOW) != 0;
}

/* A feed is built when its articles changed, when it failed last time,
 * or when a file of it went missing (a folder removed and made again,
 * a file deleted by hand). */
static bool
needs_build(struct builder *b, int dirfd, const struct config *config,
    const struct feed_config *feed, const struct scan_result *changes)
{
	struct feed_memory *m = build_memory_for(b, feed->name);

	return changes == NULL || m->failing || scan_result_touches(changes,
	    feed) || files_missing(dirfd, config, feed);
}

void
build_report_free(struct build_report *report)
{
	size_t i;

	for (i = 0; i < report->changed_count; i++)
		free(report->changed[i]);
	free(report->changed);
	report->changed = NULL;
	report->changed_count = 0;
}

int
builder_run(struct builder *b, const struct config *config,
    struct library *lib, time_t now, const struct scan_result *changes,
    const struct build_gate *gate, struct build_report *report)
{
	struct run run;
	struct stat st;
	time_t empty_date;
	bool *kept;
	char err[MESSAGE_SIZE];
	size_t i;
	int pass;
	int dirfd;

	memset(report, 0, sizeof(*report));
	b->failing = 0;
	b->problem[0] = '\0';
	b->output_dir = config->output_dir;
	dirfd = output_open_dir(config->output_dir, err, sizeof(err));
	if (dirfd < 0) {
		build_note_failure(b, &b->output_failing, err);
		free(b->failed_output);
		b->failed_output = xstrdup(config->output_dir);
		b->failing = config->feed_count;
		report->failed = SITE_FILES;
		for (i = 0; i < config->feed_count; i++)
			report->failed += feed_file_count(config,
			    &config->feeds[i]);
		return -1;
	}
	/* "Back" only for the folder that failed, not for another one a
	 * reload named instead. */
	if (b->output_failing && strcmp(b->failed_output,
	    config->output_dir) == 0)
		log_notice("%s: the output folder is back", config->output_dir);
	/* What changed while no folder could be opened was never written. */
	if (b->output_failing)
		changes = NULL;
	b->output_failing = false;
	free(b->failed_output);
	b->failed_output = NULL;
	/* A new or replaced output folder gets every feed, not only those
	 * that changed. */
	if (fstat(dirfd, &st) == 0 && (st.st_dev != b->output_dev ||
	    st.st_ino != b->output_ino)) {
		if (b->output_ino != 0)
			log_notice("%s: a new output folder: writing every feed",
			    config->output_dir);
		b->output_dev = st.st_dev;
		b->output_ino = st.st_ino;
		changes = NULL;
	}
	empty_date = date_for_empty_feeds(config, now);
	library_set_cache_ops(lib, &feed_cache_ops);
	memset(&run, 0, sizeof(run));
	run.builder = b;
	run.report = report;
	run.dirfd = dirfd;
	kept = xcalloc(config->feed_count ? config->feed_count : 1, 1);
	run.docs = xcalloc(config->feed_count ? config->feed_count : 1,
	    sizeof(*run.docs));
	/* Feeds of every section first: their items are the first entries
	 * of the order, while a section's are found further down; and the
	 * first files output_replace_all is given are the first it starts. */
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < config->feed_count; i++) {
			const struct feed_config *feed = &config->feeds[i];
			if (feed->all_sections != (pass == 0))
				continue;
			if (needs_build(b, dirfd, config, feed, changes))
				stage_feed(&run, config, feed, lib, now,
				    empty_date);
			else
				kept[i] = true;
		}
	/* Items are collected for every feed first (that loads their text),
	 * then serialised on every CPU. */
	build_serialise_all(&run);
	for (i = 0; i < run.doc_count; i++)
		feed_document_free(&run.docs[i]);
	free(run.docs);
	build_stage_site_pages(&run, config);
	/* Every changed file of this build is written at once. */
	if (gate == NULL || gate->wait(gate->context) == 0)
		build_write_all(&run);
	else
		build_withhold_all(&run);
	build_report_all(&run);
	/* The items of feeds left as they are keep their content and
	 * renderings, for when those feeds change; done once the new feeds
	 * are out, as it reads entries all over memory. */
	for (i = 0; i < config->feed_count; i++)
		if (kept[i])
			feed_keep_items(config, &config->feeds[i], lib, now);
	free(kept);
	library_drop_content(lib);
	close(dirfd);
	return report->failed > 0 ? -1 : 0;
}

