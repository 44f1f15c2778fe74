/* SPDX-License-Identifier: MIT */
/* build: turns the library into the configured feeds on disk, remembering
 * each feed's last items so that its log line can say what changed. */
#ifndef FEEDD_BUILD_H
#define FEEDD_BUILD_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "config.h"
#include "library.h"

struct build_report {
	size_t written;		/* files replaced */
	size_t unchanged;	/* files that already held the same bytes */
	size_t failed;		/* files that could not be written (logged) */
	/* index.html, feeds.opml and NAME.html, apart from the feed files */
	size_t pages_written;
	size_t pages_unchanged;
	char **changed;		/* the public URLs of the files written,
				 * as their self links give them; owned */
	size_t changed_count;
};

/* Frees the URLs the report holds. */
void build_report_free(struct build_report *report);

struct builder;

struct builder *builder_new(void);
void builder_free(struct builder *builder);

/* What a run waits for once its files are serialised, before it writes
 * the first: the state's commit (state_commit_start before the run,
 * state_commit_finish as wait), so that ids are durable before any feed
 * carrying them is out while the transaction overlaps the serialising.
 * A failure (wait returns non-zero, having logged why) writes nothing:
 * every file of the run counts as failed, to be retried. */
struct build_gate {
	int (*wait)(void *context);
	void *context;
};

/* Writes the feed files (NAME.atom, NAME.rss, NAME.json: the feed's
 * formats) and NAME.html for each feed that changes touches, or for
 * every feed when changes is NULL, then index.html and feeds.opml (each
 * only where its bytes changed), once the gate (NULL: none) lets it.
 * now decides which articles are published yet. The report is filled
 * afresh: free it with build_report_free. Returns 0, or -1 when any file
 * failed. */
int builder_run(struct builder *builder, const struct config *config,
    struct library *lib, time_t now, const struct scan_result *changes,
    const struct build_gate *gate, struct build_report *report);

/* How failures are told while the daemon runs: retry_s, the seconds
 * until it tries again should this run fail (0: it will not, as with
 * --once); under_systemd, whether a unit confines it, so that a read-only
 * or forbidden output names the unit setting to change. */
void builder_set_retry(struct builder *builder, unsigned retry_s,
    bool under_systemd);

/* After a run: how many feeds could not be written, and the first
 * problem it met (*problem NULL when none). */
size_t builder_failing(const struct builder *builder, const char **problem);

#endif
