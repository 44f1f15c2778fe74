/* SPDX-License-Identifier: MIT */
/* libFuzzer harness: article bytes all the way to serialised RSS and Atom.
 * The property: whatever the bytes, both documents parse back with
 * libxml2 as well-formed XML, and every item has a title, an id and a
 * date. */
#include "autoconfig.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "buffer.h"
#include "config.h"
#include "feed.h"
#include "feed_atom.h"
#include "feed_rss.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct config *site;
/* The document's own strings (never freed: no feed_document_free here). */
static char feed_id[] = "tag:fuzz.example,2000:feed:all";
static char feed_url[] = "https://fuzz.example/all";

static const char site_text[] =
	"[site]\ntitle = Fuzz & <News>\nurl = https://fuzz.example/\n"
	"article_url = https://fuzz.example/{section}/{name}.html\n"
	"articles = a\noutput = o\ntimezone = Europe/Brussels\n"
	"[all]\ntitle = All\nsections = *\n";

/* Non-empty text in a child element named name (any namespace). */
static int
has_child_text(xmlNodePtr parent, const char *name)
{
	xmlNodePtr n;
	xmlChar *text;
	int found = 0;

	for (n = parent->children; n != NULL && !found; n = n->next) {
		if (n->type != XML_ELEMENT_NODE ||
		    strcmp((const char *)n->name, name) != 0)
			continue;
		text = xmlNodeGetContent(n);
		found = text != NULL && text[0] != '\0';
		xmlFree(text);
	}
	return found;
}

/* Parses a document back and checks every item (or entry) in it. */
static void
check_document(const struct buffer *doc, const char *item, const char *id,
    const char *date)
{
	xmlDocPtr x = xmlReadMemory(doc->data, (int)doc->len, "feed.xml",
	    NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	xmlNodePtr root, n;

	if (x == NULL)
		abort();	/* not well-formed */
	root = xmlDocGetRootElement(x);
	if (strcmp(item, "item") == 0 && root != NULL)
		root = root->children;
	for (; root != NULL && strcmp((const char *)root->name, "channel") != 0
	    && strcmp((const char *)root->name, "feed") != 0; root = root->next)
		;
	if (root == NULL)
		abort();
	for (n = root->children; n != NULL; n = n->next)
		if (n->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)n->name, item) == 0 &&
		    (!has_child_text(n, "title") || !has_child_text(n, id) ||
		    !has_child_text(n, date)))
			abort();
	xmlFreeDoc(x);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct feed_bytes atom_pieces = FEED_BYTES_INIT, rss_pieces = FEED_BYTES_INIT;
	struct buffer atom = BUFFER_INIT, rss = BUFFER_INIT;
	struct feed_document doc;
	struct feed_item item;
	struct article a;
	char err[1024];

	if (site == NULL && config_parse("/fuzz/feedd.conf", site_text,
	    strlen(site_text), &site, err, sizeof(err)) != 0)
		abort();
	if (article_parse((const char *)data, size, &a, err, sizeof(err)) != 0)
		return 0;
	if (!a.has_date)
		a.published = a.updated = 1463756100;
	memset(&item, 0, sizeof(item));
	item.id = a.id != NULL ? a.id : "tag:fuzz.example,2000:x";
	item.title = a.title;
	item.link = a.link != NULL ? a.link : "https://fuzz.example/x";
	item.section = a.section;
	item.author = a.author;
	item.summary = a.summary;
	item.content_html = a.content_html;
	item.tags = a.tags;
	item.tag_count = a.tag_count;
	item.updated = a.updated;
	item.published = a.published;
	memset(&doc, 0, sizeof(doc));
	doc.site = site;
	doc.feed = &site->feeds[0];
	doc.id = feed_id;
	doc.self_url = feed_url;
	doc.updated = a.updated;
	doc.items = &item;
	doc.count = 1;
	if (feed_write_atom(&doc, &atom_pieces) != 0 ||
	    feed_write_rss(&doc, &rss_pieces) != 0)
		abort();
	feed_bytes_join(&atom_pieces, &atom);
	feed_bytes_join(&rss_pieces, &rss);
	feed_bytes_free(&atom_pieces);
	feed_bytes_free(&rss_pieces);
	check_document(&atom, "entry", "id", "updated");
	check_document(&rss, "item", "guid", "pubDate");
	buffer_free(&atom);
	buffer_free(&rss);
	article_free(&a);
	return 0;
}
