/* SPDX-License-Identifier: MIT */
/* feed: chooses the items of one feed and lays out what both writers need. */
#ifndef FEEDD_FEED_H
#define FEEDD_FEED_H

#include <stddef.h>
#include <time.h>

#include "buffer.h"
#include "config.h"
#include "library.h"

/* Which slot of an item's renderings a writer fills. */
enum feed_format {
	FEED_ATOM,
	FEED_RSS,
};

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
	/* The item already serialised, per feed_format: the library entry's
	 * cache, which the writers fill and reuse (NULL: none). */
	struct library_rendering *rendered;
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

struct xml_writer;
typedef void (*feed_item_writer)(struct xml_writer *, const struct feed_item *);

/* Makes room in out for the document's items in that format at once:
 * a feed is hundreds of kilobytes, which growing by doubling would copy
 * several times over. */
void feed_reserve_items(struct buffer *out, const struct feed_document *doc,
    enum feed_format format);

/* Appends the item as write_item writes it at that depth of the format's
 * document, serialising it only when its rendering is not cached yet.
 * Returns 0, or -1 when libxml2 failed. */
int feed_append_item(struct buffer *out, const struct feed_item *item,
    enum feed_format format, int depth, feed_item_writer write_item);

/* Keeps the content of the items feed_collect would choose, for a feed
 * not rebuilt this time (see library_drop_content). */
void feed_keep_items(const struct feed_config *feed, struct library *lib,
    time_t now);

/* Points self_url at OUTPUT/NAME.<extension>'s public URL. */
void feed_set_self(struct feed_document *doc, const char *extension);

void feed_document_free(struct feed_document *doc);

#endif
