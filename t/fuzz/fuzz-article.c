/* SPDX-License-Identifier: MIT */
/* libFuzzer harness: the article parser on any bytes. Checks that what it
 * returns is what the feeds rely on: valid, XML-safe UTF-8 and a title. */
#include "autoconfig.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "text.h"
#include "timefmt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_text(const char *s)
{
	if (s != NULL && !text_is_xml_clean(s, strlen(s)))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int zone_set;
	struct article a;
	char err[300];
	size_t i;

	if (!zone_set) {
		timefmt_set_zone("Europe/Brussels", err, sizeof(err));
		zone_set = 1;
	}
	if (article_parse((const char *)data, size, &a, err, sizeof(err)) != 0)
		return 0;
	if (a.title == NULL || a.title[0] == '\0' ||
	    strlen(a.title) > ARTICLE_MAX_TITLE)
		abort();
	check_text(a.title);
	check_text(a.section);
	check_text(a.author);
	check_text(a.id);
	check_text(a.link);
	check_text(a.summary);
	check_text(a.content_html);
	for (i = 0; i < a.tag_count; i++)
		check_text(a.tags[i]);
	if (a.has_date && !timefmt_in_range(a.updated))
		abort();
	article_free(&a);
	return 0;
}
