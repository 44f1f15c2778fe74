/* SPDX-License-Identifier: MIT */
/* feed_json: JSON Feed 1.1 (jsonfeed.org/version/1.1), written with
 * json-c, the only module that includes its headers. Item ids are the
 * same as the RSS guids and Atom ids, dates RFC 3339 as in Atom, so a
 * reader that changes format sees the same items. */
#ifndef FEEDD_FEED_JSON_H
#define FEEDD_FEED_JSON_H

#include "feed.h"

/* Serialises doc (self_url set by feed_set_self(doc, "json")) into out.
 * Returns 0, or -1 when json-c failed (out then holds nothing). */
int feed_write_json(const struct feed_document *doc, struct feed_bytes *out);

#endif
