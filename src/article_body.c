/* SPDX-License-Identifier: MIT */
/* article_body: the newsroom export layout after any header block: the
 * title line, paragraphs joined from soft-wrapped lines, the "Last
 * update:" line, and the "More from <Section>" navigation that ends the
 * text. */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "article_parser.h"
#include "buffer.h"
#include "text.h"
#include "xalloc.h"

#define LAST_UPDATE "Last update:"
#define MORE_FROM "More from "

/* The trimmed line starts with prefix (ASCII, case-insensitive). */
static bool
line_has_prefix(const struct line *line, const char *prefix,
    struct line *rest)
{
	const char *s = line->start, *e = line->end;
	unsigned char first;

	/* Most lines are prose: settle them on their first letter. */
	while (s < e && (*s == ' ' || *s == '\t'))
		s++;
	first = s < e ? (unsigned char)*s : 0;
	if (first < 0x80 && (first | 0x20) != (prefix[0] | 0x20))
		return false;
	text_trim(&s, &e);
	if (!text_has_prefix(s, e, prefix))
		return false;
	rest->start = s + strlen(prefix);
	rest->end = e;
	text_trim(&rest->start, &rest->end);
	return true;
}

/* The first paragraph, cut at a character boundary when it is too long to
 * be a summary. */
char *
article_summary_of(const char *text, size_t len)
{
	return text_cut_with_ellipsis(text, len, ARTICLE_MAX_SUMMARY);
}

static void
end_paragraph(struct parser *p)
{
	struct article *a = p->article;

	if (p->paragraph_lines == 0)
		return;
	p->paragraph_lines = 0;
	if (++p->paragraphs > ARTICLE_MAX_PARAGRAPHS) {
		if (p->paragraphs == ARTICLE_MAX_PARAGRAPHS + 1)
			article_warning(a, "more than %d paragraphs: the "
			    "rest is left out", ARTICLE_MAX_PARAGRAPHS);
		buffer_reset(&p->paragraph);
		return;
	}
	if (p->metadata_only)
		return;
	if (a->summary == NULL)
		a->summary = article_summary_of(p->paragraph.data,
		    p->paragraph.len);
	buffer_append_string(&p->body, "<p>");
	text_append_html_escaped(&p->body, p->paragraph.data,
	    p->paragraph.len);
	buffer_append_string(&p->body, "</p>\n");
	buffer_reset(&p->paragraph);
}

/* Lines of one paragraph are joined by a space: they are soft wraps. */
static void
add_to_paragraph(struct parser *p, const struct line *line)
{
	const char *s = line->start, *e = line->end;

	if (p->paragraph_lines++ > 0 && !p->metadata_only)
		buffer_append_char(&p->paragraph, ' ');
	if (p->metadata_only)
		return;
	text_trim(&s, &e);
	buffer_append(&p->paragraph, s, (size_t)(e - s));
}

static void
read_section(struct parser *p, const struct line *rest)
{
	if (p->article->section == NULL && rest->start < rest->end)
		p->article->section = xstrndup(rest->start,
		    (size_t)(rest->end - rest->start));
}

/* The title line; with a Title header the text starts with the body,
 * unless its first line repeats that title. */
void
article_parse_title(struct parser *p)
{
	struct line line;
	const char *before;

	do {
		before = p->pos;
		if (!article_next_line(p, &line))
			return;
	} while (article_line_is_blank(&line));
	if (p->header_title == NULL) {
		p->article->title = article_trimmed_copy(line.start, line.end);
		return;
	}
	p->article->title = xstrdup(p->header_title);
	{
		char *first = article_trimmed_copy(line.start, line.end);
		if (strcmp(first, p->header_title) != 0)
			p->pos = before;
		free(first);
	}
}

/* Without a "Last update:" line, "More from <Section>" starts the
 * navigation only as a short paragraph of its own with no sentence
 * punctuation: a body paragraph may well begin with those words. */
static bool
is_navigation_heading(struct parser *p, const struct line *line,
    struct line *rest)
{
	const char *saved = p->pos;
	struct line next;
	bool alone;

	if (!line_has_prefix(line, MORE_FROM, rest) ||
	    rest->end - rest->start > 60 ||
	    memchr(rest->start, '.', (size_t)(rest->end - rest->start)) ||
	    memchr(rest->start, ':', (size_t)(rest->end - rest->start)) ||
	    memchr(rest->start, ',', (size_t)(rest->end - rest->start)))
		return false;
	alone = !article_next_line(p, &next) || article_line_is_blank(&next);
	p->pos = saved;
	return alone;
}

/* Body paragraphs end at "Last update:" or, when an article has none, at a
 * "More from <Section>" paragraph; what follows is site navigation. */
void
article_parse_body(struct parser *p, time_t *last_update, bool *has_last_update)
{
	struct line line, rest;
	bool in_trailer = false, after_blank = true;

	while (article_next_line(p, &line)) {
		if (in_trailer) {
			if (line_has_prefix(&line, MORE_FROM, &rest)) {
				read_section(p, &rest);
				return;
			}
			continue;
		}
		if (line_has_prefix(&line, LAST_UPDATE, &rest)) {
			end_paragraph(p);
			*has_last_update = article_read_date(p->article,
			    "Last update", &rest, last_update);
			in_trailer = true;
		} else if (after_blank && p->paragraph_lines == 0 &&
		    is_navigation_heading(p, &line, &rest)) {
			read_section(p, &rest);
			return;
		} else if (article_line_is_blank(&line)) {
			end_paragraph(p);
			after_blank = true;
			continue;
		} else {
			add_to_paragraph(p, &line);
		}
		after_blank = false;
	}
	end_paragraph(p);
}
