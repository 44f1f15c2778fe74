/* SPDX-License-Identifier: MIT */
/* feed_atom: RFC 4287. Dates in RFC 3339 with the configured zone's offset;
 * the feed's updated is its newest entry's, so an unchanged feed keeps its
 * bytes. */
#include "autoconfig.h"

#include "feed.h"
#include "feed_atom.h"
#include "timefmt.h"
#include "xml_writer.h"

static void
write_category(struct xml_writer *w, const char *term)
{
	xml_writer_start(w, "category");
	xml_writer_attribute(w, "term", term);
	xml_writer_end(w);
}

static void
write_author(struct xml_writer *w, const char *name)
{
	xml_writer_start(w, "author");
	xml_writer_element(w, "name", name);
	xml_writer_end(w);
}

static void
write_entry(struct xml_writer *w, const struct feed_item *item)
{
	size_t i;

	xml_writer_start(w, "entry");
	xml_writer_element(w, "id", item->id);
	xml_writer_element(w, "title", item->title);
	feed_write_date(w, "updated", item->updated, timefmt_rfc3339);
	feed_write_date(w, "published", item->published, timefmt_rfc3339);
	if (item->author != NULL)
		write_author(w, item->author);
	feed_write_link(w, "link", "alternate", "text/html", item->link);
	if (item->section != NULL)
		write_category(w, item->section);
	for (i = 0; i < item->tag_count; i++)
		write_category(w, item->tags[i]);
	/* RFC 4287 §4.2.13 advises against an empty summary. */
	if (item->summary[0] != '\0')
		xml_writer_element(w, "summary", item->summary);
	/* An article of a title alone has no content: the alternate link
	 * stands for it (§4.1.1), no empty element does. */
	if (item->content_html[0] != '\0') {
		xml_writer_start(w, "content");
		xml_writer_attribute(w, "type", "html");
		xml_writer_cdata(w, item->content_html);
		xml_writer_end(w);
	}
	xml_writer_end(w);
}

static void
write_head(struct xml_writer *w, const struct feed_document *doc)
{
	xml_writer_start(w, "feed");
	xml_writer_attribute(w, "xmlns", "http://www.w3.org/2005/Atom");
	xml_writer_attribute(w, "xml:lang", doc->site->language);
	xml_writer_element(w, "id", doc->id);
	xml_writer_element(w, "title", doc->feed->title);
	xml_writer_element(w, "subtitle", doc->feed->description);
	feed_write_date(w, "updated", doc->updated, timefmt_rfc3339);
	write_author(w, doc->site->author);
	feed_write_link(w, "link", "self", "application/atom+xml",
	    doc->self_url);
	feed_write_link(w, "link", "alternate", "text/html", doc->feed->link);
	feed_write_hub_links(w, "link", doc->site);
	xml_writer_element(w, "generator", "feedd");
}

/* Entries sit right inside <feed>. */
static const struct feed_format_spec atom = { FEED_ATOM, 1, write_head,
    write_entry };

int
feed_write_atom(const struct feed_document *doc, struct feed_bytes *out)
{
	return feed_write_document(doc, &atom, out);
}
