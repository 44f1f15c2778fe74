/* SPDX-License-Identifier: MIT */
/* xml_writer: a thin, checked wrapper over xmlTextWriter writing to memory.
 * Thread-safe: each writer is its own, libxml2 is set up once. */
#include "autoconfig.h"

#include <libxml/parser.h>
#include <libxml/xmlwriter.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "xalloc.h"
#include "xml_writer.h"

struct xml_writer {
	xmlBufferPtr buffer;
	xmlTextWriterPtr writer;
	bool failed;
	bool html;		/* end tags always written in full */
	/* A fragment's first bytes are the start tags of the elements that
	 * give it its depth: they end at the first newline after `skip`. */
	bool fragment;
	bool skipped;
	size_t skip;
	struct buffer scratch;	/* cleaned copies of unclean strings */
};

static const xmlChar *
x(const char *s)
{
	return (const xmlChar *)s;
}

static void
check(struct xml_writer *w, int rc)
{
	if (rc < 0)
		w->failed = true;
}

/* Articles are cleaned when parsed; this is the last line of defence. */
static const char *
clean(struct xml_writer *w, const char *s)
{
	size_t len = strlen(s);

	if (text_is_xml_clean(s, len))
		return s;
	buffer_reset(&w->scratch);
	text_append_xml_clean(&w->scratch, s, len);
	return w->scratch.data != NULL ? w->scratch.data : "";
}

/* libxml2 sets up its globals (encodings, the memory functions) on first
 * use, which is not thread-safe: feeds are serialised on several threads
 * at once, so the first writer of the process does it, once. */
static pthread_once_t libxml2_ready = PTHREAD_ONCE_INIT;

static void
init_libxml2(void)
{
	xmlInitParser();
}

static struct xml_writer *
writer_new(void)
{
	struct xml_writer *w = xcalloc(1, sizeof(*w));

	pthread_once(&libxml2_ready, init_libxml2);
	w->buffer = xmlBufferCreate();
	if (w->buffer != NULL)
		w->writer = xmlNewTextWriterMemory(w->buffer, 0);
	if (w->writer == NULL) {
		w->failed = true;
		return w;
	}
	check(w, xmlTextWriterSetIndent(w->writer, 1));
	check(w, xmlTextWriterSetIndentString(w->writer, x("  ")));
	return w;
}

struct xml_writer *
xml_writer_new(void)
{
	struct xml_writer *w = writer_new();

	if (!w->failed)
		check(w, xmlTextWriterStartDocument(w->writer, "1.0", "UTF-8",
		    NULL));
	return w;
}

struct xml_writer *
xml_writer_new_html(void)
{
	struct xml_writer *w = writer_new();

	w->html = true;
	/* Indenting would put white space inside inline runs ("import
	 * <a>...</a> ." shows a space before the full stop). */
	if (!w->failed)
		check(w, xmlTextWriterSetIndent(w->writer, 0));
	if (!w->failed)
		check(w, xmlTextWriterStartDTD(w->writer, x("html"), NULL,
		    NULL));
	if (!w->failed)
		check(w, xmlTextWriterEndDTD(w->writer));
	return w;
}

/* Elements nobody sees stand in for the document around the fragment, so
 * that libxml2 indents it as it would there. */
struct xml_writer *
xml_writer_new_fragment(int depth)
{
	struct xml_writer *w = writer_new();
	int i;

	w->fragment = true;
	for (i = 0; i < depth && !w->failed; i++)
		check(w, xmlTextWriterStartElement(w->writer, x("x")));
	if (!w->failed)
		check(w, xmlTextWriterFlush(w->writer));
	if (!w->failed)
		w->skip = (size_t)xmlBufferLength(w->buffer);
	return w;
}

void
xml_writer_start(struct xml_writer *w, const char *name)
{
	if (!w->failed)
		check(w, xmlTextWriterStartElement(w->writer, x(name)));
}

void
xml_writer_attribute(struct xml_writer *w, const char *name,
    const char *value)
{
	if (!w->failed)
		check(w, xmlTextWriterWriteAttribute(w->writer, x(name),
		    x(clean(w, value))));
}

void
xml_writer_text(struct xml_writer *w, const char *text)
{
	if (!w->failed)
		check(w, xmlTextWriterWriteString(w->writer, x(clean(w, text))));
}

void
xml_writer_cdata(struct xml_writer *w, const char *text)
{
	const char *s, *end;
	char *part;

	if (w->failed)
		return;
	s = clean(w, text);
	while ((end = strstr(s, "]]>")) != NULL) {
		part = xstrndup(s, (size_t)(end - s) + 2);
		check(w, xmlTextWriterWriteCDATA(w->writer, x(part)));
		free(part);
		s = end + 2;
	}
	check(w, xmlTextWriterWriteCDATA(w->writer, x(s)));
}

void
xml_writer_end(struct xml_writer *w)
{
	if (!w->failed)
		check(w, w->html ? xmlTextWriterFullEndElement(w->writer) :
		    xmlTextWriterEndElement(w->writer));
}

void
xml_writer_end_void(struct xml_writer *w)
{
	if (!w->failed)
		check(w, xmlTextWriterEndElement(w->writer));
}

void
xml_writer_element(struct xml_writer *w, const char *name, const char *text)
{
	xml_writer_start(w, name);
	xml_writer_text(w, text);
	xml_writer_end(w);
}

int
xml_writer_take(struct xml_writer *w, struct buffer *out)
{
	const char *bytes, *newline;
	size_t len, from = 0;

	if (!w->failed)
		check(w, xmlTextWriterFlush(w->writer));
	if (w->failed)
		return -1;
	bytes = (const char *)xmlBufferContent(w->buffer);
	len = (size_t)xmlBufferLength(w->buffer);
	if (w->fragment && !w->skipped) {
		newline = w->skip <= len ? memchr(bytes + w->skip, '\n',
		    len - w->skip) : NULL;
		if (newline == NULL) {
			w->failed = true;	/* nothing written in it yet */
			return -1;
		}
		from = (size_t)(newline + 1 - bytes);
		w->skipped = true;
	}
	buffer_append(out, bytes + from, len - from);
	xmlBufferEmpty(w->buffer);
	return 0;
}

int
xml_writer_finish(struct xml_writer *w, struct buffer *out)
{
	int rc = -1;

	/* A fragment stops where it is: ending the document would close
	 * the elements standing in for the one around it. */
	if (!w->failed && !w->fragment)
		check(w, xmlTextWriterEndDocument(w->writer));
	if (!w->failed)
		rc = xml_writer_take(w, out);
	if (w->writer != NULL)
		xmlFreeTextWriter(w->writer);
	if (w->buffer != NULL)
		xmlBufferFree(w->buffer);
	buffer_free(&w->scratch);
	free(w);
	return rc;
}
