/* SPDX-License-Identifier: MIT */
/* formats: the feed file formats feedd can write (RSS, Atom, JSON Feed),
 * their names in the config, file extensions, media types and URLs. Pure
 * data and functions; thread-safe. */
#ifndef FEEDD_FORMATS_H
#define FEEDD_FORMATS_H

#include "buffer.h"

/* In the order pages and links list them. */
enum format_id {
	FORMAT_RSS,
	FORMAT_ATOM,
	FORMAT_JSON,
	FORMAT_COUNT
};

#define FORMAT_BIT(id) (1u << (id))
/* What a feed writes when the config says nothing: what feedd always
 * wrote, so that no existing site changes. */
#define FORMATS_DEFAULT (FORMAT_BIT(FORMAT_RSS) | FORMAT_BIT(FORMAT_ATOM))

struct format_info {
	const char *extension;	/* also the name in `formats = ...` */
	const char *media_type;	/* as served and as in <link type=...> */
	const char *label;	/* for people: "RSS", "Atom", "JSON Feed" */
};

const struct format_info *format_info(enum format_id id);

/* "rss atom json" (spaces or commas between names) to a set of
 * FORMAT_BITs. Returns 0, or -1 with the first unknown or repeated name
 * in bad (at most badlen bytes) or an empty list. */
int formats_parse(const char *value, unsigned *set, char *bad, size_t badlen);

/* Appends FEEDS_URL + NAME.EXTENSION, the name percent-encoded as in the
 * feeds' own self links. feeds_url ends in '/'. */
void format_append_url(struct buffer *out, const char *feeds_url,
    const char *feed_name, enum format_id id);

#endif
