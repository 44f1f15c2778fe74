/* SPDX-License-Identifier: MIT */
/* feed: chooses the items of one feed and lays out what both writers need. */
#ifndef FEEDD_FEED_H
#define FEEDD_FEED_H

#include <stddef.h>
#include <time.h>

#include "config.h"
#include "library.h"

struct feed_item {
	const char *id;
	const char *title;
	const char *link;
	const char *section;	/* NULL when none */
	const char *author;	/* NULL: the feed's author */
	const char *summary;	/* plain text, maybe empty */
	const char *content_html;
	char *const *tags;
	size_t tag_count;
	time_t updated;
	time_t published;
};

/* Every pointer is borrowed from the config and the library. */
struct feed_document {
	const struct config *site;
	const struct feed_config *feed;
	char *id;		/* owned */
	char *self_url;		/* owned; set per format by feed_set_format */
	time_t updated;		/* the newest item's, never the build time */
	struct feed_item *items;	/* owned array */
	size_t count;
};

/* Collects up to max_items published articles of the feed's sections,
 * newest first, loading their content. updated_when_empty dates a feed
 * with no items. */
void feed_collect(struct feed_document *doc, const struct config *site,
    const struct feed_config *feed, struct library *lib, time_t now,
    time_t updated_when_empty);

/* Points self_url at OUTPUT/NAME.<extension>'s public URL. */
void feed_set_self(struct feed_document *doc, const char *extension);

void feed_document_free(struct feed_document *doc);

#endif
