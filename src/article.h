/* SPDX-License-Identifier: MIT */
/* article: the pure parser from an article file's bytes to its fields.
 * No I/O, no logging: warnings come back in the struct for the caller to
 * report with the file's path. */
#ifndef FEEDD_ARTICLE_H
#define FEEDD_ARTICLE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

struct article {
	/* Metadata: every string is valid UTF-8 that XML 1.0 allows. */
	char *title;
	char *section;		/* NULL when the file names none */
	char *author;		/* NULL: the site's author */
	char *id;		/* the Id: header, NULL when absent */
	char *link;		/* the Link: header, NULL when absent */
	char **tags;
	size_t tag_count;
	time_t updated;
	time_t published;
	bool has_date;		/* false: the caller dates it */
	bool has_published;	/* a Date: header gave the published time */

	/* Content: plain-text summary and the body as HTML paragraphs. */
	char *summary;
	char *content_html;

	char **warnings;
	size_t warning_count;
};

/* Hostile files must not make feed items unbounded: longer titles are cut
 * (at a character boundary, with an ellipsis) and later paragraphs
 * dropped, each with a warning. */
#define ARTICLE_MAX_TITLE 512		/* bytes */
#define ARTICLE_MAX_PARAGRAPHS 2000
#define ARTICLE_MAX_SUMMARY 4096	/* bytes of the first paragraph */

/* Parses one article. Returns 0 with *article filled in (free it with
 * article_free), or -1 with the reason it cannot be used in err and
 * nothing left to free. Dates without an offset are read in the zone set by
 * timefmt_set_zone. */
int article_parse(const char *bytes, size_t len, struct article *article,
    char *err, size_t errlen);

/* The same without summary and body (left NULL), which an index of many
 * articles does not keep: about twice as fast. */
int article_parse_metadata(const char *bytes, size_t len,
    struct article *article, char *err, size_t errlen);

/* Frees the content fields only, for callers that keep metadata alone. */
void article_drop_content(struct article *article);
void article_drop_warnings(struct article *article);
void article_free(struct article *article);

#endif
