/* SPDX-License-Identifier: MIT */
/* build_run: what build.c (which feeds to build, and what each held) and
 * build_files.c (their files staged, written at once and reported) share
 * during a run. Private to those two files: see build.h. Main thread
 * only, as builder_run is. */
#ifndef FEEDD_BUILD_RUN_H
#define FEEDD_BUILD_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "build.h"
#include "feed.h"
#include "formats.h"
#include "output.h"

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

/* One kind of feed file: its format, and the writer that serialises it. */
struct feed_file_kind {
	enum format_id format;
	feed_writer write;
};

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
	/* What build_serialise_all writes it from: the run's document of
	 * its feed, and its format (NULL for NAME.html). NULL doc: the
	 * site's pages, serialised when staged. */
	const struct feed_document *doc;
	const struct feed_file_kind *kind;
};

struct run {
	struct builder *builder;
	int dirfd;
	struct pending_file *files;
	size_t count;
	struct build_report *report;
	/* The feeds being built, collected before any is serialised: room
	 * for every feed of the config, so that files may point into it. */
	struct feed_document *docs;
	size_t doc_count;
};

/* The memory of the feed of that name, made empty on first use.
 * (build.c) */
struct feed_memory *build_memory_for(struct builder *b, const char *name);

/* Logs a failure when an episode starts, at debug level while it lasts;
 * the first of a run is kept for builder_failing. (build_files.c) */
void build_note_failure(struct builder *b, bool *failing, const char *err);

/* Stages the feed's file in one format, to be serialised by
 * build_serialise_all. (build_files.c) */
void build_stage_format(struct run *run, const struct feed_document *doc,
    const struct feed_file_kind *kind, const struct item_counts *counts);

/* Stages the feed's page, NAME.html, likewise. (build_files.c) */
void build_stage_feed_page(struct run *run, const struct feed_document *doc);

/* Serialises every staged feed file and page, on every CPU at once (see
 * feed_rendering_get for the items they share). The run's documents and
 * the library must not change meanwhile. (build_files.c) */
void build_serialise_all(struct run *run);

/* Renders index.html and feeds.opml and stages them. (build_files.c) */
void build_stage_site_pages(struct run *run, const struct config *config);

/* Writes every staged file at once (output_replace_all). (build_files.c) */
void build_write_all(struct run *run);

/* Writes none of them: the gate failed. Each counts as failed.
 * (build_files.c) */
void build_withhold_all(struct run *run);

/* Logs what became of each file, counts it in the report, settles each
 * feed's failure flag, and frees the run's files. (build_files.c) */
void build_report_all(struct run *run);

#endif
