/* SPDX-License-Identifier: MIT */
/* build_files: a run's files on their way to the output folder: each
 * feed file and page serialised and staged, all written at once, then
 * what became of each logged and counted, failures once per episode. */
#include "autoconfig.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buffer.h"
#include "build_run.h"
#include "feed_opml.h"
#include "log.h"
#include "page_html.h"
#include "parallel.h"
#include "xalloc.h"

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

void
build_note_failure(struct builder *b, bool *failing, const char *err)
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
	/* Until build_write_all says otherwise. */
	f->result = OUTPUT_FAILED;
	return f;
}

/* Every file goes to the output folder through here: its bytes are
 * held until build_write_all. */
static void
stage_bytes(struct pending_file *f, struct feed_bytes *bytes)
{
	f->bytes = *bytes;
	memset(bytes, 0, sizeof(*bytes));
	f->serialised = true;
}

void
build_stage_format(struct run *run, const struct feed_document *doc,
    const struct feed_file_kind *kind, const struct item_counts *counts)
{
	const char *extension = format_info(kind->format)->extension;
	struct feed_document view = *doc;
	struct pending_file *f;

	f = add_pending(run, xasprintf("%s.%s", doc->feed->name, extension),
	    doc->feed->name);
	f->items = doc->count;
	f->counts = *counts;
	f->doc = doc;
	f->kind = kind;
	/* The formats of a feed share its document: each file has its own
	 * self link. */
	view.self_url = NULL;
	feed_set_self(&view, extension);
	f->url = view.self_url;
}

void
build_stage_feed_page(struct run *run, const struct feed_document *doc)
{
	struct pending_file *f;

	f = add_pending(run, xasprintf("%s." PAGE_EXTENSION, doc->feed->name),
	    doc->feed->name);
	f->items = doc->count;
	f->page = true;
	f->doc = doc;
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

/* Runs on a worker thread: writes only into f, and into the items'
 * renderings it is the first to make (feed_rendering_get). */
static void
serialise_file(struct pending_file *f)
{
	struct feed_bytes bytes = FEED_BYTES_INIT;
	struct buffer page = BUFFER_INIT;
	struct feed_document view;
	struct timespec start;

	clock_gettime(CLOCK_MONOTONIC, &start);
	if (f->kind == NULL) {
		stage_page(f, &page, page_write_feed(f->doc, &page));
	} else {
		view = *f->doc;
		view.self_url = f->url;
		if (f->kind->write(&view, &bytes) == 0)
			stage_bytes(f, &bytes);
		else
			snprintf(f->err, sizeof(f->err), "%s: cannot serialise "
			    "the feed (out of memory?)", f->name);
		feed_bytes_free(&bytes);
	}
	f->ms = elapsed_ms(&start);
}

static void
serialise_one(void *context, size_t i)
{
	struct run *run = context;

	if (run->files[i].doc != NULL)
		serialise_file(&run->files[i]);
}

void
build_serialise_all(struct run *run)
{
	parallel_for(run->count, 1, serialise_one, run);
}

void
build_write_all(struct run *run)
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

void
build_withhold_all(struct run *run)
{
	size_t i;

	for (i = 0; i < run->count; i++) {
		snprintf(run->files[i].err, sizeof(run->files[i].err),
		    "%s: not written, as the ids it carries could not be "
		    "recorded", run->files[i].name);
		feed_bytes_free(&run->files[i].bytes);
	}
}

/* index.html and feeds.opml, at every build: staged like the feeds, so
 * they are rewritten only when their bytes change. */
void
build_stage_site_pages(struct run *run, const struct config *config)
{
	struct page_feed_state *states;
	struct buffer bytes = BUFFER_INIT;
	size_t i;
	int rc;

	states = xreallocarray(NULL, config->feed_count ? config->feed_count :
	    1, sizeof(*states));
	for (i = 0; i < config->feed_count; i++) {
		struct feed_memory *m = build_memory_for(run->builder,
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

/* Logs what became of one file; returns whether it is on disk as built. */
static bool
report_file(struct run *run, struct pending_file *f)
{
	bool *failing = f->feed != NULL ? &build_memory_for(run->builder,
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
	build_note_failure(run->builder, failing, f->err);
	run->report->failed++;
	return false;
}

/* stage_feed stages the files of a feed one after the other, however
 * many formats it has: a feed's files are the run of files that name it.
 * index.html and feeds.opml, which name none, are the last run. All the
 * files of a run are reported before its failure flag settles. */
void
build_report_all(struct run *run)
{
	size_t i, end;

	for (i = 0; i < run->count; i = end) {
		const char *feed = run->files[i].feed;
		bool *failing = feed != NULL ? &build_memory_for(run->builder,
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

