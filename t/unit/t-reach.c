/* SPDX-License-Identifier: MIT */
/* Unit tests for formats.c, feed_json.c, feed_opml.c, page_html.c and the
 * HTML mode of xml_writer.c: hostile text comes out escaped, never as
 * structure. */
#include "autoconfig.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>

#include "buffer.h"
#include "config.h"
#include "feed.h"
#include "feed_json.h"
#include "feed_opml.h"
#include "formats.h"
#include "page_html.h"
#include "tap.h"
#include "text.h"
#include "xml_writer.h"

static const char conf_text[] =
    "[site]\n"
    "title = Site <b>&</b>\n"
    "url = https://news.example.org/\n"
    "article_url = https://news.example.org/{name}.html\n"
    "articles = a\n"
    "output = o\n"
    "formats = rss, json\n"
    "hub = https://hub.example.org/ https://hub.example.net/p?a=1&b=2\n"
    "[world]\n"
    "title = World \"<script>\"\n"
    "sections = World\n"
    "[sport]\n"
    "title = Sport\n"
    "sections = Sport\n"
    "formats = atom\n";

static struct config *
load(const char *text)
{
	struct config *c = NULL;
	char err[300];

	if (config_parse("/tmp/t.conf", text, strlen(text), &c, err,
	    sizeof(err)) != 0)
		ok(false, "config: %s", err);
	return c;
}

static void
test_formats(void)
{
	unsigned set;
	char bad[48];

	ok(formats_parse("rss atom json", &set, bad, sizeof(bad)) == 0 &&
	    set == 7, "three formats");
	ok(formats_parse(" json,rss ", &set, bad, sizeof(bad)) == 0 &&
	    set == (FORMAT_BIT(FORMAT_JSON) | FORMAT_BIT(FORMAT_RSS)),
	    "commas and spaces");
	ok(formats_parse("rss xml", &set, bad, sizeof(bad)) == -1, "unknown");
	is_str(bad, "xml", "the unknown name is given");
	ok(formats_parse("atom atom", &set, bad, sizeof(bad)) == -1,
	    "repeated");
	ok(formats_parse(" , ", &set, bad, sizeof(bad)) == -1, "empty");
	ok(formats_parse("RSS", &set, bad, sizeof(bad)) == -1,
	    "names are lower case");
}

static void
test_config(void)
{
	struct config *c = load(conf_text);

	if (c == NULL)
		return;
	is_int(c->feeds[0].formats, FORMAT_BIT(FORMAT_RSS) |
	    FORMAT_BIT(FORMAT_JSON), "a feed takes the site's formats");
	is_int(c->feeds[1].formats, FORMAT_BIT(FORMAT_ATOM),
	    "a feed's own formats win");
	ok(c->pages, "pages default to yes");
	config_free(c);
	c = load("[site]\ntitle = t\nurl = https://x.org/\n"
	    "article_url = https://x.org/{name}\narticles = a\noutput = o\n"
	    "pages = no\n[all]\ntitle = All\nsections = *\n");
	if (c == NULL)
		return;
	ok(!c->pages, "pages = no");
	is_int(c->feeds[0].formats, FORMATS_DEFAULT, "default: rss atom");
	config_free(c);
}

/* A feed_document of two items, with hostile and broken text. */
static struct feed_item items[2];
static char tag_one[] = "tag \"one\"", tag_two[] = "two";
static char *tags[] = { tag_one, tag_two };

static void
make_document(struct feed_document *doc, const struct config *c)
{
	memset(doc, 0, sizeof(*doc));
	memset(items, 0, sizeof(items));
	doc->site = c;
	doc->feed = &c->feeds[0];
	doc->id = strdup("tag:x,2016:feed:world");
	feed_set_self(doc, "json");
	items[0].id = "tag:x,2016:a";
	items[0].title = "Quote \" back \\ tab\t<script>alert(1)</script>";
	items[0].link = "https://news.example.org/a.html?x=1&y=2";
	items[0].section = "World";
	items[0].author = "Ann \"A\" Author";
	items[0].summary = "ctrl \x01 bad \xff caf\xc3\xa9";
	items[0].content_html = "<p>body</p>\n";
	items[0].tags = tags;
	items[0].tag_count = 2;
	items[0].published = 1463756100;
	items[0].updated = 1463756160;
	items[1].id = "tag:x,2016:b";
	items[1].title = "B";
	items[1].link = "https://news.example.org/b.html";
	items[1].summary = "";
	items[1].content_html = "";
	items[1].published = items[1].updated = 1463756100;
	doc->items = items;
	doc->count = 2;
	doc->updated = items[0].updated;
}

static void
test_json(const struct config *c)
{
	struct feed_bytes bytes = FEED_BYTES_INIT;
	struct feed_document doc;
	struct buffer out = BUFFER_INIT;
	const char *s;

	make_document(&doc, c);
	ok(feed_write_json(&doc, &bytes) == 0, "JSON written");
	feed_bytes_join(&bytes, &out);
	s = out.data != NULL ? out.data : "";
	ok(strstr(s, "\"version\":\"https://jsonfeed.org/version/1.1\"") !=
	    NULL, "version");
	ok(strstr(s, "\"feed_url\":\"https://news.example.org/world.json\"")
	    != NULL, "feed_url is the self URL");
	ok(strstr(s, "\"title\":\"Quote \\\" back \\\\ tab\\t<script>"
	    "alert(1)</script>\"") != NULL, "quote, backslash, tab escaped");
	ok(strchr(s, '\x01') == NULL && strstr(s, "\\u0001") == NULL,
	    "a control character is dropped");
	ok(text_utf8_valid(s, out.len), "the file is UTF-8 though the "
	    "summary was not");
	ok(strstr(s, "caf\xc3\xa9") != NULL, "UTF-8 kept as it is, not "
	    "\\u-escaped");
	ok(strstr(s, "\"date_published\":\"2016-05-20T14:55:00Z\"") != NULL,
	    "date_published in RFC 3339");
	ok(strstr(s, "\"date_modified\":\"2016-05-20T14:56:00Z\"") != NULL,
	    "date_modified in RFC 3339");
	ok(strstr(s, "\"name\":\"Ann \\\"A\\\" Author\"") != NULL,
	    "the item's author");
	ok(strstr(s, "\"World\",") != NULL && strstr(s,
	    "\"tag \\\"one\\\"\"") != NULL, "section and tags are tags");
	ok(strstr(s, "\"summary\":\"\"") == NULL, "no empty summary");
	ok(strstr(s, "\"content_html\":\"\"") != NULL,
	    "content_html even when empty: the spec requires a content");
	ok(out.len > 0 && s[out.len - 1] == '\n', "ends with a newline");
	ok(strstr(s, "\"hubs\":[") != NULL && strstr(s, "\"type\":"
	    "\"WebSub\",\"url\":\"https://hub.example.org/\"") !=
	    NULL && strstr(s, "\"url\":\"https://hub.example.net/p?a=1&b=2\"")
	    != NULL, "each hub in hubs, as a WebSub endpoint");
	buffer_free(&out);
	feed_bytes_free(&bytes);
	free(doc.id);
	free(doc.self_url);
}

/* An item is dumped once: the next document takes its rendering, byte for
 * byte the same file, even when the item's text is gone by then. */
static void
test_json_rendering_kept(const struct config *c)
{
	struct feed_rendering slots[2][FEED_FORMATS];
	struct feed_bytes first = FEED_BYTES_INIT, second = FEED_BYTES_INIT;
	struct buffer a = BUFFER_INIT, b = BUFFER_INIT;
	struct feed_document doc;
	size_t i;
	bool borrowed = false;

	memset(slots, 0, sizeof(slots));
	make_document(&doc, c);
	items[0].rendered = slots[0];
	items[1].rendered = slots[1];
	ok(feed_write_json(&doc, &first) == 0 && slots[0][FEED_JSON].bytes !=
	    NULL && slots[1][FEED_JSON].bytes != NULL,
	    "each item's JSON kept in its rendering slot");
	items[0].content_html = items[0].summary = items[0].title = "gone";
	ok(feed_write_json(&doc, &second) == 0, "written again");
	for (i = 0; i < second.count; i++)
		if (second.pieces[i].iov_base == slots[0][FEED_JSON].bytes)
			borrowed = true;
	ok(borrowed, "from the kept rendering, not dumped again");
	feed_bytes_join(&first, &a);
	feed_bytes_join(&second, &b);
	ok(a.len == b.len && memcmp(a.data, b.data, a.len) == 0,
	    "the same bytes");
	buffer_free(&a);
	buffer_free(&b);
	feed_bytes_free(&first);
	feed_bytes_free(&second);
	for (i = 0; i < FEED_FORMATS; i++) {
		free(slots[0][i].bytes);
		free(slots[1][i].bytes);
	}
	free(doc.id);
	free(doc.self_url);
}

/* Writers on several threads share items: one makes a rendering, the
 * others take it once kept, or write the item for themselves meanwhile;
 * a failed rendering leaves the slot empty for the next writer. */
static void
test_rendering_claims(void)
{
	struct feed_rendering slots[FEED_FORMATS];
	struct feed_item item;
	const struct feed_rendering *got;
	bool mine;

	memset(slots, 0, sizeof(slots));
	memset(&item, 0, sizeof(item));
	ok(feed_rendering_get(&item, FEED_ATOM, &mine) == NULL && !mine,
	    "no cache: the writer writes the item itself");
	item.rendered = slots;
	ok(feed_rendering_get(&item, FEED_ATOM, &mine) == NULL && mine,
	    "an empty slot: the first writer makes it");
	ok(feed_rendering_get(&item, FEED_ATOM, &mine) == NULL && !mine,
	    "being made: another writer writes the item itself");
	ok(feed_rendering_get(&item, FEED_RSS, &mine) == NULL && mine,
	    "each format is a slot of its own");
	feed_rendering_keep(&item, FEED_RSS, NULL, 0);
	ok(feed_rendering_get(&item, FEED_RSS, &mine) == NULL && mine,
	    "a failed rendering leaves the slot empty for the next");
	feed_rendering_keep(&item, FEED_ATOM, strdup("<entry/>"), 8);
	got = feed_rendering_get(&item, FEED_ATOM, &mine);
	ok(got != NULL && !mine && got->len == 8 &&
	    strcmp(got->bytes, "<entry/>") == 0, "kept: every writer takes it");
	free(slots[FEED_ATOM].bytes);
}

/* No hub key: no hubs member (the spec has no empty list of them). */
static void
test_json_without_hubs(void)
{
	struct config *c = load("[site]\ntitle = S\nurl = https://s/\n"
	    "article_url = https://s/{name}\narticles = a\noutput = o\n"
	    "formats = json\n[all]\ntitle = All\nsections = *\n");
	struct feed_bytes bytes = FEED_BYTES_INIT;
	struct feed_document doc;
	struct buffer out = BUFFER_INIT;

	if (c == NULL)
		return;
	make_document(&doc, c);
	ok(feed_write_json(&doc, &bytes) == 0, "JSON written without hubs");
	feed_bytes_join(&bytes, &out);
	ok(out.data != NULL && strstr(out.data, "\"hubs\"") == NULL,
	    "no hubs member without a hub");
	buffer_free(&out);
	feed_bytes_free(&bytes);
	free(doc.id);
	free(doc.self_url);
	config_free(c);
}

static xmlDocPtr
parse(const struct buffer *out)
{
	return xmlReadMemory(out->data, (int)out->len, "t.xml", NULL,
	    XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NONET);
}

static void
test_opml(const struct config *c)
{
	struct buffer out = BUFFER_INIT;
	xmlDocPtr doc;
	xmlNodePtr body, n;
	int outlines = 0;

	ok(feed_write_opml(c, &out) == 0, "OPML written");
	doc = parse(&out);
	ok(doc != NULL, "OPML is well-formed");
	if (doc != NULL) {
		body = xmlDocGetRootElement(doc)->children;
		while (body != NULL && (body->type != XML_ELEMENT_NODE ||
		    strcmp((const char *)body->name, "body") != 0))
			body = body->next;
		for (n = body != NULL ? body->children : NULL; n; n = n->next)
			if (n->type == XML_ELEMENT_NODE) {
				xmlChar *url = xmlGetProp(n, (const xmlChar *)
				    "xmlUrl");
				outlines++;
				ok(url != NULL && strstr((const char *)url,
				    outlines == 1 ? "/world.rss" :
				    "/sport.atom") != NULL, "outline %d: "
				    "the feed's first format", outlines);
				xmlFree(url);
			}
		xmlFreeDoc(doc);
	}
	is_int(outlines, 2, "an outline per feed");
	ok(strstr(out.data, "World &quot;&lt;script&gt;&quot;") != NULL,
	    "titles escaped in attributes");
	buffer_free(&out);
}

static void
test_html_writer(void)
{
	struct xml_writer *w = xml_writer_new_html();
	struct buffer out = BUFFER_INIT;

	xml_writer_start(w, "html");
	xml_writer_start(w, "meta");
	xml_writer_attribute(w, "charset", "utf-8");
	xml_writer_end_void(w);
	xml_writer_start(w, "a");
	xml_writer_end(w);
	xml_writer_end(w);
	ok(xml_writer_finish(w, &out) == 0, "HTML written");
	ok(strncmp(out.data, "<!DOCTYPE html>", 15) == 0, "doctype first, "
	    "no XML declaration");
	ok(strstr(out.data, "<a></a>") != NULL, "an empty element is closed "
	    "with an end tag");
	ok(strstr(out.data, "<meta charset=\"utf-8\"/>") != NULL,
	    "a void element has none");
	buffer_free(&out);
}

static void
test_pages(const struct config *c)
{
	struct page_feed_state states[2] = { { 2, 1463756160 }, { 0, 0 } };
	struct feed_document doc;
	struct buffer out = BUFFER_INIT;
	xmlDocPtr parsed;

	make_document(&doc, c);
	ok(page_write_feed(&doc, &out) == 0, "NAME.html written");
	parsed = parse(&out);
	ok(parsed != NULL, "NAME.html is well-formed");
	xmlFreeDoc(parsed);
	ok(strstr(out.data, "<script>") == NULL, "no <script> in NAME.html");
	ok(strstr(out.data, "&lt;script&gt;alert(1)&lt;/script&gt;") != NULL,
	    "the item title escaped");
	ok(strstr(out.data, "href=\"https://news.example.org/a.html?x=1&amp;"
	    "y=2\"") != NULL, "links escaped in attributes");
	ok(strstr(out.data, "type=\"application/feed+json\"") != NULL &&
	    strstr(out.data, "type=\"application/atom+xml\"") == NULL,
	    "autodiscovery for the feed's formats only");
	ok(strstr(out.data, "datetime=\"2016-05-20T14:55:00Z\"") != NULL,
	    "item dates as <time>");
	buffer_reset(&out);
	ok(page_write_index(c, states, &out) == 0, "index.html written");
	parsed = parse(&out);
	ok(parsed != NULL, "index.html is well-formed");
	xmlFreeDoc(parsed);
	ok(strstr(out.data, "<script>") == NULL, "no <script> in index.html");
	ok(strstr(out.data, "2 items, last updated") != NULL &&
	    strstr(out.data, "0 items") != NULL, "item counts");
	ok(strstr(out.data, "href=\"world.html\"") != NULL, "links the page");
	ok(strstr(out.data, "<html lang=\"en\">") != NULL, "lang");
	buffer_reset(&out);
	ok(page_write_links(c, &out) == 0, "links written");
	ok(strstr(out.data, "<link rel=\"alternate\" type=\"application/"
	    "atom+xml\" title=\"Sport (Atom)\" href=\"https://news.example."
	    "org/sport.atom\"/>") != NULL, "a link line");
	buffer_free(&out);
	free(doc.id);
	free(doc.self_url);
}

int
main(void)
{
	struct config *c;

	test_formats();
	test_config();
	c = load(conf_text);
	if (c != NULL) {
		test_json(c);
		test_json_rendering_kept(c);
		test_opml(c);
		test_pages(c);
		config_free(c);
	}
	test_json_without_hubs();
	test_rendering_claims();
	test_html_writer();
	xmlCleanupParser();
	return tap_done();
}
