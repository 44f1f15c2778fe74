/* SPDX-License-Identifier: MIT */
/* article: the whole of an article's parse (BOM, NUL bytes, encoding,
 * line ends, limits, dates) and its optional header block; the text after
 * the header is article_body.c's. */
#include "autoconfig.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "article.h"
#include "article_parser.h"
#include "buffer.h"
#include "date_parse.h"
#include "text.h"
#include "timefmt.h"
#include "url.h"
#include "xalloc.h"

/* Bytes of a refused date quoted in its warning. */
#define SHOWN_DATE_MAX 80

void
article_warning(struct article *a, const char *fmt, ...)
{
	va_list ap;
	char msg[512];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	a->warnings = xreallocarray(a->warnings, a->warning_count + 1,
	    sizeof(*a->warnings));
	a->warnings[a->warning_count++] = xstrdup(msg);
}

bool
article_next_line(struct parser *p, struct line *line)
{
	const char *nl;

	if (p->pos >= p->end)
		return false;
	nl = memchr(p->pos, '\n', (size_t)(p->end - p->pos));
	line->start = p->pos;
	line->end = nl != NULL ? nl : p->end;
	p->pos = nl != NULL ? nl + 1 : p->end;
	return true;
}

char *
article_trimmed_copy(const char *start, const char *end)
{
	text_trim(&start, &end);
	return xstrndup(start, (size_t)(end - start));
}

bool
article_line_is_blank(const struct line *line)
{
	return text_is_blank(line->start, line->end);
}

bool
article_read_date(struct article *a, const char *what,
    const struct line *value, time_t *out)
{
	struct civil_time civil;
	char err[200];
	int len = (int)(value->end - value->start);
	int shown = len > SHOWN_DATE_MAX ? SHOWN_DATE_MAX : len;
	int rc, weekday;

	rc = date_parse(value->start, (size_t)len, &civil, err,
	    sizeof(err));
	if (rc == 0)
		rc = timefmt_to_time(&civil, out, err, sizeof(err));
	if (rc != 0) {
		article_warning(a, "unreadable %s '%.*s': %s", what, shown,
		    value->start, err);
		return false;
	}
	weekday = calendar_weekday(civil.year, civil.month, civil.day);
	if (civil.weekday >= 0 && civil.weekday != weekday)
		article_warning(a, "%s '%.*s' names the wrong weekday: "
		    "%04d-%02d-%02d is a %s; using the date", what, shown,
		    value->start, civil.year, civil.month, civil.day,
		    calendar_weekday_names[weekday]);
	return true;
}

enum header_key {
	HEADER_NONE = -1,
	HEADER_TITLE, HEADER_DATE, HEADER_UPDATED, HEADER_SECTION,
	HEADER_AUTHOR, HEADER_SUMMARY, HEADER_ID, HEADER_LINK, HEADER_TAGS,
};

static const char *const header_names[] = {
	"Title", "Date", "Updated", "Section", "Author", "Summary", "Id",
	"Link", "Tags",
};

/* "Key: value" with a known key; *value gets the trimmed value. */
static enum header_key
header_line(const struct line *line, struct line *value)
{
	const char *colon = memchr(line->start, ':',
	    (size_t)(line->end - line->start));
	size_t i, len;

	if (colon == NULL)
		return HEADER_NONE;
	len = (size_t)(colon - line->start);
	for (i = 0; i < sizeof(header_names) / sizeof(header_names[0]); i++) {
		if (len == strlen(header_names[i]) &&
		    strncasecmp(line->start, header_names[i], len) == 0) {
			value->start = colon + 1;
			value->end = line->end;
			text_trim(&value->start, &value->end);
			return (enum header_key)i;
		}
	}
	return HEADER_NONE;
}

static void
add_tags(struct article *a, const struct line *value)
{
	const char *s = value->start, *comma;

	while (s < value->end) {
		comma = memchr(s, ',', (size_t)(value->end - s));
		if (comma == NULL)
			comma = value->end;
		if (!text_is_blank(s, comma)) {
			a->tags = xreallocarray(a->tags, a->tag_count + 1,
			    sizeof(*a->tags));
			a->tags[a->tag_count++] = article_trimmed_copy(s,
			    comma);
		}
		s = comma + 1;
	}
}

static void
replace_string(char **field, const struct line *value)
{
	free(*field);
	*field = xstrndup(value->start, (size_t)(value->end - value->start));
}

static void
apply_header(struct parser *p, enum header_key key, const struct line *v)
{
	struct article *a = p->article;
	const char *problem;

	if (v->start == v->end)
		return;
	switch (key) {
	case HEADER_TITLE: replace_string(&p->header_title, v); break;
	case HEADER_SUMMARY: replace_string(&p->header_summary, v); break;
	case HEADER_SECTION: replace_string(&a->section, v); break;
	case HEADER_AUTHOR: replace_string(&a->author, v); break;
	case HEADER_ID: replace_string(&a->id, v); break;
	case HEADER_TAGS: add_tags(a, v); break;
	case HEADER_DATE:
		p->has_header_date = article_read_date(a, "Date header", v,
		    &p->header_date);
		break;
	case HEADER_UPDATED:
		p->has_header_updated = article_read_date(a,
		    "Updated header", v, &p->header_updated);
		break;
	case HEADER_LINK:
		replace_string(&a->link, v);
		if ((problem = url_problem(a->link)) != NULL) {
			article_warning(a, "Link header '%.80s' is not a usable "
			    "URL: %s; the article_url link is used instead",
			    a->link, problem);
			free(a->link);
			a->link = NULL;
		}
		break;
	case HEADER_NONE:
		break;
	}
}

/* "---" front matter: every line up to the closing "---" is a header. */
static int
parse_front_matter(struct parser *p, char *err, size_t errlen)
{
	struct line line, value;
	enum header_key key;

	while (article_next_line(p, &line)) {
		const char *s = line.start, *e = line.end;

		text_trim(&s, &e);
		if (e - s == 3 && memcmp(s, "---", 3) == 0)
			return 0;
		if (s == e)
			continue;
		key = header_line(&line, &value);
		if (key == HEADER_NONE)
			article_warning(p->article, "header line '%.*s' "
			    "ignored: not a known Key: value",
			    (int)(e - s > 60 ? 60 : e - s), s);
		else
			apply_header(p, key, &value);
	}
	snprintf(err, errlen, "header block opened with '---' is never closed");
	return -1;
}

/* A bare header block counts only when every line up to the first blank one
 * is a known "Key: value": a title such as "Update: talks resume" is text. */
static void
parse_bare_header(struct parser *p)
{
	const char *start = p->pos;
	struct line line, value;

	while (article_next_line(p, &line) && !article_line_is_blank(&line))
		if (header_line(&line, &value) == HEADER_NONE) {
			p->pos = start;
			return;
		}
	p->pos = start;
	while (article_next_line(p, &line) && !article_line_is_blank(&line)) {
		enum header_key key = header_line(&line, &value);
		apply_header(p, key, &value);
	}
}

static int
parse_header(struct parser *p, char *err, size_t errlen)
{
	const char *start = p->pos;
	struct line line, value;
	const char *s, *e;

	if (!article_next_line(p, &line))
		return 0;
	s = line.start;
	e = line.end;
	text_trim(&s, &e);
	if (e - s == 3 && memcmp(s, "---", 3) == 0)
		return parse_front_matter(p, err, errlen);
	p->pos = start;
	if (header_line(&line, &value) != HEADER_NONE)
		parse_bare_header(p);
	return 0;
}

static void
settle_dates(struct parser *p, time_t last_update, bool has_last_update)
{
	struct article *a = p->article;
	bool has_updated = p->has_header_updated || has_last_update;
	time_t updated = p->has_header_updated ? p->header_updated :
	    last_update;

	if (p->has_header_date) {
		a->has_published = true;
		a->published = p->header_date;
		a->updated = has_updated && updated > p->header_date ?
		    updated : p->header_date;
		a->has_date = true;
	} else if (has_updated) {
		a->published = a->updated = updated;
		a->has_date = true;
	}
}

/* Replaces the input with a copy that is UTF-8, has LF line ends and holds
 * only characters XML allows, when it is not all that already. */
static const char *
normalise(struct article *a, const char *bytes, size_t *len,
    struct buffer *copy)
{
	struct buffer decoded = BUFFER_INIT;
	const char *src = bytes;
	size_t n = *len, i, dropped;
	bool has_cr;

	/* Clean text holds no CR (text.h): one pass settles most files. */
	if (text_is_xml_clean(bytes, n))
		return bytes;
	has_cr = memchr(bytes, '\r', n) != NULL;
	if (!text_utf8_valid(bytes, n)) {
		article_warning(a, "not valid UTF-8: read as Windows-1252");
		text_decode_cp1252(bytes, n, &decoded);
		src = decoded.data;
		n = decoded.len;
	}
	if (has_cr) {
		struct buffer lf = BUFFER_INIT;
		for (i = 0; i < n; i++) {
			if (src[i] != '\r')
				buffer_append_char(&lf, src[i]);
			else if (i + 1 >= n || src[i + 1] != '\n')
				buffer_append_char(&lf, '\n');
		}
		buffer_free(&decoded);
		decoded = lf;
		src = decoded.data != NULL ? decoded.data : "";
		n = decoded.len;
	}
	dropped = text_append_xml_clean(copy, src, n);
	if (dropped > 0)
		article_warning(a, "removed %zu control character%s that XML "
		    "cannot carry", dropped, dropped == 1 ? "" : "s");
	buffer_free(&decoded);
	*len = copy->len;
	return copy->data != NULL ? copy->data : "";
}

/* Cuts a title over the limit at a character boundary and marks the cut. */
static void
limit_title(struct article *a)
{
	size_t len = strlen(a->title);
	char *cut;

	if (len <= ARTICLE_MAX_TITLE)
		return;
	cut = text_cut_with_ellipsis(a->title, len, ARTICLE_MAX_TITLE);
	free(a->title);
	a->title = cut;
	article_warning(a, "title of %zu bytes cut to %d", len,
	    ARTICLE_MAX_TITLE);
}

static void
parser_free(struct parser *p)
{
	buffer_free(&p->body);
	buffer_free(&p->paragraph);
	free(p->header_title);
	free(p->header_summary);
}

static int
parse(const char *bytes, size_t len, struct article *a, bool metadata_only,
    char *err, size_t errlen)
{
	struct buffer copy = BUFFER_INIT;
	struct parser p;
	time_t last_update = 0;
	bool has_last_update = false;
	const char *text;
	int rc = -1;

	memset(a, 0, sizeof(*a));
	memset(&p, 0, sizeof(p));
	if (len >= 3 && memcmp(bytes, "\xEF\xBB\xBF", 3) == 0) {
		bytes += 3;
		len -= 3;
	}
	if (memchr(bytes, '\0', len) != NULL) {
		snprintf(err, errlen, "binary file (it contains NUL bytes)");
		return -1;
	}
	if (text_is_blank(bytes, bytes + len)) {
		snprintf(err, errlen, "empty file");
		return -1;
	}
	text = normalise(a, bytes, &len, &copy);
	p.metadata_only = metadata_only;
	p.pos = text;
	p.end = text + len;
	p.article = a;
	if (parse_header(&p, err, errlen) != 0)
		goto out;
	article_parse_title(&p);
	if (a->title == NULL || a->title[0] == '\0') {
		snprintf(err, errlen, "no title (the first line is the title)");
		goto out;
	}
	limit_title(a);
	article_parse_body(&p, &last_update, &has_last_update);
	settle_dates(&p, last_update, has_last_update);
	if (!metadata_only) {
		if (p.header_summary != NULL) {
			free(a->summary);
			a->summary = article_summary_of(p.header_summary,
			    strlen(p.header_summary));
		}
		if (a->summary == NULL)
			a->summary = xstrdup("");
		a->content_html = buffer_take(&p.body);
	}
	rc = 0;
out:
	parser_free(&p);
	buffer_free(&copy);
	if (rc != 0)
		article_free(a);
	return rc;
}

int
article_parse(const char *bytes, size_t len, struct article *a, char *err,
    size_t errlen)
{
	return parse(bytes, len, a, false, err, errlen);
}

int
article_parse_metadata(const char *bytes, size_t len, struct article *a,
    char *err, size_t errlen)
{
	return parse(bytes, len, a, true, err, errlen);
}

void
article_drop_content(struct article *a)
{
	free(a->summary);
	free(a->content_html);
	a->summary = NULL;
	a->content_html = NULL;
}

void
article_drop_warnings(struct article *a)
{
	size_t i;

	for (i = 0; i < a->warning_count; i++)
		free(a->warnings[i]);
	free(a->warnings);
	a->warnings = NULL;
	a->warning_count = 0;
}

void
article_free(struct article *a)
{
	size_t i;

	free(a->title);
	free(a->section);
	free(a->author);
	free(a->id);
	free(a->link);
	for (i = 0; i < a->tag_count; i++)
		free(a->tags[i]);
	free(a->tags);
	article_drop_content(a);
	article_drop_warnings(a);
	memset(a, 0, sizeof(*a));
}
