/* SPDX-License-Identifier: MIT */
/* feed_json: a JSON Feed document, its head and each item built as json-c
 * objects and written on one line each. An item is written once and kept
 * in its rendering slot (FEED_JSON), as the XML writers keep theirs, so
 * that an edit serialises only what changed; the document is the head's
 * object with the items' array spliced in, every string escaped by json-c.
 *
 * json-c: objects keep the order keys were added in, so an unchanged feed
 * writes the same bytes and is never rewritten; adding a value to an
 * object or array hands it over, which keeps every free in one place;
 * strings are escaped by the library (control characters, quotes,
 * backslashes), never by hand; and it is small, stable and well kept in
 * Debian. It was chosen over jansson, which this writer first used, for
 * speed: jansson decodes every character of a string as it escapes it,
 * and took 37 µs to write a typical item (6 KB of text) where json-c
 * takes 10; a full build writes hundreds. */
#include "autoconfig.h"

#include <json-c/json.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "buffer.h"
#include "feed_json.h"
#include "text.h"
#include "timefmt.h"
#include "xalloc.h"

#define JSON_FEED_VERSION "https://jsonfeed.org/version/1.1"
/* One line, no spaces; '/' as it is (escaping it is allowed, not needed). */
#define WRITE_FLAGS (JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE)

/* json-c seeds its hash tables on first use: done once, before any thread
 * makes an object, as feeds are serialised on several at once. */
static pthread_once_t json_c_ready = PTHREAD_ONCE_INIT;

static void
seed_json_c(void)
{
	json_object *warm = json_object_new_object();

	/* Adding a key hashes it, which seeds. */
	if (warm != NULL)
		(void)json_object_object_add(warm, "seed", NULL);
	json_object_put(warm);
}

static json_object *
new_object(void)
{
	pthread_once(&json_c_ready, seed_json_c);
	return json_object_new_object();
}

/* Articles are cleaned when parsed: this catches anything that was not,
 * so that the file is always UTF-8 with only characters XML allows, as
 * the other formats are. */
static json_object *
string(const char *s)
{
	struct buffer clean = BUFFER_INIT;
	size_t len = strlen(s);
	json_object *value;

	if (text_is_xml_clean(s, len))
		return json_object_new_string_len(s, (int)len);
	text_append_xml_clean(&clean, s, len);
	value = json_object_new_string_len(clean.data != NULL ? clean.data :
	    "", (int)clean.len);
	buffer_free(&clean);
	return value;
}

/* A NULL value (out of memory) fails the object, which the caller then
 * sees. The object takes the value; keys are this file's constants. */
static void
set(json_object *object, const char *key, json_object *value, int *rc)
{
	if (value == NULL) {
		*rc = -1;
		return;
	}
	if (json_object_object_add_ex(object, key, value,
	    JSON_C_OBJECT_ADD_KEY_IS_NEW | JSON_C_OBJECT_ADD_CONSTANT_KEY) !=
	    0) {
		json_object_put(value);
		*rc = -1;
	}
}

/* The array takes the value. */
static int
append(json_object *array, json_object *value)
{
	if (value == NULL)
		return -1;
	if (json_object_array_add(array, value) != 0) {
		json_object_put(value);
		return -1;
	}
	return 0;
}

static void
set_date(json_object *object, const char *key, time_t t, int *rc)
{
	char text[TIMEFMT_SIZE];

	timefmt_rfc3339(t, text);
	set(object, key, json_object_new_string(text), rc);
}

static json_object *
authors(const char *name)
{
	json_object *author = new_object(), *list = json_object_new_array();
	int rc = 0;

	if (author == NULL || list == NULL) {
		json_object_put(author);
		json_object_put(list);
		return NULL;
	}
	set(author, "name", string(name), &rc);
	if (rc != 0) {
		json_object_put(author);
		json_object_put(list);
		return NULL;
	}
	if (append(list, author) != 0) {
		json_object_put(list);
		return NULL;
	}
	return list;
}

/* The section first, then the tags: the categories of the Atom entry. */
static json_object *
tags(const struct feed_item *item)
{
	json_object *list = json_object_new_array();
	size_t i;

	if (list == NULL)
		return NULL;
	if (item->section != NULL && append(list, string(item->section)) != 0)
		goto fail;
	for (i = 0; i < item->tag_count; i++)
		if (append(list, string(item->tags[i])) != 0)
			goto fail;
	return list;
fail:
	json_object_put(list);
	return NULL;
}

static json_object *
item_object(const struct feed_item *item)
{
	json_object *o = new_object();
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
		json_object_put(o);
		return NULL;
	}
	return o;
}

/* The site's WebSub hubs, as JSON Feed 1.1 lists them. */
static json_object *
hubs(const struct config *site)
{
	json_object *list = json_object_new_array();
	size_t i;
	int rc = 0;

	if (list == NULL)
		return NULL;
	for (i = 0; i < site->hub_count && rc == 0; i++) {
		json_object *hub = new_object();
		if (hub == NULL) {
			rc = -1;
			break;
		}
		set(hub, "type", json_object_new_string("WebSub"), &rc);
		set(hub, "url", string(site->hubs[i]), &rc);
		if (rc != 0)
			json_object_put(hub);
		else if (append(list, hub) != 0)
			rc = -1;
	}
	if (rc != 0) {
		json_object_put(list);
		return NULL;
	}
	return list;
}

/* Everything but the items, which feed_write_json splices in. */
static json_object *
head_object(const struct feed_document *doc)
{
	json_object *o = new_object();
	int rc = 0;

	if (o == NULL)
		return NULL;
	set(o, "version", json_object_new_string(JSON_FEED_VERSION), &rc);
	set(o, "title", string(doc->feed->title), &rc);
	set(o, "home_page_url", string(doc->feed->link), &rc);
	set(o, "feed_url", string(doc->self_url), &rc);
	set(o, "description", string(doc->feed->description), &rc);
	set(o, "language", string(doc->site->language), &rc);
	set(o, "authors", authors(doc->site->author), &rc);
	if (doc->site->hub_count > 0)
		set(o, "hubs", hubs(doc->site), &rc);
	if (rc != 0) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

/* The object written on one line, in memory of the caller's (JSON holds
 * no NUL: json-c escapes it); NULL when json-c failed. */
static char *
write_object(json_object *o, size_t *len)
{
	const char *text;

	if (o == NULL || (text = json_object_to_json_string_length(o,
	    WRITE_FLAGS, len)) == NULL)
		return NULL;
	return xstrndup(text, *len);
}

static char *
render_item(const struct feed_item *item, const void *context, size_t *len)
{
	json_object *o = item_object(item);
	char *text = write_object(o, len);

	(void)context;
	json_object_put(o);
	return text;
}

/* The head's object, written, ends in '}': the items' array goes in its
 * place, then the brace again. Only this punctuation is written here; the
 * values are all json-c's. */
int
feed_write_json(const struct feed_document *doc, struct feed_bytes *out)
{
	static const char items_open[] = ",\"items\":[";
	static const char items_close[] = "]}\n";
	struct buffer head = BUFFER_INIT;
	json_object *root = head_object(doc);
	char *text;
	size_t i, len = 0;
	int rc = 0;

	if (root == NULL)
		return -1;
	/* Not ASCII-only: the file is UTF-8, as the spec asks, and half the
	 * size for non-Latin text. */
	text = write_object(root, &len);
	json_object_put(root);
	if (text == NULL || len < 2 || text[len - 1] != '}') {
		free(text);
		return -1;
	}
	buffer_append(&head, text, len - 1);
	buffer_append(&head, items_open, sizeof(items_open) - 1);
	free(text);
	feed_bytes_take(out, &head);
	for (i = 0; i < doc->count && rc == 0; i++) {
		if (i > 0)
			feed_bytes_borrow(out, ",", 1);
		rc = feed_append_item(out, &doc->items[i], FEED_JSON,
		    render_item, NULL);
	}
	feed_bytes_borrow(out, items_close, sizeof(items_close) - 1);
	return rc;
}
