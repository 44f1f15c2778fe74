/* SPDX-License-Identifier: MIT */
/* config_keys: the table of feedd.conf's keys, one per section kind, and
 * the typed setters that check and convert a value. */
#include "autoconfig.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config_parse.h"
#include "formats.h"
#include "path.h"
#include "text.h"
#include "url.h"
#include "xalloc.h"

#define MAX_COUNT 100000UL
#define MAX_BIG_COUNT 100000000UL
#define MAX_BYTES (64 * MIB)
#define MAX_DURATION_MS (24UL * 60 * 60 * 1000)

#define SITE(key, type, field, required) \
	{ key, type, offsetof(struct config, field), 0, required }
#define FEED(key, type, field, required) \
	{ key, type, offsetof(struct feed_config, field), 0, required }

const struct key_spec config_site_keys[] = {
	SITE("title", VALUE_TEXT, title, true),
	SITE("description", VALUE_TEXT, description, false),
	SITE("url", VALUE_URL, url, true),
	SITE("feeds_url", VALUE_URL, feeds_url, false),
	SITE("article_url", VALUE_URL, article_url, true),
	SITE("articles", VALUE_PATH, articles_dir, true),
	SITE("output", VALUE_PATH, output_dir, true),
	SITE("timezone", VALUE_TEXT, timezone, false),
	SITE("author", VALUE_TEXT, author, false),
	SITE("language", VALUE_TEXT, language, false),
	SITE("id_prefix", VALUE_TEXT, id_prefix, false),
	SITE("state_file", VALUE_PATH, state_file, false),
	{ "patterns", VALUE_LIST, offsetof(struct config, patterns),
	  offsetof(struct config, pattern_count), false },
	SITE("max_items", VALUE_COUNT, max_items, false),
	SITE("max_article_size", VALUE_BYTES, max_article_size, false),
	SITE("max_articles", VALUE_BIG_COUNT, max_articles, false),
	SITE("follow_symlinks", VALUE_BOOL, follow_symlinks, false),
	SITE("formats", VALUE_FORMATS, formats, false),
	SITE("pages", VALUE_BOOL, pages, false),
	SITE("watch", VALUE_WATCH, watch, false),
	SITE("poll_interval", VALUE_DURATION, poll_interval_ms, false),
	SITE("debounce", VALUE_DURATION, debounce_ms, false),
	SITE("debounce_max", VALUE_DURATION, debounce_max_ms, false),
	{ "hub", VALUE_URL_LIST, offsetof(struct config, hubs),
	  offsetof(struct config, hub_count), false },
	SITE("hub_timeout", VALUE_DURATION, hub_timeout_ms, false),
};

const struct key_spec config_feed_keys[] = {
	FEED("title", VALUE_TEXT, title, true),
	FEED("description", VALUE_TEXT, description, false),
	FEED("link", VALUE_URL, link, false),
	{ "sections", VALUE_LIST, offsetof(struct feed_config, sections),
	  offsetof(struct feed_config, section_count), true },
	FEED("max_items", VALUE_COUNT, max_items, false),
	FEED("formats", VALUE_FORMATS, formats, false),
};

#define NKEYS(table) (sizeof(table) / sizeof((table)[0]))

const size_t config_site_key_count = NKEYS(config_site_keys);
const size_t config_feed_key_count = NKEYS(config_feed_keys);

_Static_assert(NKEYS(config_site_keys) <= KEY_SET_BITS &&
    NKEYS(config_feed_keys) <= KEY_SET_BITS,
    "a section's keys fit its bit mask");

/* A number with a unit: what a suffix multiplies by. */
struct unit {
	const char *suffix;
	unsigned long scale;
};

struct number_kind {
	const struct unit *units;	/* ends with a NULL suffix */
	unsigned long max;		/* in the smallest unit */
	const char *what;		/* for the message: "'x' is not WHAT" */
};

static const struct unit plain_units[] = { { "", 1 }, { NULL, 0 } };
static const struct unit byte_units[] = {
	{ "", 1 }, { "K", 1024 }, { "k", 1024 }, { "M", MIB }, { "m", MIB },
	{ NULL, 0 }
};
/* "200ms", "2s" or "2" (seconds). */
static const struct unit duration_units[] = {
	{ "", 1000 }, { "s", 1000 }, { "ms", 1 }, { NULL, 0 }
};

/* what NULL: "a whole number from 1 to MAX". */
static const struct number_kind count_kind = {
	plain_units, MAX_COUNT, NULL };
static const struct number_kind big_count_kind = {
	plain_units, MAX_BIG_COUNT, NULL };
static const struct number_kind bytes_kind = {
	byte_units, MAX_BYTES, "a size from 1 to 64M (bytes, or with a K or M "
	"suffix)" };
static const struct number_kind duration_kind = {
	duration_units, MAX_DURATION_MS, "a duration from 1ms to one day "
	"(write 200ms or 2s)" };

/* Digits, then one of the kind's suffixes: from 1 unit up to its max. */
static int
set_number(struct parse_state *st, size_t *field, const char *value,
    const struct number_kind *kind)
{
	const struct unit *u;
	char *end;
	unsigned long n;

	errno = 0;
	n = strtoul(value, &end, 10);
	for (u = kind->units; u->suffix != NULL; u++)
		if (strcmp(end, u->suffix) == 0)
			break;
	if (value[0] < '0' || value[0] > '9' || u->suffix == NULL ||
	    errno != 0 || n == 0 || n > kind->max / u->scale) {
		if (kind->what == NULL)
			return config_fail_at(st, st->line,
			    "'%s' is not a whole "
			    "number from 1 to %lu", value, kind->max);
		return config_fail_at(st, st->line, "'%s' is not %s", value,
		    kind->what);
	}
	*field = n * u->scale;
	return 0;
}

static int
set_watch(struct parse_state *st, enum watch_mode *field, const char *value)
{
	if (strcmp(value, "auto") == 0)
		*field = WATCH_AUTO;
	else if (strcmp(value, "inotify") == 0)
		*field = WATCH_INOTIFY;
	else if (strcmp(value, "poll") == 0)
		*field = WATCH_POLL;
	else
		return config_fail_at(st, st->line,
		    "watch is auto, inotify or poll, "
		    "not '%s'", value);
	return 0;
}

static int
set_bool(struct parse_state *st, bool *field, const char *value)
{
	if (strcasecmp(value, "yes") == 0 || strcasecmp(value, "true") == 0 ||
	    strcasecmp(value, "on") == 0 || strcmp(value, "1") == 0)
		*field = true;
	else if (strcasecmp(value, "no") == 0 ||
	    strcasecmp(value, "false") == 0 || strcasecmp(value, "off") == 0 ||
	    strcmp(value, "0") == 0)
		*field = false;
	else
		return config_fail_at(st, st->line,
		    "'%s' is not yes or no", value);
	return 0;
}

static int
set_formats(struct parse_state *st, unsigned *field, const char *value)
{
	char bad[48];

	if (formats_parse(value, field, bad, sizeof(bad)) != 0)
		return config_fail_at(st, st->line,
		    "formats: '%s' is not rss, atom "
		    "or json, or is named twice", bad[0] != '\0' ? bad : value);
	return 0;
}

static int
set_url(struct parse_state *st, char **field, const char *value)
{
	const char *problem = url_problem(value);

	if (problem != NULL)
		return config_fail_at(st, st->line,
		    "'%s' is not a usable URL: %s",
		    value, problem);
	*field = xstrdup(value);
	return 0;
}

/* Each URL of the list is checked as a single one would be. */
static int
add_urls(struct parse_state *st, char ***items, size_t *count,
    const char *value)
{
	const char *s = value;
	size_t len;
	char *one, *url = NULL;
	int rc;

	while (*s != '\0') {
		s += strspn(s, " \t");
		len = strcspn(s, " \t");
		if (len == 0)
			break;
		one = xstrndup(s, len);
		rc = set_url(st, &url, one);
		free(one);
		if (rc != 0)
			return rc;
		*items = xreallocarray(*items, *count + 1, sizeof(**items));
		(*items)[(*count)++] = url;
		s += len;
	}
	return 0;
}

static char *
join_path(const char *dir, const char *path)
{
	/* A config named without a folder anchors paths in the cwd. */
	if (path[0] == '/' || strcmp(dir, ".") == 0)
		return xstrdup(path);
	return xpathjoin(dir, path);
}

void
config_set_list(char ***items, size_t *count, const char *value)
{
	const char *s = value, *comma, *a, *b;

	while (*s != '\0') {
		comma = strchr(s, ',');
		if (comma == NULL)
			comma = s + strlen(s);
		a = s;
		b = comma;
		text_trim(&a, &b);
		if (a < b) {
			*items = xreallocarray(*items, *count + 1,
			    sizeof(**items));
			(*items)[(*count)++] = xstrndup(a, (size_t)(b - a));
		}
		s = *comma != '\0' ? comma + 1 : comma;
	}
}

int
config_set_value(struct parse_state *st, const struct key_spec *key,
    void *object, const char *value)
{
	char **text = (char **)((char *)object + key->offset);
	size_t *number = (size_t *)((char *)object + key->offset);

	if (!text_is_xml_clean(value, strlen(value)))
		return config_fail_at(st, st->line,
		    "value of '%s' is not valid "
		    "UTF-8 or holds control characters", key->name);
	if (value[0] == '\0')
		return config_fail_at(st, st->line,
		    "'%s' has no value", key->name);
	switch (key->type) {
	case VALUE_TEXT:
		*text = xstrdup(value);
		return 0;
	case VALUE_PATH:
		*text = join_path(st->base_dir, value);
		return 0;
	case VALUE_URL:
		return set_url(st, text, value);
	case VALUE_URL_LIST:
		return add_urls(st, (char ***)text, (size_t *)((char *)object +
		    key->count_offset), value);
	case VALUE_COUNT:
		return set_number(st, number, value, &count_kind);
	case VALUE_BIG_COUNT:
		return set_number(st, number, value, &big_count_kind);
	case VALUE_BYTES:
		return set_number(st, number, value, &bytes_kind);
	case VALUE_LIST:
		config_set_list((char ***)text, (size_t *)((char *)object +
		    key->count_offset), value);
		return 0;
	case VALUE_DURATION:
		return set_number(st, number, value, &duration_kind);
	case VALUE_BOOL:
		return set_bool(st, (bool *)((char *)object + key->offset),
		    value);
	case VALUE_FORMATS:
		return set_formats(st, (unsigned *)((char *)object +
		    key->offset), value);
	case VALUE_WATCH:
		return set_watch(st, (enum watch_mode *)((char *)object +
		    key->offset), value);
	}
	return 0;
}

