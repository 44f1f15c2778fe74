/* SPDX-License-Identifier: MIT */
/* page_html: index.html and NAME.html. Readable on a phone: the viewport
 * meta and a narrow, wrapping column; URLs break anywhere. */
#include "autoconfig.h"

#include <stdio.h>
#include <string.h>

#include "formats.h"
#include "page_html.h"
#include "text.h"
#include "timefmt.h"
#include "xml_writer.h"

/* No '<', '&' or quotes: the writer would escape them inside <style>,
 * where HTML reads text raw. */
static const char style[] =
    "body{font-family:system-ui,sans-serif;line-height:1.5;color:#222;"
    "background:#fff;max-width:42rem;margin:0 auto;padding:1rem}"
    "h1{font-size:1.6rem;margin:.5rem 0}"
    "h2{font-size:1.2rem;margin:1.5rem 0 .25rem}"
    "code{word-break:break-all;background:#f2f2f2;padding:0 .2rem}"
    "a{color:#0645ad}"
    ".meta{color:#555;font-size:.9rem;margin:0}"
    ".subscribe{border:1px solid #cdd;border-radius:.4rem;"
    "padding:.25rem 1rem;background:#f6f9ff}"
    "ul{padding-left:1.2rem}";

static void
write_url(struct buffer *url, const struct config *site,
    const struct feed_config *feed, enum format_id id)
{
	buffer_reset(url);
	format_append_url(url, site->feeds_url, feed->name, id);
}

static void
write_alternates(struct xml_writer *w, const struct config *site,
    const struct feed_config *feed)
{
	struct buffer url = BUFFER_INIT, title = BUFFER_INIT;
	int id;

	for (id = 0; id < FORMAT_COUNT; id++) {
		const struct format_info *f = format_info((enum format_id)id);
		if (!(feed->formats & FORMAT_BIT(id)))
			continue;
		write_url(&url, site, feed, (enum format_id)id);
		buffer_reset(&title);
		buffer_append_string(&title, feed->title);
		buffer_append_string(&title, " (");
		buffer_append_string(&title, f->label);
		buffer_append_char(&title, ')');
		xml_writer_start(w, "link");
		xml_writer_attribute(w, "rel", "alternate");
		xml_writer_attribute(w, "type", f->media_type);
		xml_writer_attribute(w, "title", title.data);
		xml_writer_attribute(w, "href", url.data);
		xml_writer_end_void(w);
	}
	buffer_free(&url);
	buffer_free(&title);
}

static void
write_meta(struct xml_writer *w, const char *name, const char *value)
{
	xml_writer_start(w, "meta");
	xml_writer_attribute(w, name, value);
	if (strcmp(name, "name") == 0)
		xml_writer_attribute(w, "content",
		    "width=device-width, initial-scale=1");
	xml_writer_end_void(w);
}

/* Opens html, writes the head and opens body. */
static void
write_head(struct xml_writer *w, const struct config *site,
    const char *title, const struct feed_config *only)
{
	size_t i;

	xml_writer_start(w, "html");
	xml_writer_attribute(w, "lang", site->language);
	xml_writer_start(w, "head");
	write_meta(w, "charset", "utf-8");
	write_meta(w, "name", "viewport");
	xml_writer_element(w, "title", title);
	for (i = 0; i < site->feed_count; i++)
		if (only == NULL || only == &site->feeds[i])
			write_alternates(w, site, &site->feeds[i]);
	xml_writer_element(w, "style", style);
	xml_writer_end(w);
	xml_writer_start(w, "body");
}

static void
write_link(struct xml_writer *w, const char *href, const char *text)
{
	xml_writer_start(w, "a");
	xml_writer_attribute(w, "href", href);
	xml_writer_text(w, text);
	xml_writer_end(w);
}

/* "2016-05-20 16:55:00+02:00" in a <time>, machine-readable inside. */
static void
write_time(struct xml_writer *w, time_t t)
{
	char when[TIMEFMT_SIZE];
	char *p;

	timefmt_rfc3339(t, when);
	xml_writer_start(w, "time");
	xml_writer_attribute(w, "datetime", when);
	if ((p = strchr(when, 'T')) != NULL)
		*p = ' ';
	xml_writer_text(w, when);
	xml_writer_end(w);
}

/* Each format as a link and as the URL to copy. */
static void
write_format_list(struct xml_writer *w, const struct config *site,
    const struct feed_config *feed)
{
	struct buffer url = BUFFER_INIT;
	int id;

	xml_writer_start(w, "ul");
	for (id = 0; id < FORMAT_COUNT; id++) {
		if (!(feed->formats & FORMAT_BIT(id)))
			continue;
		write_url(&url, site, feed, (enum format_id)id);
		xml_writer_start(w, "li");
		write_link(w, url.data, format_info((enum format_id)id)->label);
		xml_writer_text(w, ": ");
		xml_writer_element(w, "code", url.data);
		xml_writer_end(w);
	}
	xml_writer_end(w);
	buffer_free(&url);
}

static void
append_page_name(struct buffer *out, const struct feed_config *feed)
{
	text_append_percent_encoded(out, feed->name, strlen(feed->name),
	    false);
	buffer_append_string(out, "." PAGE_EXTENSION);
}

static void
write_index_entry(struct xml_writer *w, const struct config *site,
    const struct feed_config *feed, const struct page_feed_state *state)
{
	struct buffer page = BUFFER_INIT;
	char count[64];

	xml_writer_start(w, "section");
	xml_writer_start(w, "h2");
	if (site->pages) {
		append_page_name(&page, feed);
		write_link(w, page.data, feed->title);
	} else {
		xml_writer_text(w, feed->title);
	}
	xml_writer_end(w);
	xml_writer_element(w, "p", feed->description);
	xml_writer_start(w, "p");
	xml_writer_attribute(w, "class", "meta");
	snprintf(count, sizeof(count), "%zu item%s", state->items,
	    state->items == 1 ? "" : "s");
	xml_writer_text(w, count);
	if (state->items > 0) {
		xml_writer_text(w, ", last updated ");
		write_time(w, state->updated);
	}
	xml_writer_end(w);
	write_format_list(w, site, feed);
	xml_writer_end(w);
	buffer_free(&page);
}

int
page_write_index(const struct config *site,
    const struct page_feed_state *states, struct buffer *out)
{
	struct xml_writer *w = xml_writer_new_html();
	size_t i;

	write_head(w, site, site->title, NULL);
	xml_writer_start(w, "main");
	xml_writer_element(w, "h1", site->title);
	if (site->description != NULL)
		xml_writer_element(w, "p", site->description);
	xml_writer_start(w, "p");
	xml_writer_attribute(w, "class", "subscribe");
	xml_writer_text(w, "These are feeds: copy a feed's URL into your "
	    "feed reader to follow it, or import ");
	write_link(w, "feeds.opml", "all of them (OPML)");
	xml_writer_text(w, ".");
	xml_writer_end(w);
	for (i = 0; i < site->feed_count; i++)
		write_index_entry(w, site, &site->feeds[i], &states[i]);
	xml_writer_end(w);
	xml_writer_end(w);
	xml_writer_end(w);
	return xml_writer_finish(w, out);
}

static void
write_item(struct xml_writer *w, const struct feed_item *item)
{
	xml_writer_start(w, "article");
	xml_writer_start(w, "h2");
	write_link(w, item->link, item->title);
	xml_writer_end(w);
	xml_writer_start(w, "p");
	xml_writer_attribute(w, "class", "meta");
	write_time(w, item->published);
	if (item->updated != item->published) {
		xml_writer_text(w, ", updated ");
		write_time(w, item->updated);
	}
	xml_writer_end(w);
	if (item->summary[0] != '\0')
		xml_writer_element(w, "p", item->summary);
	xml_writer_end(w);
}

int
page_write_feed(const struct feed_document *doc, struct buffer *out)
{
	struct xml_writer *w = xml_writer_new_html();
	size_t i;

	write_head(w, doc->site, doc->feed->title, doc->feed);
	xml_writer_start(w, "main");
	xml_writer_element(w, "h1", doc->feed->title);
	xml_writer_element(w, "p", doc->feed->description);
	xml_writer_start(w, "div");
	xml_writer_attribute(w, "class", "subscribe");
	xml_writer_element(w, "p", "This is a feed: copy this URL into your "
	    "feed reader to follow it.");
	write_format_list(w, doc->site, doc->feed);
	xml_writer_end(w);
	if (doc->count == 0)
		xml_writer_element(w, "p", "No items yet.");
	for (i = 0; i < doc->count; i++)
		write_item(w, &doc->items[i]);
	xml_writer_start(w, "p");
	write_link(w, PAGE_INDEX_FILE, "All feeds");
	xml_writer_end(w);
	xml_writer_end(w);
	xml_writer_end(w);
	xml_writer_end(w);
	return xml_writer_finish(w, out);
}

int
page_write_links(const struct config *site, struct buffer *out)
{
	struct xml_writer *w = xml_writer_new_fragment(1);
	size_t i;

	for (i = 0; i < site->feed_count; i++)
		write_alternates(w, site, &site->feeds[i]);
	return xml_writer_finish(w, out);
}
