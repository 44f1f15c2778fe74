/* SPDX-License-Identifier: MIT */
/* build: collect, serialise and replace each feed file, one at a time. */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buffer.h"
#include "build.h"
#include "feed.h"
#include "feed_atom.h"
#include "feed_rss.h"
#include "log.h"
#include "output.h"
#include "xalloc.h"

typedef int (*feed_writer)(const struct feed_document *, struct buffer *);

/* A feed with no items still needs a stable date (Atom requires one): the
 * newest published article of the site, else the config file's mtime. */
static time_t
date_for_empty_feeds(const struct config *config, struct library *lib,
    time_t now)
{
	struct library_entry *const *sorted;
	size_t count, i;
	struct stat st;

	sorted = library_sorted(lib, &count);
	for (i = 0; i < count; i++)
		if (sorted[i]->article.published <= now)
			return sorted[i]->article.updated;
	if (stat(config->path, &st) == 0)
		return st.st_mtim.tv_sec;
	return now;
}

static void
write_format(int dirfd, struct feed_document *doc, const char *extension,
    feed_writer writer, struct build_report *report)
{
	struct buffer bytes = BUFFER_INIT;
	char *name = xasprintf("%s.%s", doc->feed->name, extension);
	char err[512];

	feed_set_self(doc, extension);
	if (writer(doc, &bytes) != 0) {
		log_error("%s: cannot serialise the feed (libxml2 failed)", name);
		report->failed++;
		goto out;
	}
	switch (output_replace(dirfd, name, bytes.data, bytes.len, err,
	    sizeof(err))) {
	case OUTPUT_WRITTEN:
		log_notice("%s: %zu item%s, written", name, doc->count,
		    doc->count == 1 ? "" : "s");
		report->written++;
		break;
	case OUTPUT_UNCHANGED:
		log_info("%s: %zu item%s, unchanged", name, doc->count,
		    doc->count == 1 ? "" : "s");
		report->unchanged++;
		break;
	case OUTPUT_FAILED:
		log_error("%s", err);
		report->failed++;
		break;
	}
out:
	buffer_free(&bytes);
	free(name);
}

int
build_feeds(const struct config *config, struct library *lib, time_t now,
    struct build_report *report)
{
	struct feed_document doc;
	time_t empty_date;
	char err[512];
	size_t i;
	int dirfd;

	memset(report, 0, sizeof(*report));
	dirfd = output_open_dir(config->output_dir, err, sizeof(err));
	if (dirfd < 0) {
		log_error("%s", err);
		report->failed = config->feed_count * 2;
		return -1;
	}
	empty_date = date_for_empty_feeds(config, lib, now);
	for (i = 0; i < config->feed_count; i++) {
		feed_collect(&doc, config, &config->feeds[i], lib, now,
		    empty_date);
		write_format(dirfd, &doc, "atom", feed_write_atom, report);
		write_format(dirfd, &doc, "rss", feed_write_rss, report);
		feed_document_free(&doc);
	}
	close(dirfd);
	return report->failed > 0 ? -1 : 0;
}
