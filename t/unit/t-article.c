/* SPDX-License-Identifier: MIT */
/* Unit tests for article.c on the real newsroom export and on edge cases. */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "buffer.h"
#include "tap.h"
#include "timefmt.h"

#define REAL_ARTICLE "/example/articles/000_fdbb7cce0301ea7d.txt"

static int
read_file(const char *path, struct buffer *out)
{
	char chunk[4096];
	size_t n;
	FILE *f = fopen(path, "rb");

	if (f == NULL)
		return -1;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buffer_append(out, chunk, n);
	fclose(f);
	return 0;
}

static int
parse_string(const char *text, struct article *a, char *err, size_t errlen)
{
	return article_parse(text, strlen(text), a, err, errlen);
}

static bool
has_warning(const struct article *a, const char *needle)
{
	size_t i;

	for (i = 0; i < a->warning_count; i++)
		if (strstr(a->warnings[i], needle) != NULL)
			return true;
	return false;
}

static void
test_real_article(void)
{
	const char *srcdir = getenv("SRCDIR");
	struct buffer bytes = BUFFER_INIT;
	struct article a;
	char path[4096], err[300];

	snprintf(path, sizeof(path), "%s" REAL_ARTICLE, srcdir ? srcdir : ".");
	if (!ok(read_file(path, &bytes) == 0, "read %s", path))
		return;
	if (!is_int(article_parse(bytes.data, bytes.len, &a, err, sizeof(err)),
	    0, "the real article parses"))
		return;
	is_str(a.title, "NATO\xc2\xa0to seek new meeting with Russia; Moscow "
	    "says it wasn't consulted", "exact title, with its U+00A0");
	is_int(a.updated, 1463756100,
	    "updated 2016-05-20 16:55 Europe/Brussels");
	is_int(a.published, a.updated, "published = updated without a Date");
	ok(a.has_date, "has a date");
	is_str(a.section, "World", "section from 'More from World'");
	is_str(a.summary, "NATO\xc2\xa0will seek a meeting with Russia before "
	    "leaders of the military alliance meet in July, Secretary General "
	    "Jens Stoltenberg announced Friday, but officials in Moscow said "
	    "this move was news to them.", "summary is the first paragraph");
	ok(strstr(a.content_html, "HRW decries") == NULL &&
	    strstr(a.content_html, "More from") == NULL &&
	    strstr(a.content_html, "Last update") == NULL,
	    "no navigation or trailer in the body");
	ok(strstr(a.content_html, "<p>The NATO\xc2\xa0ministers on Friday "
	    "also held talks") != NULL, "last paragraph kept, NBSP intact");
	is_int(a.warning_count, 0, "no warnings");
	ok(strncmp(a.content_html, "<p>NATO", 7) == 0,
	    "body starts with the first paragraph, not the title");
	{
		struct article m;
		is_int(article_parse_metadata(bytes.data, bytes.len, &m, err,
		    sizeof(err)), 0, "metadata-only parse");
		ok(strcmp(m.title, a.title) == 0 && m.updated == a.updated &&
		    strcmp(m.section, a.section) == 0,
		    "same title, date and section as the full parse");
		ok(m.summary == NULL && m.content_html == NULL,
		    "and no summary or body");
		article_free(&m);
	}
	article_free(&a);
	buffer_free(&bytes);
}

static void
test_rejections(void)
{
	struct article a;
	char err[300];

	is_int(article_parse("", 0, &a, err, sizeof(err)), -1, "empty refused");
	ok(strstr(err, "empty") != NULL, "reason says empty");
	is_int(parse_string(" \n\xc2\xa0\n\n", &a, err, sizeof(err)), -1,
	    "white space only refused");
	is_int(article_parse("GIF89a\0\0\1", 9, &a, err, sizeof(err)), -1,
	    "NUL bytes refused as binary");
	ok(strstr(err, "binary") != NULL, "reason says binary");
	is_int(parse_string("---\nTitle: x\n", &a, err, sizeof(err)), -1,
	    "unclosed front matter refused");
}

static void
test_layout_variants(void)
{
	struct article a;
	char err[300];

	is_int(parse_string("\xef\xbb\xbfTitle\r\n\r\nOne\r\ntwo.\r\n\r\n"
	    "Last update: Sat, 21/05/2016 - 09:00\r\n", &a, err, sizeof(err)),
	    0, "BOM and CRLF accepted");
	is_str(a.title, "Title", "title without BOM or CR");
	is_str(a.summary, "One two.", "soft-wrapped lines joined");
	ok(a.section == NULL, "no section without 'More from'");
	article_free(&a);

	is_int(parse_string("T\n\nBody.\n\nLast update: Mon, 20/05/2016 - "
	    "10:00\n\nMore from Europe\n\nHeadline\n", &a, err, sizeof(err)), 0,
	    "wrong weekday still parses");
	ok(has_warning(&a, "wrong weekday"), "wrong weekday is warned about");
	is_int(a.updated, 1463731200, "the numbers win over the weekday");
	is_str(a.section, "Europe", "section Europe");
	article_free(&a);

	is_int(parse_string("T\n\nBody.\n\nLast update: Mon, 32/13/2016 - "
	    "10:00\n", &a, err, sizeof(err)), 0, "impossible date parses");
	ok(!a.has_date, "impossible date leaves the article undated");
	ok(has_warning(&a, "unreadable Last update"), "and is warned about");
	article_free(&a);

	/* The Last update line takes every form a Date header takes; a
	 * written offset wins over the configured zone (Europe/Brussels). */
	is_int(parse_string("T\n\nBody.\n\nLast update: "
	    "2016-05-20T16:55:00+05:00\n", &a, err, sizeof(err)), 0,
	    "ISO 8601 Last update parses");
	ok(a.has_date && a.updated == 1463745300,
	    "its offset wins over the zone");
	ok(a.warning_count == 0, "without a warning");
	article_free(&a);
	is_int(parse_string("T\n\nBody.\n\nLast update: Fri, 20 May 2016 "
	    "16:55:00 +0200\n", &a, err, sizeof(err)), 0,
	    "RFC 2822 Last update parses");
	is_int(a.updated, 1463756100, "RFC 2822 Last update read");
	article_free(&a);
	is_int(parse_string("T\n\nBody.\n\nLast update: Fri, 20/05/2016 - "
	    "4:55 PM\n", &a, err, sizeof(err)), 0,
	    "12-hour Last update parses");
	is_int(a.updated, 1463756100, "4:55 PM read as 16:55 in the zone");
	article_free(&a);

	is_int(parse_string("Just a title\n\nAnd a paragraph.", &a, err,
	    sizeof(err)), 0, "no trailer at all");
	ok(!a.has_date, "undated without a trailer");
	is_str(a.content_html, "<p>And a paragraph.</p>\n", "body kept");
	article_free(&a);

	is_int(parse_string("T\n\nMore from the interview: he said no.\n\n"
	    "End.", &a, err, sizeof(err)), 0, "'More from' inside the text");
	ok(strstr(a.content_html, "he said no") != NULL,
	    "a body paragraph starting 'More from' is kept");
	article_free(&a);

	is_int(parse_string("T\x01itle\n\nA\x1b" "b <script>&\n", &a, err,
	    sizeof(err)), 0, "control characters parse");
	is_str(a.title, "Title", "controls removed from the title");
	is_str(a.content_html, "<p>Ab &lt;script&gt;&amp;</p>\n",
	    "controls removed, markup escaped");
	ok(has_warning(&a, "control character"), "removal is warned about");
	article_free(&a);

	is_int(parse_string("Caf\xe9 \x93ok\x94\n\nx", &a, err, sizeof(err)),
	    0, "Windows-1252 parses");
	is_str(a.title, "Caf\xc3\xa9 \xe2\x80\x9cok\xe2\x80\x9d",
	    "decoded as Windows-1252");
	ok(has_warning(&a, "Windows-1252"), "decoding is warned about");
	article_free(&a);
}

static void
test_headers(void)
{
	struct article a;
	char err[300];

	is_int(parse_string("Title: From header\nDate: 2016-05-01T08:00:00Z\n"
	    "Updated: 2016-05-02 10:00\nSection: Business\nAuthor: A. Writer\n"
	    "Id: urn:uuid:1\nTags: markets, Oil ,\nSummary: Short.\n"
	    "Link: https://example.org/x\n\nFirst paragraph.\n", &a, err,
	    sizeof(err)), 0, "bare header block");
	is_str(a.title, "From header", "Title header");
	is_int(a.published, 1462089600, "Date header is published");
	is_int(a.updated, 1462176000, "Updated header (local time)");
	is_str(a.section, "Business", "Section header");
	is_str(a.author, "A. Writer", "Author header");
	is_str(a.id, "urn:uuid:1", "Id header");
	is_int(a.tag_count, 2, "two tags, empty ones dropped");
	ok(a.tag_count == 2 && strcmp(a.tags[1], "Oil") == 0, "tags trimmed");
	is_str(a.summary, "Short.", "Summary header");
	is_str(a.link, "https://example.org/x", "Link header");
	is_str(a.content_html, "<p>First paragraph.</p>\n",
	    "with a Title header the text is all body");
	article_free(&a);

	is_int(parse_string("---\ntitle: Front\nsection: Sport\n---\nFront\n\n"
	    "Body.\n\nLast update: Fri, 20/05/2016 - 16:55\n\nMore from World",
	    &a, err, sizeof(err)), 0, "front matter");
	is_str(a.title, "Front", "title from front matter");
	is_str(a.section, "Sport", "the header wins over 'More from'");
	is_str(a.content_html, "<p>Body.</p>\n", "repeated title line skipped");
	article_free(&a);

	is_int(parse_string("Update: talks resume\n\nBody.", &a, err,
	    sizeof(err)), 0, "title that looks like a header");
	is_str(a.title, "Update: talks resume", "unknown key: it is a title");
	article_free(&a);

	is_int(parse_string("Link: javascript:alert(1)\n\nT\n\nB", &a, err,
	    sizeof(err)), 0, "non-http Link");
	ok(a.link == NULL, "non-http Link header ignored");
	ok(has_warning(&a, "not an absolute"), "and warned about");
	article_free(&a);
}

static void
test_limits(void)
{
	struct buffer text = BUFFER_INIT;
	struct article a;
	char err[300];
	int i;

	for (i = 0; i < 300; i++)
		buffer_append_string(&text, "\xc3\xa9");	/* 600 bytes */
	buffer_append_string(&text, "\n\n");
	for (i = 0; i < 2100; i++)
		buffer_append_string(&text, "P.\n\n");
	is_int(article_parse(text.data, text.len, &a, err, sizeof(err)), 0,
	    "an article over the limits parses");
	is_int(strlen(a.title), ARTICLE_MAX_TITLE - 1,
	    "title cut at a character boundary, with an ellipsis");
	ok(strcmp(a.title + strlen(a.title) - 3, "\xe2\x80\xa6") == 0,
	    "the cut is marked by U+2026");
	ok(has_warning(&a, "cut to"), "the cut is warned about");
	ok(has_warning(&a, "more than 2000 paragraphs"), "paragraph limit "
	    "warned about");
	is_int(strlen(a.content_html), 2000 * strlen("<p>P.</p>\n"),
	    "only the first 2000 paragraphs kept");
	article_free(&a);
	buffer_reset(&text);
	buffer_append_string(&text, "T\n\n");
	for (i = 0; i < 3000; i++)
		buffer_append_string(&text, "word ");
	is_int(article_parse(text.data, text.len, &a, err, sizeof(err)), 0,
	    "a long first paragraph");
	ok(strlen(a.summary) <= ARTICLE_MAX_SUMMARY,
	    "the summary is cut to the limit");
	article_free(&a);
	buffer_free(&text);
}

int
main(void)
{
	char err[200];

	if (timefmt_set_zone("Europe/Brussels", err, sizeof(err)) != 0) {
		printf("1..0 # SKIP no tzdata: %s\n", err);
		return 0;
	}
	test_real_article();
	test_rejections();
	test_layout_variants();
	test_headers();
	test_limits();
	return tap_done();
}
