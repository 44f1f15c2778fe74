/* SPDX-License-Identifier: MIT */
/* links: ids and links are derived from the file name, the Id: and Link:
 * headers and the config only: editing an article's title, text or date
 * must never change what readers already hold. */
#include "autoconfig.h"

#include <stdbool.h>
#include <string.h>

#include "buffer.h"
#include "links.h"
#include "text.h"
#include "xalloc.h"

char *
links_path_key(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash != NULL ? slash + 1 : path;
	const char *dot = strrchr(base, '.');

	if (dot == NULL || dot == base)
		return xstrdup(path);
	return xstrndup(path, (size_t)(dot - path));
}

char *
links_derive_id(const struct config *config, const struct article *a,
    const char *key)
{
	struct buffer id = BUFFER_INIT;

	if (a->id != NULL && text_has_uri_scheme(a->id) &&
	    strpbrk(a->id, " \t<>\"") == NULL)
		return xstrdup(a->id);
	buffer_append_string(&id, config->id_prefix);
	if (a->id != NULL)
		key = a->id;
	text_append_percent_encoded(&id, key, strlen(key), true);
	return buffer_take(&id);
}

/* Appends the placeholder's value; returns whether it was one and is
 * empty. */
static bool
append_placeholder(struct buffer *out, const char *name, size_t len,
    const struct article *a, const char *key)
{
	const char *base = strrchr(key, '/');
	const char *value = NULL;
	bool keep_slash = false;

	base = base != NULL ? base + 1 : key;
	if (len == 6 && memcmp(name, "{name}", 6) == 0)
		value = base;
	else if (len == 6 && memcmp(name, "{path}", 6) == 0) {
		value = key;
		keep_slash = true;
	} else if (len == 9 && memcmp(name, "{section}", 9) == 0)
		value = a->section != NULL ? a->section : "";
	else if (len == 4 && memcmp(name, "{id}", 4) == 0)
		value = a->id != NULL ? a->id : key;
	if (value == NULL) {
		buffer_append(out, name, len);
		return false;
	}
	text_append_percent_encoded(out, value, strlen(value), keep_slash);
	return value[0] == '\0';
}

/* Does the link so far end in a path's "/", not the "//" after the
 * scheme? */
static bool
ends_in_path_slash(const struct buffer *link)
{
	return link->len > 0 && link->data[link->len - 1] == '/' &&
	    !(link->len >= 3 && memcmp(link->data + link->len - 3, "://",
	    3) == 0);
}

/* An empty placeholder between two slashes (no section) leaves its
 * segment out: https://host/{section}/{name} gives https://host/name,
 * not https://host//name. */
char *
links_derive_link(const struct config *config, const struct article *a,
    const char *key)
{
	struct buffer link = BUFFER_INIT;
	const char *p = config->article_url, *open, *close;

	if (a->link != NULL)
		return xstrdup(a->link);
	while ((open = strchr(p, '{')) != NULL &&
	    (close = strchr(open, '}')) != NULL) {
		buffer_append(&link, p, (size_t)(open - p));
		p = close + 1;
		if (append_placeholder(&link, open, (size_t)(close - open + 1),
		    a, key) && *p == '/' && ends_in_path_slash(&link))
			p++;
	}
	buffer_append_string(&link, p);
	return buffer_take(&link);
}
