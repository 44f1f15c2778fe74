/* SPDX-License-Identifier: MIT */
/* feed_json: a JSON Feed document, its head and each item built as jansson
 * trees and dumped on one line each. An item is dumped once and kept in its
 * rendering slot (FEED_JSON), as the XML writers keep theirs, so that an
 * edit serialises only what changed; the document is the head's object
 * with the items' array spliced in, every string escaped by jansson.
 *
 * jansson rather than json-c: objects keep the order keys were set in, so
 * an unchanged feed dumps to the same bytes and is never rewritten; one
 * owner per value (the *_new setters steal references), which keeps every
 * free in one place; strings are checked as UTF-8 when made and escaped
 * by the library (control characters, quotes, backslashes), never by
 * hand; and it is small, stable and well kept in Debian. */
#include "autoconfig.h"

#include <jansson.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "buffer.h"
#include "feed_json.h"
#include "text.h"
#include "timefmt.h"

#define JSON_FEED_VERSION "https://jsonfeed.org/version/1.1"

/* jansson seeds its hash tables on first use: done once, before any
 * thread makes an object, as feeds are serialised on several at once. */
static pthread_once_t jansson_ready = PTHREAD_ONCE_INIT;

static void
seed_jansson(void)
{
	json_object_seed(0);
}

static json_t *
new_object(void)
{
	pthread_once(&jansson_ready, seed_jansson);
	return json_object();
}

/* Articles are cleaned when parsed: this catches anything that was not,
 * since jansson refuses strings that are not UTF-8. A clean string is
 * valid UTF-8 (text.h), so jansson need not check it again: an item's
 * text is checked once, not twice. */
static json_t *
string(const char *s)
{
	struct buffer clean = BUFFER_INIT;
	size_t len = strlen(s);
	json_t *value;

	if (text_is_xml_clean(s, len))
		return json_stringn_nocheck(s, len);
	text_append_xml_clean(&clean, s, len);
	value = json_stringn_nocheck(clean.data != NULL ? clean.data : "",
	    clean.len);
	buffer_free(&clean);
	return value;
}

/* A NULL value (jansson out of memory, or a bad string) fails the
 * object, which dump_feed then sees. */
static void
set(json_t *object, const char *key, json_t *value, int *rc)
{
	if (value == NULL || json_object_set_new(object, key, value) != 0)
		*rc = -1;
}

static void
set_date(json_t *object, const char *key, time_t t, int *rc)
{
	char text[TIMEFMT_SIZE];

	timefmt_rfc3339(t, text);
	set(object, key, json_string(text), rc);
}

static json_t *
authors(const char *name)
{
	json_t *author = new_object(), *list = json_array();
	int rc = 0;

	if (author == NULL || list == NULL) {
		json_decref(author);
		json_decref(list);
		return NULL;
	}
	set(author, "name", string(name), &rc);
	if (rc != 0 || json_array_append_new(list, author) != 0) {
		json_decref(list);
		return NULL;
	}
	return list;
}

/* The section first, then the tags: the categories of the Atom entry. */
static json_t *
tags(const struct feed_item *item)
{
	json_t *list = json_array();
	size_t i;

	if (list == NULL)
		return NULL;
	if (item->section != NULL &&
	    json_array_append_new(list, string(item->section)) != 0)
		goto fail;
	for (i = 0; i < item->tag_count; i++)
		if (json_array_append_new(list, string(item->tags[i])) != 0)
			goto fail;
	return list;
fail:
	json_decref(list);
	return NULL;
}

static json_t *
item_object(const struct feed_item *item)
{
	json_t *o = new_object();
	int rc = 0;

	if (o == NULL)
		return NULL;
	set(o, "id", string(item->id), &rc);
	set(o, "url", string(item->link), &rc);
	set(o, "title", string(item->title), &rc);
	set(o, "content_html", string(item->content_html), &rc);
	if (item->summary[0] != '\0')
		set(o, "summary", string(item->summary), &rc);
	set_date(o, "date_published", item->published, &rc);
	set_date(o, "date_modified", item->updated, &rc);
	if (item->author != NULL)
		set(o, "authors", authors(item->author), &rc);
	if (item->section != NULL || item->tag_count > 0)
		set(o, "tags", tags(item), &rc);
	if (rc != 0) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* The site's WebSub hubs, as JSON Feed 1.1 lists them. */
static json_t *
hubs(const struct config *site)
{
	json_t *list = json_array();
	size_t i;
	int rc = 0;

	if (list == NULL)
		return NULL;
	for (i = 0; i < site->hub_count && rc == 0; i++) {
		json_t *hub = new_object();
		if (hub == NULL) {
			rc = -1;
			break;
		}
		set(hub, "type", json_string("WebSub"), &rc);
		set(hub, "url", string(site->hubs[i]), &rc);
		if (json_array_append_new(list, hub) != 0)
			rc = -1;
	}
	if (rc != 0) {
		json_decref(list);
		return NULL;
	}
	return list;
}

/* Everything but the items, which feed_write_json splices in. */
static json_t *
head_object(const struct feed_document *doc)
{
	json_t *o = new_object();
	int rc = 0;

	if (o == NULL)
		return NULL;
	set(o, "version", json_string(JSON_FEED_VERSION), &rc);
	set(o, "title", string(doc->feed->title), &rc);
	set(o, "home_page_url", string(doc->feed->link), &rc);
	set(o, "feed_url", string(doc->self_url), &rc);
	set(o, "description", string(doc->feed->description), &rc);
	set(o, "language", string(doc->site->language), &rc);
	set(o, "authors", authors(doc->site->author), &rc);
	if (doc->site->hub_count > 0)
		set(o, "hubs", hubs(doc->site), &rc);
	if (rc != 0) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* The item as a JSON object on one line. */
static char *
render_item(const struct feed_item *item, const void *context, size_t *len)
{
	json_t *o = item_object(item);
	char *text = o != NULL ? json_dumps(o, 0) : NULL;

	(void)context;
	json_decref(o);
	if (text != NULL)
		*len = strlen(text);
	return text;
}

/* The head's object, dumped, ends in '}': the items' array goes in its
 * place, then the brace again. Only this punctuation is written here; the
 * values are all jansson's. */
int
feed_write_json(const struct feed_document *doc, struct feed_bytes *out)
{
	static const char items_open[] = ", \"items\": [";
	static const char items_close[] = "]}\n";
	struct buffer head = BUFFER_INIT;
	json_t *root = head_object(doc);
	char *text;
	size_t i, len;
	int rc = 0;

	if (root == NULL)
		return -1;
	/* Not JSON_ENSURE_ASCII: the file is UTF-8, as the spec asks, and
	 * half the size for non-Latin text. */
	text = json_dumps(root, 0);
	json_decref(root);
	if (text == NULL || (len = strlen(text)) < 2 || text[len - 1] != '}') {
		free(text);
		return -1;
	}
	buffer_append(&head, text, len - 1);
	buffer_append(&head, items_open, sizeof(items_open) - 1);
	free(text);
	feed_bytes_take(out, &head);
	for (i = 0; i < doc->count && rc == 0; i++) {
		if (i > 0)
			feed_bytes_borrow(out, ", ", 2);
		rc = feed_append_item(out, &doc->items[i], FEED_JSON,
		    render_item, NULL);
	}
	feed_bytes_borrow(out, items_close, sizeof(items_close) - 1);
	return rc;
}
