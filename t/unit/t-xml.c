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
	return tap_done();
}
