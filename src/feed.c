/* SPDX-License-Identifier: MIT */
/* feed: item selection over the library's newest-first order, one pass per
 * feed, so a build costs O(articles x feeds) with no per-feed sort; and
 * items written once per format, their renderings kept with the library's
 * entries and spliced into every feed that holds them. */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "buffer.h"
#include "feed.h"
#include "formats.h"
#include "text.h"
#include "timefmt.h"
#include "xalloc.h"
#include "xml_writer.h"

/* Pieces a feed's bytes start with room for; doubled as needed. */
#define PIECES_MIN 64

/* What the feeds keep with a library entry (its cache slot): the item as
 * each XML format rendered it, and whether a feed holding it writes from
 * its text (JSON Feed, the page), for which the renderings cannot stand
 * in. That mark lasts while the entry stays a feed item: it goes with the
 * cache when the library lets the entry's content go. */
struct item_cache {
	struct feed_rendering rendered[FEED_FORMATS];
	bool keeps_text;
};

/* A slot's fill: empty, being made by one writer, or ready for all. */
enum { SLOT_EMPTY, SLOT_MAKING, SLOT_READY };

static void
release_item_cache(void *opaque)
{
	struct item_cache *cache = opaque;
	size_t i;

	for (i = 0; i < FEED_FORMATS; i++)
		free(cache->rendered[i].bytes);
	free(cache);
}

/* May the library let the text go? Only when every rendering is written
 * and no feed holding the item needs the text itself. */
static bool
stands_in_for_text(const void *opaque)
{
	const struct item_cache *cache = opaque;
	size_t i;

	if (cache->keeps_text)
		return false;
	/* The JSON slot counts for nothing here: only a JSON feed fills it,
	 * and a JSON feed keeps the text anyway. */
	for (i = 0; i < FEED_FORMATS; i++)
		if (i != FEED_JSON && cache->rendered[i].bytes == NULL)
			return false;
	return true;
}

const struct library_cache_ops feed_cache_ops = { release_item_cache,
    stands_in_for_text };

/* Does the feed write anything from its items' text rather than from
 * their renderings? */
static bool
writes_from_text(const struct config *site, const struct feed_config *feed)
{
	return site->pages || (feed->formats & FORMAT_BIT(FORMAT_JSON)) != 0;
}

/* Marks an entry whose cache exists as one whose text a feed needs. */
static void
mark_keeps_text(const struct library_view *e, bool keeps_text)
{
	struct item_cache *cache = *library_cache_slot(e);

	if (cache != NULL && keeps_text)
		cache->keeps_text = true;
}

static void
fill_item(struct feed_item *item, const struct library_view *e)
{
	const struct article *a = &e->article;
	void **cache = library_cache_slot(e);

	struct item_cache *items_cache;
	size_t i;

	if (*cache == NULL) {
		items_cache = xcalloc(1, sizeof(struct item_cache));
		for (i = 0; i < FEED_FORMATS; i++)
			atomic_init(&items_cache->rendered[i].fill, SLOT_EMPTY);
		*cache = items_cache;
	}
	items_cache = *cache;
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
	item->rendered = items_cache->rendered;
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
 * published. */
static bool
in_feed(const struct feed_config *feed, const uint32_t *wanted,
    const struct library_view *e, time_t now)
{
	size_t i;
	bool section = wanted == NULL;

	for (i = 0; !section && i < feed->section_count; i++)
		section = wanted[i] != 0 && wanted[i] == e->section_number;
	return section && library_published(e, now);
}

/* Says whether the entry's content can be had, and takes it if so. */
typedef bool (*item_taker)(void *context, const struct library_view *e);

/* The rule of feed.h: calls take on the feed's candidates, newest first,
 * until max_items of them were taken. It also tells the library which of
 * them must keep their text: marked before take, so that loading reads
 * text a complete cache had let go, and after, once take made the cache. */
static void
select_items(const struct config *site, const struct feed_config *feed,
    struct library *lib, time_t now, item_taker take, void *context)
{
	const struct library_view *const *sorted;
	uint32_t *wanted = wanted_sections(feed, lib);
	bool keeps_text = writes_from_text(site, feed);
	size_t count, i, taken = 0;

	sorted = library_sorted(lib, &count);
	for (i = 0; i < count && taken < feed->max_items; i++) {
		if (!in_feed(feed, wanted, sorted[i], now))
			continue;
		mark_keeps_text(sorted[i], keeps_text);
		if (take(context, sorted[i])) {
			mark_keeps_text(sorted[i], keeps_text);
			taken++;
		}
	}
	free(wanted);
}

static bool
keep_item(void *lib, const struct library_view *e)
{
	if (e->link == NULL)
		return false;	/* not loaded: its load failed */
	library_keep_content(lib, e);
	return true;
}

void
feed_keep_items(const struct config *site, const struct feed_config *feed,
    struct library *lib, time_t now)
{
	select_items(site, feed, lib, now, keep_item, lib);
}

struct collecting {
	struct library *lib;
	const struct config *site;
	struct feed_document *doc;
};

static bool
collect_item(void *context, const struct library_view *e)
{
	struct collecting *c = context;

	if (library_load_content(c->lib, c->site, e) != 0)
		return false;
	fill_item(&c->doc->items[c->doc->count++], e);
	return true;
}

void
feed_collect(struct feed_document *doc, const struct config *site,
    const struct feed_config *feed, struct library *lib, time_t now,
    time_t updated_when_empty)
{
	struct collecting c = { lib, site, doc };
	struct buffer id = BUFFER_INIT;

	memset(doc, 0, sizeof(*doc));
	doc->site = site;
	doc->feed = feed;
	buffer_append_string(&id, site->id_prefix);
	buffer_append_string(&id, "feed:");
	text_append_percent_encoded(&id, feed->name, strlen(feed->name), false);
	doc->id = buffer_take(&id);
	doc->items = xreallocarray(NULL, feed->max_items, sizeof(*doc->items));
	select_items(site, feed, lib, now, collect_item, &c);
	doc->updated = doc->count > 0 ? doc->items[0].updated :
	    updated_when_empty;
}

static void
add_piece(struct feed_bytes *out, const char *bytes, size_t len)
{
	if (out->count == out->room) {
		out->room = out->room == 0 ? PIECES_MIN : out->room * 2;
		out->pieces = xreallocarray(out->pieces, out->room,
		    sizeof(*out->pieces));
	}
	out->pieces[out->count].iov_base = (void *)bytes;
	out->pieces[out->count].iov_len = len;
	out->count++;
}

/* Appends bytes that out is to own and free. */
static void
take_owned(struct feed_bytes *out, char *owned, size_t len)
{
	out->owned = xreallocarray(out->owned, out->owned_count + 1,
	    sizeof(*out->owned));
	out->owned[out->owned_count++] = owned;
	add_piece(out, owned, len);
}

void
feed_bytes_borrow(struct feed_bytes *out, const char *bytes, size_t len)
{
	add_piece(out, bytes, len);
}

void
feed_bytes_take(struct feed_bytes *out, struct buffer *bytes)
{
	size_t len = bytes->len;

	take_owned(out, buffer_take(bytes), len);
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

const struct feed_rendering *
feed_rendering_get(const struct feed_item *item, enum feed_format format,
    bool *mine)
{
	struct feed_rendering *slot;
	int expected = SLOT_EMPTY;

	*mine = false;
	if (item->rendered == NULL)
		return NULL;
	slot = &item->rendered[format];
	/* Acquire: a ready slot's bytes are seen as their maker left them. */
	if (atomic_load_explicit(&slot->fill, memory_order_acquire) ==
	    SLOT_READY)
		return slot;
	*mine = atomic_compare_exchange_strong_explicit(&slot->fill, &expected,
	    SLOT_MAKING, memory_order_acquire, memory_order_acquire);
	if (!*mine && expected == SLOT_READY)
		return slot;
	return NULL;
}

void
feed_rendering_keep(const struct feed_item *item, enum feed_format format,
    char *bytes, size_t len)
{
	struct feed_rendering *slot = &item->rendered[format];

	slot->bytes = bytes;
	slot->len = bytes != NULL ? len : 0;
	atomic_store_explicit(&slot->fill, bytes != NULL ? SLOT_READY :
	    SLOT_EMPTY, memory_order_release);
}

int
feed_append_item(struct feed_bytes *out, const struct feed_item *item,
    enum feed_format format, feed_item_renderer render, const void *context)
{
	const struct feed_rendering *cached;
	char *bytes;
	size_t len = 0;
	bool mine;

	cached = feed_rendering_get(item, format, &mine);
	if (cached != NULL) {
		add_piece(out, cached->bytes, cached->len);
		return 0;
	}
	bytes = render(item, context, &len);
	if (mine)
		feed_rendering_keep(item, format, bytes, len);
	if (bytes == NULL)
		return -1;
	if (mine)
		add_piece(out, bytes, len);
	else
		take_owned(out, bytes, len);
	return 0;
}

/* The item as write_item writes it at that depth of the format's
 * document. */
static char *
render_xml_item(const struct feed_item *item, const void *context,
    size_t *len)
{
	const struct feed_format_spec *spec = context;
	struct buffer bytes = BUFFER_INIT;
	struct xml_writer *w = xml_writer_new_fragment(spec->item_depth);

	spec->write_item(w, item);
	if (xml_writer_finish(w, &bytes) != 0) {
		buffer_free(&bytes);
		return NULL;
	}
	*len = bytes.len;
	return buffer_take(&bytes);
}

/* Items are spliced in between the head and the end of the document,
 * each as libxml2 wrote it once for this article. */
void
feed_write_link(struct xml_writer *w, const char *element, const char *rel,
    const char *type, const char *href)
{
	xml_writer_start(w, element);
	xml_writer_attribute(w, "rel", rel);
	if (type != NULL)
		xml_writer_attribute(w, "type", type);
	xml_writer_attribute(w, "href", href);
	xml_writer_end(w);
}

void
feed_write_date(struct xml_writer *w, const char *name, time_t t,
    void (*format)(time_t, char *))
{
	char text[TIMEFMT_SIZE];

	format(t, text);
	xml_writer_element(w, name, text);
}

void
feed_write_hub_links(struct xml_writer *w, const char *element,
    const struct config *site)
{
	size_t i;

	for (i = 0; i < site->hub_count; i++)
		feed_write_link(w, element, "hub", NULL, site->hubs[i]);
}

int
feed_write_document(const struct feed_document *doc,
    const struct feed_format_spec *spec, struct feed_bytes *out)
{
	struct xml_writer *w = xml_writer_new();
	struct buffer own = BUFFER_INIT;
	size_t i;
	int rc, depth;

	spec->write_head(w, doc);
	rc = xml_writer_take(w, &own);
	feed_bytes_take(out, &own);
	for (i = 0; i < doc->count && rc == 0; i++)
		rc = feed_append_item(out, &doc->items[i], spec->format,
		    render_xml_item, spec);
	for (depth = 0; depth < spec->item_depth; depth++)
		xml_writer_end(w);
	if (xml_writer_finish(w, &own) != 0)
		rc = -1;
	feed_bytes_take(out, &own);
	return rc;
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
