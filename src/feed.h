/* SPDX-License-Identifier: MIT */
/* feed: chooses the items of one feed (one rule, for building and for
 * keeping), owns the cache of rendered items, and drives both writers:
 * feed_atom.c and feed_rss.c write only their head and their items.
 * Choosing items runs on the build's thread; the writers, one document
 * per thread, may run on several at once (see feed_rendering_get). */
#ifndef FEEDD_FEED_H
#define FEEDD_FEED_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/uio.h>
#include <time.h>

#include "buffer.h"
#include "config.h"
#include "library.h"

/* Which slot of an item's renderings a writer fills. The pages are
 * written from the item's text. */
enum feed_format {
	FEED_ATOM,
	FEED_RSS,
	FEED_JSON,		/* the item as a JSON object on one line */
	FEED_FORMATS		/* how many there are */
};

/* An item as one format writes it: kept in the library entry's cache slot
 * (see library_cache_slot), FEED_FORMATS of them, so that an unchanged
 * item is serialised once, not once per feed and build. Zeroed memory is
 * an empty slot. */
struct feed_rendering {
	char *bytes;		/* owned; NULL until written */
	size_t len;
	atomic_int fill;	/* see feed_rendering_get */
};

/* How the library keeps and frees the renderings: the builder hands it to
 * the library (library_set_cache_ops). The cache also tells the library
 * to keep the text of the items a feed writes from their text (its
 * formats include JSON Feed, or the site writes pages); the text of other
 * items goes once their renderings are written. */
extern const struct library_cache_ops feed_cache_ops;

struct feed_item {
	const char *id;
	const char *title;
	const char *link;
	const char *section;	/* NULL when none */
	const char *author;	/* NULL: the feed's author */
	const char *summary;	/* plain text, maybe empty */
	const char *content_html;	/* maybe empty: then left out */
	char *const *tags;
	size_t tag_count;
	time_t updated;
	time_t published;
	/* The item already serialised, per feed_format: the library entry's
	 * cache, which the writers fill and reuse (NULL: none). */
	struct feed_rendering *rendered;
};

/* For the writers. Documents may be written on several threads at once
 * (one document each, nothing else changing the library meanwhile), and
 * documents share items: the first writer to reach an empty slot makes
 * the rendering (*mine true: it then calls feed_rendering_keep), one
 * that finds it being made writes the item for itself (NULL, *mine
 * false), as it does when the item has no cache. */
const struct feed_rendering *feed_rendering_get(const struct feed_item *item,
    enum feed_format format, bool *mine);
/* Keeps the rendering the caller was given to make (bytes owned, NULL
 * when making it failed: the slot is empty again). */
void feed_rendering_keep(const struct feed_item *item,
    enum feed_format format, char *bytes, size_t len);

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

/* Which entries a feed holds, the one rule for building it and for
 * keeping its items' content: up to max_items entries of the feed's
 * sections that are published at now, newest first, leaving out those
 * whose content cannot be had. Both mark the items whose text the feed
 * needs (see feed_cache_ops). */

/* Collects the feed's items, loading their content. updated_when_empty
 * dates a feed with no items. */
void feed_collect(struct feed_document *doc, const struct config *site,
    const struct feed_config *feed, struct library *lib, time_t now,
    time_t updated_when_empty);

/* Keeps the content of the items feed_collect chose last time, for a feed
 * not rebuilt this time (see library_drop_content): the same rule, where
 * an entry whose content is not loaded is one that could not be had. */
void feed_keep_items(const struct config *site,
    const struct feed_config *feed, struct library *lib, time_t now);

/* A feed as written: the pieces of its bytes in order, ready for
 * writev. The head and the end are the document's own; an item is its
 * rendering in the library, borrowed, so that a feed of hundreds of
 * kilobytes is never copied into one buffer before it goes to disk. The
 * pieces are good until the library next changes. */
struct feed_bytes {
	struct iovec *pieces;
	size_t count, room;
	char **owned;		/* pieces that are the feed's own */
	size_t owned_count;
};

#define FEED_BYTES_INIT { NULL, 0, 0, NULL, 0 }

/* Appends what the buffer holds, taking it over (the buffer is left
 * empty). */
void feed_bytes_take(struct feed_bytes *out, struct buffer *bytes);
/* Appends bytes that outlive out (a rendering, a constant), unowned. */
void feed_bytes_borrow(struct feed_bytes *out, const char *bytes, size_t len);
/* A writer's item in its format: returns the bytes (malloc'd, *len set),
 * or NULL when it failed. */
typedef char *(*feed_item_renderer)(const struct feed_item *item,
    const void *context, size_t *len);

/* Appends the item in that format: its kept rendering, or the one render
 * makes now (with context), kept for the next feed and build unless
 * another thread is making it (feed_rendering_get). Every writer's items
 * go through here. Returns 0, or -1 when render failed. */
int feed_append_item(struct feed_bytes *out, const struct feed_item *item,
    enum feed_format format, feed_item_renderer render, const void *context);

/* The bytes in one buffer: for tests and fuzzers, which read them. */
void feed_bytes_join(const struct feed_bytes *bytes, struct buffer *out);
void feed_bytes_free(struct feed_bytes *bytes);

struct xml_writer;

/* What one format writes; feed_write_document does the rest: the head,
 * then each item (serialised once, then taken from its rendering), then
 * the end, closing the item_depth elements the head left open. */
struct feed_format_spec {
	enum feed_format format;
	int item_depth;
	void (*write_head)(struct xml_writer *, const struct feed_document *);
	void (*write_item)(struct xml_writer *, const struct feed_item *);
};

/* An Atom link, <ELEMENT rel="REL" type="TYPE" href="HREF"/>: ELEMENT is
 * "link" in Atom and "atom:link" in RSS; type NULL writes none. For the
 * writers' write_head and write_item. */
void feed_write_link(struct xml_writer *w, const char *element,
    const char *rel, const char *type, const char *href);

/* <NAME>date</NAME>, the date as format (timefmt_rfc3339 for Atom,
 * timefmt_rfc822 for RSS) writes it. */
void feed_write_date(struct xml_writer *w, const char *name, time_t t,
    void (*format)(time_t, char *));

/* WebSub discovery: one such link with rel="hub" per hub of the site,
 * where readers may subscribe to hear of changes. */
void feed_write_hub_links(struct xml_writer *w, const char *element,
    const struct config *site);

/* Appends the document to out. Returns 0, or -1 when libxml2 failed. */
int feed_write_document(const struct feed_document *doc,
    const struct feed_format_spec *spec, struct feed_bytes *out);

/* Points self_url at OUTPUT/NAME.<extension>'s public URL. */
void feed_set_self(struct feed_document *doc, const char *extension);

void feed_document_free(struct feed_document *doc);

#endif
