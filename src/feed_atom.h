/* SPDX-License-Identifier: MIT */
/* feed_atom: an Atom 1.0 (RFC 4287) document from a feed_document. */
#ifndef FEEDD_FEED_ATOM_H
#define FEEDD_FEED_ATOM_H

#include "feed.h"

/* Appends the document to out. Returns 0, or -1 when libxml2 failed. */
int feed_write_atom(const struct feed_document *doc, struct feed_bytes *out);

#endif
