/* SPDX-License-Identifier: MIT */
/* feed_rss: RSS 2.0 with atom:link rel="self", non-permalink guids, RFC 822
 * dates in English, the summary in description and the full text in
 * content:encoded (RSS Profile §namespace-elements-content-encoded). */
#include "autoconfig.h"

#include <string.h>

#include "feed.h"
#include "feed_rss.h"
#include "text.h"
#include "timefmt.h"
#include "xml_writer.h"

/* Readers render description as HTML: escape the plain summary for HTML
 * first, so that article text can never become markup. */
static void
write_description(struct xml_writer *w, const char *summary)
{
	struct buffer html = BUFFER_INIT;

	text_append_html_escaped(&html, summary, strlen(summary));
	xml_writer_element(w, "description", html.data != NULL ? html.data :
	    "");
	buffer_free(&html);
}

static void
write_item(struct xml_writer *w, const struct feed_item *item)
{
	size_t i;

	xml_writer_start(w, "item");
	xml_writer_element(w, "title", item->title);
	xml_writer_element(w, "link", item->link);
	xml_writer_start(w, "guid");
	xml_writer_attribute(w, "isPermaLink", "false");
	xml_writer_text(w, item->id);
	xml_writer_end(w);
	feed_write_date(w, "pubDate", item->published, timefmt_rfc822);
	/* RSS <author> must be an e-mail address; a name goes in dc:creator. */
	if (item->author != NULL)
		xml_writer_element(w, "dc:creator", item->author);
	if (item->section != NULL)
		xml_writer_element(w, "category", item->section);
	for (i = 0; i < item->tag_count; i++)
		xml_writer_element(w, "category", item->tags[i]);
	/* description before content:encoded, and neither when empty: the
	 * W3C validator flags an empty content:encoded. */
	if (item->summary[0] != '\0')
		write_description(w, item->summary);
	if (item->content_html[0] != '\0') {
		xml_writer_start(w, "content:encoded");
		xml_writer_cdata(w, item->content_html);
		xml_writer_end(w);
	}
	xml_writer_end(w);
}

static void
write_head(struct xml_writer *w, const struct feed_document *doc)
{
	xml_writer_start(w, "rss");
	xml_writer_attribute(w, "version", "2.0");
	xml_writer_attribute(w, "xmlns:atom", "http://www.w3.org/2005/Atom");
	xml_writer_attribute(w, "xmlns:content",
	    "http://purl.org/rss/1.0/modules/content/");
	xml_writer_attribute(w, "xmlns:dc", "http://purl.org/dc/elements/1.1/");
	xml_writer_start(w, "channel");
	xml_writer_element(w, "title", doc->feed->title);
	xml_writer_element(w, "link", doc->feed->link);
	xml_writer_element(w, "description", doc->feed->description);
	xml_writer_element(w, "language", doc->site->language);
	if (doc->count > 0)
		feed_write_date(w, "lastBuildDate", doc->updated,
		    timefmt_rfc822);
	xml_writer_element(w, "generator", "feedd");
	feed_write_link(w, "atom:link", "self", "application/rss+xml",
	    doc->self_url);
	feed_write_hub_links(w, "atom:link", doc->site);
}

/* Items sit inside <rss><channel>. */
static const struct feed_format_spec rss = { FEED_RSS, 2, write_head,
    write_item };

int
feed_write_rss(const struct feed_document *doc, struct feed_bytes *out)
{
	return feed_write_document(doc, &rss, out);
}
