/* SPDX-License-Identifier: MIT */
/* Unit tests for xml_writer.c: text and CDATA always come back intact. */
#include "autoconfig.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>

#include "buffer.h"
#include "tap.h"
#include "xml_writer.h"

/* Writes <a>...</a> with text or CDATA and returns the parsed content. */
static char *
round_trip(const char *text, bool cdata, bool *well_formed)
{
	struct xml_writer *w = xml_writer_new();
	struct buffer out = BUFFER_INIT;
	xmlDocPtr doc;
	xmlChar *content;
	char *result = NULL;

	xml_writer_start(w, "a");
	if (cdata)
		xml_writer_cdata(w, text);
	else
		xml_writer_text(w, text);
	xml_writer_end(w);
	*well_formed = false;
	if (xml_writer_finish(w, &out) != 0)
		return NULL;
	doc = xmlReadMemory(out.data, (int)out.len, "t.xml", NULL,
	    XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (doc != NULL) {
		*well_formed = true;
		content = xmlNodeGetContent(xmlDocGetRootElement(doc));
		result = strdup((const char *)content);
		xmlFree(content);
		xmlFreeDoc(doc);
	}
	buffer_free(&out);
	return result;
}

static void
write_item(struct xml_writer *w, const char *id)
{
	xml_writer_start(w, "item");
	xml_writer_element(w, "id", id);
	xml_writer_start(w, "link");
	xml_writer_attribute(w, "href", "x&y");
	xml_writer_end(w);
	xml_writer_start(w, "body");
	xml_writer_cdata(w, "<p>a]]>b</p>\n");
	xml_writer_end(w);
	xml_writer_end(w);
}

/* Items written once as fragments and spliced between a document's head
 * and end must read exactly as if written in place. */
static void
test_fragments(void)
{
	static const char expected[] =
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<rss>\n"
	    "  <channel>\n"
	    "    <title>T</title>\n"
	    "    <item>\n"
	    "      <id>1</id>\n"
	    "      <link href=\"x&amp;y\"/>\n"
	    "      <body><![CDATA[<p>a]]]]><![CDATA[>b</p>\n]]></body>\n"
	    "    </item>\n"
	    "    <item>\n"
	    "      <id>2</id>\n"
	    "      <link href=\"x&amp;y\"/>\n"
	    "      <body><![CDATA[<p>a]]]]><![CDATA[>b</p>\n]]></body>\n"
	    "    </item>\n"
	    "  </channel>\n"
	    "</rss>\n";
	struct buffer in_place = BUFFER_INIT, spliced = BUFFER_INIT;
	struct xml_writer *w, *f;
	int rc = 0;

	w = xml_writer_new();
	xml_writer_start(w, "rss");
	xml_writer_start(w, "channel");
	xml_writer_element(w, "title", "T");
	write_item(w, "1");
	write_item(w, "2");
	xml_writer_end(w);
	xml_writer_end(w);
	rc |= xml_writer_finish(w, &in_place);
	is_str(in_place.data, expected, "a document written in place");

	w = xml_writer_new();
	xml_writer_start(w, "rss");
	xml_writer_start(w, "channel");
	xml_writer_element(w, "title", "T");
	rc |= xml_writer_take(w, &spliced);
	f = xml_writer_new_fragment(2);
	write_item(f, "1");
	rc |= xml_writer_finish(f, &spliced);
	f = xml_writer_new_fragment(2);
	write_item(f, "2");
	rc |= xml_writer_finish(f, &spliced);
	xml_writer_end(w);
	xml_writer_end(w);
	rc |= xml_writer_finish(w, &spliced);
	is_int(rc, 0, "every step of the splice succeeds");
	is_str(spliced.data, expected, "the same document from a head, two "
	    "fragments at depth 2 and an end");
	buffer_free(&in_place);
	buffer_free(&spliced);

	f = xml_writer_new_fragment(1);
	is_int(xml_writer_finish(f, &spliced), -1, "an empty fragment is an "
	    "error, not a stray wrapper");
	buffer_free(&spliced);
}

int
main(void)
{
	static const char *const texts[] = {
		"plain", "<p>a &amp; b</p>", "x]]>y", "]]>", "a]]>]]>b]]",
		"tab\tnew\nline",
	};
	bool wf;
	size_t i;
	char *got;

	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		got = round_trip(texts[i], true, &wf);
		ok(wf && got != NULL && strcmp(got, texts[i]) == 0,
		    "CDATA round trip, text %zu", i);
		free(got);
		got = round_trip(texts[i], false, &wf);
		ok(wf && got != NULL && strcmp(got, texts[i]) == 0,
		    "text round trip, text %zu", i);
		free(got);
	}
	got = round_trip("a\x01" "b\xff", true, &wf);
	ok(wf && got != NULL && strcmp(got, "ab\xef\xbf\xbd") == 0,
	    "controls dropped and bad bytes replaced even in CDATA");
	free(got);
	test_fragments();
	return tap_done();
}
