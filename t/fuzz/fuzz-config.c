/* SPDX-License-Identifier: MIT */
/* libFuzzer harness: the config loader on any bytes. An accepted config
 * must name at least one feed, each with a safe name and a title; a
 * refused one must say FILE:LINE: why. */
#include "autoconfig.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config *c;
	char err[1024], *text = malloc(size + 1);
	size_t i;

	if (text == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (config_parse("/fuzz/feedd.conf", text, size, &c, err,
	    sizeof(err)) != 0) {
		if (strncmp(err, "/fuzz/feedd.conf:", 17) != 0)
			abort();
		free(text);
		return 0;
	}
	if (c->feed_count == 0)
		abort();
	for (i = 0; i < c->feed_count; i++)
		if (strchr(c->feeds[i].name, '/') != NULL ||
		    c->feeds[i].name[0] == '.' || c->feeds[i].title == NULL)
			abort();
	config_free(c);
	free(text);
	return 0;
}
