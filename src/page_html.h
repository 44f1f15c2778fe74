/* SPDX-License-Identifier: MIT */
/* page_html: the pages for people who land on the output folder or click
 * a feed link: OUTPUT/index.html (every feed, its formats, the URL to
 * copy into a reader) and OUTPUT/NAME.html (one feed's items). HTML5 in
 * XML syntax through xml_writer, so every title and summary is escaped
 * as in the feeds; a little inline CSS, no JavaScript. Each page carries
 * an autodiscovery <link rel="alternate"> per feed file it stands for.
 * No build time on any page: a page changes only when what it shows
 * does. */
#ifndef FEEDD_PAGE_HTML_H
#define FEEDD_PAGE_HTML_H

#include <stddef.h>
#include <time.h>

#include "buffer.h"
#include "config.h"
#include "feed.h"

#define PAGE_INDEX_FILE "index.html"
#define PAGE_EXTENSION "html"

/* What the index shows of a feed, as its last build left it. */
struct page_feed_state {
	size_t items;
	time_t updated;		/* the newest item's; unused when no items */
};

/* index.html; states[i] is site->feeds[i]'s. Links to NAME.html only
 * when site->pages. Returns 0, or -1 when libxml2 failed. */
int page_write_index(const struct config *site,
    const struct page_feed_state *states, struct buffer *out);

/* NAME.html for a collected feed. Returns 0, or -1 when libxml2 failed. */
int page_write_feed(const struct feed_document *doc, struct buffer *out);

/* The <link rel="alternate"> lines of every feed file, one a line, for a
 * site to paste into the head of its own pages. */
int page_write_links(const struct config *site, struct buffer *out);

#endif
