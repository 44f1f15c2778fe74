/* SPDX-License-Identifier: MIT */
/* feed_opml: OUTPUT/feeds.opml, an OPML 2.0 list of every feed for a
 * reader's "import". Made from the config alone, so its bytes change only
 * when the feeds or their titles, descriptions or URLs do. */
#ifndef FEEDD_FEED_OPML_H
#define FEEDD_FEED_OPML_H

#include "buffer.h"
#include "config.h"

#define FEED_OPML_FILE "feeds.opml"

/* One outline per feed, pointing at its first format of RSS, Atom and
 * JSON Feed (one, so that an import does not subscribe twice). Returns
 * 0, or -1 when libxml2 failed. */
int feed_write_opml(const struct config *site, struct buffer *out);

#endif
