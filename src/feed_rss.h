/* SPDX-License-Identifier: MIT */
/* feed_rss: an RSS 2.0 document, as the RSS Board's profile advises. */
#ifndef FEEDD_FEED_RSS_H
#define FEEDD_FEED_RSS_H

#include "feed.h"

/* Appends the document to out. Returns 0, or -1 when libxml2 failed. */
int feed_write_rss(const struct feed_document *doc, struct feed_bytes *out);

#endif
