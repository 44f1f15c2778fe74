/* SPDX-License-Identifier: MIT */
/* build: collect, serialise and replace each feed's files (its formats
 * and its page), then the site's index.html and feeds.opml. */
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
	char *failed_output;	/* which one, while output_failing */
	dev_t output_dev;	/* the output folder last written to */
	ino_t output_ino;
	unsigned retry_s;	/* see builder_set_retry */
	bool under_systemd;
	const char *output_dir;	/* the config's, during a run */
	size_t failing;		/* feeds the last run could not write */
	char problem[768];	/* the first failure of the last run */
};

struct item_counts {
	size_t added, updated, removed;
};

typedef int (*feed_writer)(const struct feed_document *, struct feed_bytes *);

/* The feed files a feed may have, NAME.<extension> each, in the order
 * they are staged: its formats (the formats key) say which it has. Its
 * page, NAME.html, follows them unless the site turns pages off. */
static const struct feed_file_kind {
	enum format_id format;
	feed_writer write;
} feed_files[] = {
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

/* Under systemd, a read-only or forbidden output is most often the unit's
 * sandbox (ProtectSystem=strict), not the file system: say what to change. */
static void
systemd_hint(const struct builder *b, const char *err, char *hint,
    size_t len)
{
	char cwd[PATH_MAX];
	bool relative;

	hint[0] = '\0';
	if (!b->under_systemd || b->output_dir == NULL ||
	    (strstr(err, strerror(EROFS)) == NULL &&
	    strstr(err, strerror(EACCES)) == NULL))
		return;
	/* ReadWritePaths= takes absolute paths only. */
	relative = b->output_dir[0] != '/' && getcwd(cwd, sizeof(cwd)) != NULL;
	snprintf(hint, len, " (the unit lets feedd write only where it says: "
	    "add ReadWritePaths=%s%s%s with systemctl edit feedd)",
	    relative ? cwd : "", relative ? "/" : "", b->output_dir);
}

/* Logs a failure when an episode starts, at debug level while it lasts;
 * the first of a run is kept for builder_failing. */
static void
note_failure(struct builder *b, bool *failing, const char *err)
{
	char hint[2 * PATH_MAX + 128];

	systemd_hint(b, err, hint, sizeof(hint));
	if (b->problem[0] == '\0')
		snprintf(b->problem, sizeof(b->problem), "%s%s", err, hint);
	if (*failing)
		log_debug("%s (still)", err);
	else if (b->retry_s > 0)
		log_error("%s%s; will retry in %u s", err, hint, b->retry_s);
	else
		log_error("%s%s", err, hint);
	*failing = true;
}

/* One file on its way to disk, from serialisation to its log line. */
struct pending_file {
	char *name;		/* NAME.atom, NAME.rss, NAME.json, NAME.html... */
	char *url;		/* a feed file's self link; NULL for pages */
	const char *feed;	/* the feed's name, in the config; NULL for
				 * index.html and feeds.opml */
	bool page;		/* not a feed file: counted apart */
	size_t items;
	struct item_counts counts;
	double ms;		/* serialising it */
	enum output_result result;
	char err[512];		/* when result is OUTPUT_FAILED */
	struct feed_bytes bytes;	/* until written */
	bool serialised;
};

struct run {
	struct builder *builder;
	int dirfd;
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
	f->result = OUTPUT_FAILED;	/* until write_all says otherwise */
	return f;
}

/* Every file goes to the output folder through here: its bytes are
 * held until write_all. */
static void
stage_bytes(struct pending_file *f, struct feed_bytes *bytes)
{
	f->bytes = *bytes;
	memset(bytes, 0, sizeof(*bytes));
	f->serialised = true;
}

static void
stage_format(struct run *run, struct feed_document *doc,
    const struct feed_file_kind *kind, const struct item_counts *counts)
{
	const char *extension = format_info(kind->format)->extension;
	struct feed_bytes bytes = FEED_BYTES_INIT;
	struct pending_file *f;
	struct timespec start;

	clock_gettime(CLOCK_MONOTONIC, &start);
	f = add_pending(run, xasprintf("%s.%s", doc->feed->name, extension),
	    doc->feed->name);
	f->items = doc->count;
	f->counts = *counts;
	feed_set_self(doc, extension);
	f->url = xstrdup(doc->self_url);
	if (kind->write(doc, &bytes) == 0)
		stage_bytes(f, &bytes);
	else
		snprintf(f->err, sizeof(f->err), "%s: cannot serialise the "
		    "feed (out of memory?)", f->name);
	feed_bytes_free(&bytes);
	f->ms = elapsed_ms(&start);
}

static void
write_all(struct run *run)
{
	struct output_file *out = xcalloc(run->count ? run->count : 1,
	    sizeof(*out));
	size_t i, n = 0;

	for (i = 0; i < run->count; i++)
		if (run->files[i].serialised) {
			out[n].name = run->files[i].name;
			out[n].pieces = run->files[i].bytes.pieces;
			out[n].count = run->files[i].bytes.count;
			n++;
		}
	output_replace_all(run->dirfd, out, n);
	for (i = 0, n = 0; i < run->count; i++) {
		if (run->files[i].serialised) {
			run->files[i].result = out[n].result;
			memcpy(run->files[i].err, out[n].err, sizeof(out[n].err));
			n++;
		}
		feed_bytes_free(&run->files[i].bytes);
	}
	free(out);
}

/* A page, or feeds.opml: one buffer, not spliced pieces. */
static void
stage_page(struct pending_file *f, struct buffer *bytes, int rc)
{
	struct feed_bytes pieces = FEED_BYTES_INIT;

	f->page = true;
	if (rc == 0 && bytes->len > 0) {
		feed_bytes_take(&pieces, bytes);
		stage_bytes(f, &pieces);
	} else {
		snprintf(f->err, sizeof(f->err), "%s: cannot write it "
		    "(out of memory?)", f->name);
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
	stage_page(f, &bytes, page_write_feed(doc, &bytes));
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
	stage_page(add_pending(run, xstrdup(PAGE_INDEX_FILE), NULL),
	    &bytes, rc);
	free(states);
	rc = feed_write_opml(config, &bytes);
	stage_page(add_pending(run, xstrdup(FEED_OPML_FILE), NULL),
	    &bytes, rc);
}

static void
stage_feed(struct run *run, const struct config *config,
    const struct feed_config *feed, struct library *lib, time_t now,
    time_t empty_date)
{
	struct item_counts counts;
	struct feed_document doc;
	size_t i;

	feed_collect(&doc, config, feed, lib, now, empty_date);
	counts = compare_and_remember(memory_for(run->builder, feed->name),
	    &doc);
	for (i = 0; i < FEED_FILES; i++)
		if (feed_has(feed, &feed_files[i]))
			stage_format(run, &doc, &feed_files[i], &counts);
	if (config->pages)
		stage_feed_page(run, &doc);
	feed_document_free(&doc);
}

/* Logs what became of one file; returns whether it is on disk as built. */
static bool
report_file(struct run *run, struct pending_file *f)
{
	bool *failing = f->feed != NULL ? &memory_for(run->builder,
	    f->feed)->failing : &run->builder->site_failing;

	if (f->page && f->result != OUTPUT_FAILED) {
		if (f->result == OUTPUT_WRITTEN)
			log_debug("%s: written", f->name);
		run->report->pages_written += f->result == OUTPUT_WRITTEN;
		run->report->pages_unchanged += f->result == OUTPUT_UNCHANGED;
		return true;
	}
	switch (f->result) {
	case OUTPUT_WRITTEN:
		log_notice("%s: %zu item%s (%zu new, %zu updated, %zu gone), "
		    "%.1f ms", f->name, f->items, f->items == 1 ? "" : "s",
		    f->counts.added, f->counts.updated, f->counts.removed,
		    f->ms);
		run->report->written++;
		/* For the hubs: these are the bytes that changed. */
		run->report->changed = xreallocarray(run->report->changed,
		    run->report->changed_count + 1,
		    sizeof(*run->report->changed));
		run->report->changed[run->report->changed_count++] = f->url;
		f->url = NULL;
		return true;
	case OUTPUT_UNCHANGED:
		log_info("%s: %zu item%s, unchanged", f->name, f->items,
		    f->items == 1 ? "" : "s");
		run->report->unchanged++;
		return true;
	case OUTPUT_FAILED:
		break;
	}
	note_failure(run->builder, failing, f->err);
	run->report->failed++;
	return false;
}

/* stage_feed stages the files of a feed one after the other, however
 * many formats it has: a feed's files are the run of files that name it.
 * index.html and feeds.opml, which name none, are the last run. All the
 * files of a run are reported before its failure flag settles. */
static void
report_all(struct run *run)
{
	size_t i, end;

	for (i = 0; i < run->count; i = end) {
		const char *feed = run->files[i].feed;
		bool *failing = feed != NULL ? &memory_for(run->builder,
		    feed)->failing : &run->builder->site_failing;
		bool was_failing = *failing, ok = true;
		for (end = i; end < run->count &&
		    run->files[end].feed == feed; end++)
			ok &= report_file(run, &run->files[end]);
		if (ok && was_failing)
			log_notice("%s: written again: the problem is gone",
			    feed != NULL ? feed : "the index and OPML");
		if (!ok && feed != NULL)
			run->builder->failing++;
		*failing = !ok;
	}
	for (i = 0; i < run->count; i++) {
		free(run->files[i].name);
		free(run->files[i].url);
	}
	free(run->files);
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
	struct feed_memory *m = memory_for(b, feed->name);

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
    struct build_report *report)
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
		note_failure(b, &b->output_failing, err);
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
	stage_site_pages(&run, config);
	/* Every changed file of this build is written at once. */
	write_all(&run);
	report_all(&run);
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
