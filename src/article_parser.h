/* SPDX-License-Identifier: MIT */
/* article_parser: what the files of the article parser share (article.c:
 * the header block and the whole; article_body.c: the text after it).
 * Private to them: everyone else includes article.h. Pure, like the
 * parser: a parser and its article belong to one thread. */
#ifndef FEEDD_ARTICLE_PARSER_H
#define FEEDD_ARTICLE_PARSER_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "article.h"
#include "buffer.h"

/* A line of the normalised text: [start, end) without its newline. */
struct line {
	const char *start;
	const char *end;
};

struct parser {
	bool metadata_only;	/* no summary, no body: for indexing */
	size_t paragraph_lines;	/* in the paragraph being read */
	size_t paragraphs;	/* kept so far */
	const char *pos;	/* next unread byte */
	const char *end;
	struct article *article;
	struct buffer body;	/* HTML paragraphs */
	struct buffer paragraph;	/* plain text of the paragraph read */
	char *header_title;
	char *header_summary;
	bool has_header_date, has_header_updated;
	time_t header_date, header_updated;
};

/* Adds a warning (formatted, at most 511 bytes) to the article. */
void article_warning(struct article *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The next line of the text, false at its end. */
bool article_next_line(struct parser *p, struct line *line);
bool article_line_is_blank(const struct line *line);
/* A copy of [start, end) without its surrounding white space. */
char *article_trimmed_copy(const char *start, const char *end);

/* Reads the date in value into *out for the field named what; on failure
 * warns and returns false. */
bool article_read_date(struct article *a, const char *what,
    const struct line *value, time_t *out);

/* A paragraph as a summary: cut at a character boundary, with an
 * ellipsis, past ARTICLE_MAX_SUMMARY bytes. */
char *article_summary_of(const char *text, size_t len);

/* Sets the title from the first non-blank line; with a Title header, the
 * text starts with the body unless that line repeats the title. */
void article_parse_title(struct parser *p);

/* Reads paragraphs up to "Last update:" or the "More from" navigation,
 * and the section the navigation names. */
void article_parse_body(struct parser *p, time_t *last_update,
    bool *has_last_update);

#endif
