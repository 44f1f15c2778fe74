/* SPDX-License-Identifier: MIT */
/* build: collect, serialise and replace each feed file, one at a time. */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buffer.h"
#include "build.h"
#include "feed.h"
#include "feed_atom.h"
#include "feed_json.h"
#include "feed_opml.h"
#include "feed_rss.h"
#include "formats.h"
#include "log.h"
#include "output.h"
#include "page_html.h"
#include "strmap.h"
#include "timefmt.h"
#include "xalloc.h"

/* One item as the last build of its feed had it. Ids are kept as 64-bit
 * hashes: the counts they give are for the log line only. */
struct remembered_item {
	uint64_t id_hash;
	time_t updated;
};

/* What a feed held after its last build, sorted by id hash. */
struct feed_memory {
	char *name;
	struct remembered_item *items;
	size_t count;
	time_t updated;		/* the feed's, for index.html */
	bool failing;		/* a file of it could not be written */
};

/* Failures are logged once per episode, not once per attempt: a full disk
 * would otherwise fill the log as fast as articles arrive. */
struct builder {
	struct feed_memory *feeds;
	size_t count;
	bool output_failing;	/* the output folder could not be opened */
	bool site_failing;	/* index.html or feeds.opml could not be */
	dev_t output_dev;	/* the output folder last written to */
	ino_t output_ino;
};

struct item_counts {
	size_t added, updated, removed;
};

typedef int (*feed_writer)(const struct feed_document *, struct feed_bytes *);

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
	free(b);
}

static struct feed_memory *
memory_for(struct builder *b, const char *name)
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

void
builder_forget(struct builder *b, const char *name)
{
	size_t i;

	for (i = 0; i < b->count; i++) {
		if (strcmp(b->feeds[i].name, name) == 0) {
			memory_free(&b->feeds[i]);
			b->feeds[i] = b->feeds[--b->count];
			return;
		}
	}
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

static double
elapsed_ms(const struct timespec *start)
{
	struct timespec end;

	clock_gettime(CLOCK_MONOTONIC, &end);
	return (double)(end.tv_sec - start->tv_sec) * 1e3 +
	    (double)(end.tv_nsec - start->tv_nsec) / 1e6;
}

/* Logs a failure when an episode starts, at debug level while it lasts. */
static void
note_failure(bool *failing, const char *err)
{
	if (*failing)
		log_debug("%s (still)", err);
	else
		log_error("%s", err);
	*failing = true;
}

/* One file on its way to disk, from serialisation to its log line. */
struct pending_file {
	char *name;		/* NAME.atom, NAME.rss, NAME.json, NAME.html... */
	const char *feed;	/* the feed's name, in the config; NULL for
				 * index.html and feeds.opml */
	bool page;		/* not a feed: counted apart */
	size_t items;
	struct item_counts counts;
	double ms;		/* serialising and staging it */
	size_t slot;		/* in the output batch */
	bool staged;		/* false: serialisation failed */
};

struct run {
	struct builder *builder;
	struct output_batch *batch;
	struct pending_file *files;
	size_t count;
	struct build_report *report;
};

static struct pending_file *
add_pending(struct run *run, char *name, const char *feed)
{
	struct pending_file *f;

	run->files = xreallocarray(run->files, run->count + 1,
	    sizeof(*run->files));
	f = &run->files[run->count++];
	memset(f, 0, sizeof(*f));
	f->name = name;
	f->feed = feed;
	return f;
}

static void
stage_format(struct run *run, struct feed_document *doc,
    const char *extension, feed_writer writer,
    const struct item_counts *counts)
{
	struct feed_bytes bytes = FEED_BYTES_INIT;
	struct pending_file *f;
	struct timespec start;

	clock_gettime(CLOCK_MONOTONIC, &start);
	f = add_pending(run, xasprintf("%s.%s", doc->feed->name, extension),
	    doc->feed->name);
	f->items = doc->count;
	f->counts = *counts;
	feed_set_self(doc, extension);
	if (writer(doc, &bytes) == 0) {
		f->slot = output_batch_add(run->batch, f->name, bytes.pieces,
		    bytes.count);
		f->staged = true;
	}
	f->ms = elapsed_ms(&start);
	feed_bytes_free(&bytes);
}

/* A page, or feeds.opml: one buffer, not spliced pieces. */
static void
stage_page(struct run *run, struct pending_file *f, struct buffer *bytes,
    int rc)
{
	static char nothing[1];
	struct iovec piece;

	f->page = true;
	if (rc == 0) {
		piece.iov_base = bytes->data != NULL ? bytes->data : nothing;
		piece.iov_len = bytes->len;
		f->slot = output_batch_add(run->batch, f->name, &piece, 1);
		f->staged = true;
	}
	buffer_free(bytes);
}

static void
stage_feed_page(struct run *run, const struct feed_document *doc)
{
	struct buffer bytes = BUFFER_INIT;
	struct pending_file *f;

	f = add_pending(run, xasprintf("%s." PAGE_EXTENSION, doc->feed->name),
	    doc->feed->name);
	f->items = doc->count;
	stage_page(run, f, &bytes, page_write_feed(doc, &bytes));
}

/* index.html and feeds.opml, at every build: staged like the feeds, so
 * they are rewritten only when their bytes change. */
static void
stage_site_pages(struct run *run, const struct config *config)
{
	struct page_feed_state *states;
	struct buffer bytes = BUFFER_INIT;
	size_t i;
	int rc;

	states = xreallocarray(NULL, config->feed_count ? config->feed_count :
	    1, sizeof(*states));
	for (i = 0; i < config->feed_count; i++) {
		struct feed_memory *m = memory_for(run->builder,
		    config->feeds[i].name);
		states[i].items = m->count;
		states[i].updated = m->updated;
	}
	rc = page_write_index(config, states, &bytes);
	stage_page(run, add_pending(run, xstrdup(PAGE_INDEX_FILE), NULL),
	    &bytes, rc);
	free(states);
	rc = feed_write_opml(config, &bytes);
	stage_page(run, add_pending(run, xstrdup(FEED_OPML_FILE), NULL),
	    &bytes, rc);
}

static void
stage_feed(struct run *run, const struct config *config,
    const struct feed_config *feed, struct library *lib, time_t now,
    time_t empty_date)
{
	struct item_counts counts;
	struct feed_document doc;

	feed_collect(&doc, config, feed, lib, now, empty_date);
	counts = compare_and_remember(memory_for(run->builder, feed->name),
	    &doc);
	if (feed->formats & FORMAT_BIT(FORMAT_ATOM))
		stage_format(run, &doc, "atom", feed_write_atom, &counts);
	if (feed->formats & FORMAT_BIT(FORMAT_RSS))
		stage_format(run, &doc, "rss", feed_write_rss, &counts);
	if (feed->formats & FORMAT_BIT(FORMAT_JSON))
		stage_format(run, &doc, "json", feed_write_json, &counts);
	if (config->pages)
		stage_feed_page(run, &doc);
	feed_document_free(&doc);
}

/* Logs what became of one file; returns whether it is on disk as built. */
static bool
report_file(struct run *run, const struct pending_file *f)
{
	struct feed_memory *m = f->feed != NULL ?
	    memory_for(run->builder, f->feed) : NULL;
	enum output_result result = OUTPUT_FAILED;
	const char *err = NULL;
	char message[600];

	if (f->staged)
		result = output_batch_result(run->batch, f->slot, &err);
	if (f->page && result != OUTPUT_FAILED) {
		if (result == OUTPUT_WRITTEN)
			log_debug("%s: written", f->name);
		run->report->pages_written += result == OUTPUT_WRITTEN;
		run->report->pages_unchanged += result == OUTPUT_UNCHANGED;
		return true;
	}
	switch (result) {
	case OUTPUT_WRITTEN:
		log_notice("%s: %zu item%s (%zu new, %zu updated, %zu gone), "
		    "%.1f ms", f->name, f->items, f->items == 1 ? "" : "s",
		    f->counts.added, f->counts.updated, f->counts.removed,
		    f->ms);
		run->report->written++;
		return true;
	case OUTPUT_UNCHANGED:
		log_info("%s: %zu item%s, unchanged", f->name, f->items,
		    f->items == 1 ? "" : "s");
		run->report->unchanged++;
		return true;
	case OUTPUT_FAILED:
		break;
	}
	if (err == NULL)
		snprintf(message, sizeof(message), "%s: cannot serialise it "
		    "(out of memory?)", f->name);
	else
		snprintf(message, sizeof(message), "%s", err);
	note_failure(m != NULL ? &m->failing : &run->builder->site_failing,
	    message);
	run->report->failed++;
	return false;
}

/* Every file of a feed (they are staged together) is reported before
 * its failure flag settles; index.html and feeds.opml share one flag. */
static void
report_all(struct run *run)
{
	bool *failing, was_failing, ok;
	const char *feed, *what;
	size_t i, j;

	for (i = 0; i < run->count; i = j) {
		feed = run->files[i].feed;
		failing = feed != NULL ? &memory_for(run->builder,
		    feed)->failing : &run->builder->site_failing;
		what = feed != NULL ? feed : "the index and OPML";
		was_failing = *failing;
		ok = true;
		for (j = i; j < run->count && run->files[j].feed == feed; j++)
			ok &= report_file(run, &run->files[j]);
		if (ok && was_failing)
			log_notice("%s: written again: the problem is gone",
			    what);
		*failing = !ok;
	}
	for (i = 0; i < run->count; i++)
		free(run->files[i].name);
	free(run->files);
}

static bool
file_missing(int dirfd, const char *name, const char *extension)
{
	struct stat st;
	char file[300];

	snprintf(file, sizeof(file), "%s.%s", name, extension);
	return fstatat(dirfd, file, &st, AT_SYMLINK_NOFOLLOW) != 0;
}

/* Is any file the feed writes missing from the output folder? */
static bool
files_missing(int dirfd, const struct config *config,
    const struct feed_config *feed)
{
	int id;

	for (id = 0; id < FORMAT_COUNT; id++)
		if ((feed->formats & FORMAT_BIT(id)) && file_missing(dirfd,
		    feed->name, format_info((enum format_id)id)->extension))
			return true;
	return config->pages && file_missing(dirfd, feed->name,
	    PAGE_EXTENSION);
}

/* A feed is built when its articles changed, when it failed last time,
 * or when a file of it went missing (a folder removed and made again,
 * a file deleted by hand). */
static bool
needs_build(struct builder *b, int dirfd, const struct config *config,
    const struct feed_config *feed, const struct scan_result *changes)
{
	struct feed_memory *m = memory_for(b, feed->name);

	return changes == NULL || m->failing || scan_result_touches(changes,
	    feed) || files_missing(dirfd, config, feed);
}

int
builder_run(struct builder *b, const struct config *config,
    struct library *lib, time_t now, const struct scan_result *changes,
    struct build_report *report)
{
	struct run run;
	struct stat st;
	time_t empty_date;
	bool *kept;
	char err[512];
	size_t i;
	int pass;
	int dirfd;

	memset(report, 0, sizeof(*report));
	dirfd = output_open_dir(config->output_dir, err, sizeof(err));
	if (dirfd < 0) {
		note_failure(&b->output_failing, err);
		report->failed = config->feed_count * 2;
		return -1;
	}
	if (b->output_failing)
		log_notice("%s: the output folder is back", config->output_dir);
	b->output_failing = false;
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
	memset(&run, 0, sizeof(run));
	run.builder = b;
	run.report = report;
	run.batch = output_batch_new(dirfd);
	kept = xcalloc(config->feed_count ? config->feed_count : 1, 1);
	/* Feeds of every section first: their items are the first entries
	 * of the order, while a section's are found further down. Staged
	 * first, they set the disk to work sooner, and the others are
	 * collected while it writes. */
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
	stage_site_pages(&run, config);
	/* Every changed file of this build is synced and renamed together. */
	output_batch_commit(run.batch);
	report_all(&run);
	output_batch_free(run.batch);
	/* The items of feeds left as they are keep their content and
	 * renderings, for when those feeds change; done once the new feeds
	 * are out, as it reads entries all over memory. */
	for (i = 0; i < config->feed_count; i++)
		if (kept[i])
			feed_keep_items(&config->feeds[i], lib, now);
	free(kept);
	library_drop_content(lib);
	close(dirfd);
	return report->failed > 0 ? -1 : 0;
}
