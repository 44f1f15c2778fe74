/* SPDX-License-Identifier: MIT */
/* formats: one table, so that the config, the writers, the pages and
 * --print-links can never disagree on a name or a media type. */
#include "autoconfig.h"

#include <stdio.h>
#include <string.h>

#include "formats.h"
#include "text.h"

static const struct format_info formats[FORMAT_COUNT] = {
	[FORMAT_RSS] = { "rss", "application/rss+xml", "RSS" },
	[FORMAT_ATOM] = { "atom", "application/atom+xml", "Atom" },
	[FORMAT_JSON] = { "json", "application/feed+json", "JSON Feed" },
};

const struct format_info *
format_info(enum format_id id)
{
	return &formats[id];
}

static int
format_named(const char *s, size_t len)
{
	int i;

	for (i = 0; i < FORMAT_COUNT; i++)
		if (strlen(formats[i].extension) == len &&
		    memcmp(formats[i].extension, s, len) == 0)
			return i;
	return -1;
}

int
formats_parse(const char *value, unsigned *set, char *bad, size_t badlen)
{
	const char *s = value;
	size_t len;
	int id;

	*set = 0;
	snprintf(bad, badlen, "%s", "");
	for (;;) {
		s += strspn(s, " \t,");
		if (*s == '\0')
			break;
		len = strcspn(s, " \t,");
		id = format_named(s, len);
		if (id < 0 || (*set & FORMAT_BIT(id))) {
			snprintf(bad, badlen, "%.*s", (int)(len > 40 ? 40 :
			    len), s);
			return -1;
		}
		*set |= FORMAT_BIT(id);
		s += len;
	}
	return *set != 0 ? 0 : -1;
}

void
format_append_url(struct buffer *out, const char *feeds_url,
    const char *feed_name, enum format_id id)
{
	buffer_append_string(out, feeds_url);
	text_append_percent_encoded(out, feed_name, strlen(feed_name), false);
	buffer_append_char(out, '.');
	buffer_append_string(out, formats[id].extension);
}
