/* SPDX-License-Identifier: MIT */
/* feed_opml: OPML 2.0 (opml.org/spec2.opml) through xml_writer. No
 * dateCreated or dateModified: a date would change the bytes at every
 * build, and the spec makes them optional. */
#include "autoconfig.h"

#include "feed_opml.h"
#include "formats.h"
#include "xml_writer.h"

static enum format_id
first_format(unsigned set)
{
	int id;

	for (id = 0; id < FORMAT_COUNT; id++)
		if (set & FORMAT_BIT(id))
			return (enum format_id)id;
	return FORMAT_RSS;
}

static void
write_outline(struct xml_writer *w, const struct config *site,
    const struct feed_config *feed)
{
	struct buffer url = BUFFER_INIT;

	format_append_url(&url, site->feeds_url, feed->name,
	    first_format(feed->formats));
	xml_writer_start(w, "outline");
	/* OPML 2.0 names "rss" the type of every subscription list entry,
	 * whatever the feed's format. */
	xml_writer_attribute(w, "type", "rss");
	xml_writer_attribute(w, "text", feed->title);
	xml_writer_attribute(w, "title", feed->title);
	xml_writer_attribute(w, "description", feed->description);
	xml_writer_attribute(w, "xmlUrl", url.data);
	xml_writer_attribute(w, "htmlUrl", feed->link);
	xml_writer_attribute(w, "language", site->language);
	xml_writer_end(w);
	buffer_free(&url);
}

int
feed_write_opml(const struct config *site, struct buffer *out)
{
	struct xml_writer *w = xml_writer_new();
	size_t i;

	xml_writer_start(w, "opml");
	xml_writer_attribute(w, "version", "2.0");
	xml_writer_start(w, "head");
	xml_writer_element(w, "title", site->title);
	xml_writer_end(w);
	xml_writer_start(w, "body");
	for (i = 0; i < site->feed_count; i++)
		write_outline(w, site, &site->feeds[i]);
	xml_writer_end(w);
	xml_writer_end(w);
	return xml_writer_finish(w, out);
}
