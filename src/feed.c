/* SPDX-License-Identifier: MIT */
/* feed: item selection over the library's newest-first order, one pass per
 * feed, so a build costs O(articles x feeds) with no per-feed sort; and
 * items written once per format, their renderings kept by the library
 * and spliced into every feed that holds them. */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "buffer.h"
#include "feed.h"
#include "formats.h"
#include "text.h"
#include "xalloc.h"
#include "xml_writer.h"

_Static_assert(FEED_RSS < LIBRARY_RENDERINGS, "a rendering slot per format");

static void
fill_item(struct feed_item *item, struct library_entry *e)
{
	const struct article *a = &e->article;

	item->id = e->id;
	item->title = a->title;
	item->link = e->link;
	item->section = a->section;
	item->author = a->author;
	item->summary = a->summary != NULL ? a->summary : "";
	item->content_html = a->content_html != NULL ? a->content_html : "";
	item->tags = a->tags;
	item->tag_count = a->tag_count;
	item->updated = a->updated;
	item->published = a->published;
	item->rendered = e->rendered;
}

/* The section numbers a feed takes (see library_section_number); NULL
 * for a feed of every section. Sections no article has yet are 0, which
 * no entry with a section carries. */
static uint32_t *
wanted_sections(const struct feed_config *feed, struct library *lib)
{
	uint32_t *numbers;
	size_t i;

	if (feed->all_sections)
		return NULL;
	numbers = xreallocarray(NULL, feed->section_count + 1,
	    sizeof(*numbers));
	for (i = 0; i < feed->section_count; i++)
		numbers[i] = library_section_number(lib, feed->sections[i]);
	return numbers;
}

/* Of a section the feed takes (config_feed_wants, by number), and
 * published (or released before the clock stepped back). */
static bool
takes(const struct feed_config *feed, const uint32_t *wanted,
    const struct library_entry *e, time_t now)
{
	size_t i;
	bool section = wanted == NULL;

	for (i = 0; !section && i < feed->section_count; i++)
		section = wanted[i] != 0 && wanted[i] == e->section_number;
	return section && (e->released || e->article.published <= now);
}

void
feed_keep_items(const struct feed_config *feed, struct library *lib,
    time_t now)
{
	struct library_entry *const *sorted;
	uint32_t *wanted = wanted_sections(feed, lib);
	size_t count, i, kept = 0;

	sorted = library_sorted(lib, &count);
	for (i = 0; i < count && kept < feed->max_items; i++)
		if (takes(feed, wanted, sorted[i], now)) {
			library_keep_content(lib, sorted[i]);
			kept++;
		}
	free(wanted);
}

void
feed_collect(struct feed_document *doc, const struct config *site,
    const struct feed_config *feed, struct library *lib, time_t now,
    time_t updated_when_empty)
{
	struct library_entry *const *sorted;
	uint32_t *wanted;
	size_t count, i;
	struct buffer id = BUFFER_INIT;
	bool needs_text;

	memset(doc, 0, sizeof(*doc));
	doc->site = site;
	doc->feed = feed;
	buffer_append_string(&id, site->id_prefix);
	buffer_append_string(&id, "feed:");
	text_append_percent_encoded(&id, feed->name, strlen(feed->name), false);
	doc->id = buffer_take(&id);
	sorted = library_sorted(lib, &count);
	wanted = wanted_sections(feed, lib);
	doc->items = xreallocarray(NULL, feed->max_items, sizeof(*doc->items));
	/* The XML writers reuse their renderings of an item; the JSON Feed
	 * and page writers need its text. */
	needs_text = site->pages || (feed->formats & FORMAT_BIT(FORMAT_JSON));
	for (i = 0; i < count && doc->count < feed->max_items; i++) {
		struct library_entry *e = sorted[i];
		if (!takes(feed, wanted, e, now))
			continue;
		if ((needs_text ? library_load_text(lib, site, e) :
		    library_load_content(lib, site, e)) != 0)
			continue;
		fill_item(&doc->items[doc->count++], e);
	}
	free(wanted);
	doc->updated = doc->count > 0 ? doc->items[0].updated :
	    updated_when_empty;
}

static void
add_piece(struct feed_bytes *out, const char *bytes, size_t len)
{
	if (out->count == out->room) {
		out->room = out->room == 0 ? 64 : out->room * 2;
		out->pieces = xreallocarray(out->pieces, out->room,
		    sizeof(*out->pieces));
	}
	out->pieces[out->count].iov_base = (void *)bytes;
	out->pieces[out->count].iov_len = len;
	out->count++;
}

void
feed_bytes_take(struct feed_bytes *out, struct buffer *bytes)
{
	size_t len = bytes->len;
	char *owned = buffer_take(bytes);

	out->owned = xreallocarray(out->owned, out->owned_count + 1,
	    sizeof(*out->owned));
	out->owned[out->owned_count++] = owned;
	add_piece(out, owned, len);
}

void
feed_bytes_join(const struct feed_bytes *bytes, struct buffer *out)
{
	size_t i;

	for (i = 0; i < bytes->count; i++)
		buffer_append(out, bytes->pieces[i].iov_base,
		    bytes->pieces[i].iov_len);
}

void
feed_bytes_free(struct feed_bytes *bytes)
{
	size_t i;

	for (i = 0; i < bytes->owned_count; i++)
		free(bytes->owned[i]);
	free(bytes->owned);
	free(bytes->pieces);
	memset(bytes, 0, sizeof(*bytes));
}

int
feed_append_item(struct feed_bytes *out, const struct feed_item *item,
    enum feed_format format, int depth, feed_item_writer write_item)
{
	struct library_rendering *cached = item->rendered != NULL ?
	    &item->rendered[format] : NULL;
	struct buffer bytes = BUFFER_INIT;
	struct xml_writer *w;

	if (cached != NULL && cached->bytes != NULL) {
		add_piece(out, cached->bytes, cached->len);
		return 0;
	}
	w = xml_writer_new_fragment(depth);
	write_item(w, item);
	if (xml_writer_finish(w, &bytes) != 0) {
		buffer_free(&bytes);
		return -1;
	}
	if (cached == NULL) {
		feed_bytes_take(out, &bytes);
		return 0;
	}
	cached->len = bytes.len;
	cached->bytes = buffer_take(&bytes);
	add_piece(out, cached->bytes, cached->len);
	return 0;
}

void
feed_set_self(struct feed_document *doc, const char *extension)
{
	struct buffer url = BUFFER_INIT;

	free(doc->self_url);
	buffer_append_string(&url, doc->site->feeds_url);
	text_append_percent_encoded(&url, doc->feed->name,
	    strlen(doc->feed->name), false);
	buffer_append_char(&url, '.');
	buffer_append_string(&url, extension);
	doc->self_url = buffer_take(&url);
}

void
feed_document_free(struct feed_document *doc)
{
	free(doc->id);
	free(doc->self_url);
	free(doc->items);
	memset(doc, 0, sizeof(*doc));
}
