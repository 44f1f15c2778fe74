/* SPDX-License-Identifier: MIT */
/* config: the INI file through inih, one table of keys per section kind.
 * Debian's inih (r55) silently splits lines over INI_MAX_LINE and gives the
 * handler no line numbers, so feedd feeds it through its own line reader,
 * which counts lines and refuses over-long ones first. */
#include "autoconfig.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <ini.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buffer.h"
#include "config.h"
#include "file_read.h"
#include "formats.h"
#include "path.h"
#include "text.h"
#include "timefmt.h"
#include "url.h"
#include "xalloc.h"

#define MIB (1024UL * 1024)
#define MAX_CONFIG_BYTES MIB
#define MAX_FEED_NAME 48	/* inih truncates section names at 49 bytes */
#define SHOWN_NAME_MAX 60	/* of a refused feed name, in its message */
#define MAX_COUNT 100000UL
#define MAX_BIG_COUNT 100000000UL
#define MAX_BYTES (64 * MIB)
#define MAX_DURATION_MS (24UL * 60 * 60 * 1000)
#define DEFAULT_MAX_ITEMS 50
#define DEFAULT_MAX_ARTICLE_SIZE MIB
#define DEFAULT_MAX_ARTICLES 1000000
#define DEFAULT_POLL_INTERVAL_MS (30 * 1000)
#define DEFAULT_DEBOUNCE_MS 200
#define DEFAULT_DEBOUNCE_MAX_MS 2000
#define DEFAULT_HUB_TIMEOUT_MS (10 * 1000)
#define ZONE_ERROR_SIZE 200
/* Which keys a section has set is a bit mask in an unsigned. */
#define KEY_SET_BITS (sizeof(unsigned) * CHAR_BIT)

enum value_type {
	VALUE_TEXT,		/* one line of UTF-8 */
	VALUE_URL,		/* absolute http(s) */
	VALUE_URL_LIST,		/* URLs apart by spaces; the key may repeat */
	VALUE_PATH,		/* relative to the config file */
	VALUE_COUNT,		/* 1 .. MAX_COUNT */
	VALUE_BIG_COUNT,	/* 1 .. MAX_BIG_COUNT */
	VALUE_BYTES,		/* with an optional K or M suffix */
	VALUE_LIST,		/* comma-separated */
	VALUE_DURATION,		/* milliseconds, with an ms or s suffix */
	VALUE_WATCH,		/* auto, inotify or poll */
	VALUE_BOOL,		/* yes/no, true/false, on/off, 1/0 */
	VALUE_FORMATS,		/* rss atom json */
};

struct key_spec {
	const char *name;
	enum value_type type;
	size_t offset;		/* of the field */
	size_t count_offset;	/* VALUE_LIST: of its size_t count */
	bool required;
};

#define SITE(key, type, field, required) \
	{ key, type, offsetof(struct config, field), 0, required }
#define FEED(key, type, field, required) \
	{ key, type, offsetof(struct feed_config, field), 0, required }

static const struct key_spec site_keys[] = {
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

static const struct key_spec feed_keys[] = {
	FEED("title", VALUE_TEXT, title, true),
	FEED("description", VALUE_TEXT, description, false),
	FEED("link", VALUE_URL, link, false),
	{ "sections", VALUE_LIST, offsetof(struct feed_config, sections),
	  offsetof(struct feed_config, section_count), true },
	FEED("max_items", VALUE_COUNT, max_items, false),
	FEED("formats", VALUE_FORMATS, formats, false),
};

#define NKEYS(table) (sizeof(table) / sizeof((table)[0]))

_Static_assert(NKEYS(site_keys) <= KEY_SET_BITS &&
    NKEYS(feed_keys) <= KEY_SET_BITS, "a section's keys fit its bit mask");

struct parse_state {
	const char *path;
	char *base_dir;		/* relative paths start here */
	const char *pos;	/* the line reader's place in the text */
	const char *end;
	unsigned line;
	unsigned site_line;	/* 0 until [site] is seen */
	unsigned site_keys_seen;
	unsigned site_key_line[KEY_SET_BITS];	/* where each was set */
	struct config *config;
	char *err;
	size_t errlen;
	bool failed;
};

static int
fail_at(struct parse_state *st, unsigned line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Keeps the first error only: later ones are often its consequences. */
static int
fail_at(struct parse_state *st, unsigned line, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (st->failed)
		return -1;
	st->failed = true;
	n = snprintf(st->err, st->errlen, "%s:%u: ", st->path, line);
	if (n < 0 || (size_t)n >= st->errlen)
		return -1;
	va_start(ap, fmt);
	vsnprintf(st->err + n, st->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

static bool
valid_feed_name(const char *s, size_t len)
{
	size_t i;

	if (len == 0 || len > MAX_FEED_NAME || s[0] == '.' || s[0] == '-')
		return false;
	for (i = 0; i < len; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.'))
			return false;
	}
	return true;
}

static struct feed_config *
find_feed(struct config *c, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < c->feed_count; i++)
		if (strlen(c->feeds[i].name) == len &&
		    strncasecmp(c->feeds[i].name, name, len) == 0)
			return &c->feeds[i];
	return NULL;
}

/* Section headers are seen here rather than in the handler, which inih
 * (r55) calls only for keys: so empty and repeated sections are caught. */
static int
note_section_header(struct parse_state *st, const char *s, const char *e)
{
	const char *close = memchr(s, ']', (size_t)(e - s));
	struct config *c = st->config;
	struct feed_config *feed;
	size_t len;

	if (close == NULL)
		return fail_at(st, st->line, "section header without ']'");
	s++;
	len = (size_t)(close - s);
	if (len == 4 && memcmp(s, "site", 4) == 0) {
		if (st->site_line != 0)
			return fail_at(st, st->line, "duplicate section [site] "
			    "(first at line %u)", st->site_line);
		st->site_line = st->line;
		return 0;
	}
	if (len == 4 && strncasecmp(s, "site", 4) == 0)
		return fail_at(st, st->line, "[%.4s]: the site section is "
		    "written [site], in lower case", s);
	if (!valid_feed_name(s, len))
		return fail_at(st, st->line, "bad feed name [%.*s]: use 1-%d "
		    "letters, digits, '_', '-' or '.', not starting with '.' "
		    "or '-'", (int)(len > SHOWN_NAME_MAX ? SHOWN_NAME_MAX :
		    len), s, MAX_FEED_NAME);
	if ((feed = find_feed(c, s, len)) != NULL)
		return fail_at(st, st->line, "duplicate section [%.*s] (first "
		    "at line %u; feed names may not differ only in case)",
		    (int)len, s, feed->line);
	c->feeds = xreallocarray(c->feeds, c->feed_count + 1,
	    sizeof(*c->feeds));
	feed = &c->feeds[c->feed_count++];
	memset(feed, 0, sizeof(*feed));
	feed->name = xstrndup(s, len);
	feed->line = st->line;
	return 0;
}

/* inih's ini_reader: hands over one line at a time, like fgets. */
static char *
read_line(char *out, int size, void *stream)
{
	struct parse_state *st = stream;
	const char *nl, *line_end, *s, *e;
	size_t len, content;

	if (st->failed || st->pos >= st->end)
		return NULL;
	nl = memchr(st->pos, '\n', (size_t)(st->end - st->pos));
	line_end = nl != NULL ? nl + 1 : st->end;
	len = (size_t)(line_end - st->pos);
	st->line++;
	content = len - (nl != NULL) - (len > (nl != NULL) &&
	    st->pos[len - 1 - (nl != NULL)] == '\r');
	/* Room for CR, LF and NUL in inih's buffer of `size` bytes. */
	if (size < 4 || content > (size_t)size - 3) {
		fail_at(st, st->line, "line too long (%zu bytes; at most %d): "
		    "inih would split it", content, size - 3);
		return NULL;
	}
	if (memchr(st->pos, '\0', len) != NULL) {
		fail_at(st, st->line, "NUL byte in the config");
		return NULL;
	}
	memcpy(out, st->pos, len);
	out[len] = '\0';
	st->pos = line_end;
	s = out;
	e = out + len;
	if (st->line == 1 && len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
		s += 3;		/* inih skips a BOM too */
	text_trim(&s, &e);
	if (s < e && *s == '[' && note_section_header(st, s, e) != 0)
		return NULL;
	return out;
}

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
			return fail_at(st, st->line, "'%s' is not a whole "
			    "number from 1 to %lu", value, kind->max);
		return fail_at(st, st->line, "'%s' is not %s", value,
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
		return fail_at(st, st->line, "watch is auto, inotify or poll, "
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
		return fail_at(st, st->line, "'%s' is not yes or no", value);
	return 0;
}

static int
set_formats(struct parse_state *st, unsigned *field, const char *value)
{
	char bad[48];

	if (formats_parse(value, field, bad, sizeof(bad)) != 0)
		return fail_at(st, st->line, "formats: '%s' is not rss, atom "
		    "or json, or is named twice", bad[0] != '\0' ? bad : value);
	return 0;
}

static int
set_url(struct parse_state *st, char **field, const char *value)
{
	const char *problem = url_problem(value);

	if (problem != NULL)
		return fail_at(st, st->line, "'%s' is not a usable URL: %s",
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

static void
set_list(char ***items, size_t *count, const char *value)
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

static int
set_value(struct parse_state *st, const struct key_spec *key, void *object,
    const char *value)
{
	char **text = (char **)((char *)object + key->offset);
	size_t *number = (size_t *)((char *)object + key->offset);

	if (!text_is_xml_clean(value, strlen(value)))
		return fail_at(st, st->line, "value of '%s' is not valid "
		    "UTF-8 or holds control characters", key->name);
	if (value[0] == '\0')
		return fail_at(st, st->line, "'%s' has no value", key->name);
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
		set_list((char ***)text, (size_t *)((char *)object +
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

static const struct key_spec *
find_key(const struct key_spec *table, size_t n, const char *name,
    size_t *index)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(table[i].name, name) == 0) {
			*index = i;
			return &table[i];
		}
	return NULL;
}

/* Binds a key to its section's table; a repeated key is refused, which also
 * catches inih's continuation of an indented line. */
static int
handle_key(void *user, const char *section, const char *name,
    const char *value)
{
	struct parse_state *st = user;
	const struct key_spec *table = feed_keys, *key;
	size_t n = NKEYS(feed_keys), index;
	unsigned *seen;
	void *object;

	if (st->failed)
		return 1;
	if (section[0] == '\0') {
		fail_at(st, st->line, "'%s' is outside any section: put it "
		    "under [site] or a feed's [name]", name);
		return 1;
	}
	if (strcmp(section, "site") == 0) {
		table = site_keys;
		n = NKEYS(site_keys);
		object = st->config;
		seen = &st->site_keys_seen;
	} else {
		struct feed_config *feed = find_feed(st->config, section,
		    strlen(section));
		if (feed == NULL) {
			fail_at(st, st->line, "bad section header [%s]", section);
			return 1;
		}
		object = feed;
		seen = &feed->keys_seen;
	}
	key = find_key(table, n, name, &index);
	if (key == NULL) {
		fail_at(st, st->line, "unknown key '%s' in [%s] (see "
		    "feedd.conf(5))", name, section);
		return 1;
	}
	if ((*seen & (1u << index)) && key->type != VALUE_URL_LIST) {
		fail_at(st, st->line, "'%s' given twice in [%s] (an indented "
		    "line continues the previous one: do not indent keys)",
		    name, section);
		return 1;
	}
	*seen |= 1u << index;
	if (table == site_keys)
		st->site_key_line[index] = st->line;
	else if (strcmp(name, "sections") == 0)
		((struct feed_config *)object)->sections_line = st->line;
	set_value(st, key, object, value);
	return 1;
}

static int
check_required(struct parse_state *st, const struct key_spec *table,
    size_t n, unsigned seen, const char *section, unsigned line)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (table[i].required && !(seen & (1u << i)))
			return fail_at(st, line, "[%s] lacks the required key "
			    "'%s'", section, table[i].name);
	return 0;
}

/* The line that set a [site] key, or the [site] header's when defaulted. */
static unsigned
site_key_line(const struct parse_state *st, const char *name)
{
	size_t i;

	for (i = 0; i < NKEYS(site_keys); i++)
		if (strcmp(site_keys[i].name, name) == 0 &&
		    st->site_key_line[i] != 0)
			return st->site_key_line[i];
	return st->site_line;
}

static int
check_article_url(struct parse_state *st, const char *url)
{
	static const char *const names[] = { "{name}", "{path}", "{section}",
	    "{id}" };
	const char *p = url, *close;
	bool has_key = false;
	size_t i;

	while ((p = strchr(p, '{')) != NULL) {
		close = strchr(p, '}');
		for (i = 0; close != NULL && i < 4; i++)
			if ((size_t)(close - p + 1) == strlen(names[i]) &&
			    memcmp(p, names[i], strlen(names[i])) == 0)
				break;
		if (close == NULL || i == 4)
			return fail_at(st, site_key_line(st, "article_url"), "article_url: "
			    "unknown placeholder at '%.20s' (use {name}, "
			    "{path}, {section} or {id})", p);
		has_key |= i != 2;
		p = close + 1;
	}
	if (!has_key)
		return fail_at(st, site_key_line(st, "article_url"), "article_url "
		    "has no {name}, "
		    "{path} or {id}: every article would get the same link");
	return 0;
}

static bool
valid_language(const char *s)
{
	size_t run = 0;

	for (; *s != '\0'; s++) {
		if (*s == '-') {
			if (run == 0)
				return false;
			run = 0;
		} else if (((*s | 0x20) >= 'a' && (*s | 0x20) <= 'z') ||
		    (*s >= '0' && *s <= '9')) {
			if (++run > 8)
				return false;
		} else {
			return false;
		}
	}
	return run > 0;
}

/* The host of an http(s) URL, lower case, for the default id prefix. */
static char *
url_host(const char *url)
{
	const char *host = strstr(url, "://") + 3;
	char *copy = xstrndup(host, strcspn(host, "/:?#"));

	text_ascii_lower(copy);
	return copy;
}

static void
apply_site_defaults(struct config *c)
{
	if (c->author == NULL)
		c->author = xstrdup(c->title);
	if (c->language == NULL)
		c->language = xstrdup("en");
	if (c->feeds_url == NULL)
		c->feeds_url = xstrdup(c->url);
	if (c->feeds_url[strlen(c->feeds_url) - 1] != '/') {
		char *slashed = xasprintf("%s/", c->feeds_url);
		free(c->feeds_url);
		c->feeds_url = slashed;
	}
	if (c->id_prefix == NULL) {
		char *host = url_host(c->url);
		c->id_prefix = xasprintf("tag:%s,2000:", host);
		free(host);
	}
	if (c->pattern_count == 0)
		set_list(&c->patterns, &c->pattern_count, "*.txt");
	if (c->max_items == 0)
		c->max_items = DEFAULT_MAX_ITEMS;
	if (c->formats == 0)
		c->formats = FORMATS_DEFAULT;
	if (c->max_article_size == 0)
		c->max_article_size = DEFAULT_MAX_ARTICLE_SIZE;
	if (c->max_articles == 0)
		c->max_articles = DEFAULT_MAX_ARTICLES;
	if (c->poll_interval_ms == 0)
		c->poll_interval_ms = DEFAULT_POLL_INTERVAL_MS;
	if (c->debounce_ms == 0)
		c->debounce_ms = DEFAULT_DEBOUNCE_MS;
	if (c->debounce_max_ms == 0)
		c->debounce_max_ms = DEFAULT_DEBOUNCE_MAX_MS;
	if (c->hub_timeout_ms == 0)
		c->hub_timeout_ms = DEFAULT_HUB_TIMEOUT_MS;
}

static int
check_feed(struct parse_state *st, struct feed_config *f)
{
	struct config *c = st->config;
	size_t i;

	if (check_required(st, feed_keys, NKEYS(feed_keys), f->keys_seen,
	    f->name, f->line) != 0)
		return -1;
	for (i = 0; i < f->section_count; i++)
		if (strcmp(f->sections[i], "*") == 0)
			f->all_sections = true;
	if (f->all_sections && f->section_count != 1)
		return fail_at(st, f->sections_line, "[%s]: sections = * takes no other "
		    "section names", f->name);
	if (f->section_count == 0)
		return fail_at(st, f->sections_line, "[%s]: sections is empty (name "
		    "article sections, or * for all)", f->name);
	if (f->description == NULL)
		f->description = xstrdup(c->description != NULL ?
		    c->description : f->title);
	if (f->link == NULL)
		f->link = xstrdup(c->url);
	if (f->max_items == 0)
		f->max_items = c->max_items;
	if (f->formats == 0)
		f->formats = c->formats;
	return 0;
}

static int
validate(struct parse_state *st)
{
	struct config *c = st->config;
	char zone_err[ZONE_ERROR_SIZE];
	size_t i;

	if (st->site_line == 0)
		return fail_at(st, 1, "no [site] section (it holds title, url, "
		    "article_url, articles and output)");
	if (check_required(st, site_keys, NKEYS(site_keys),
	    st->site_keys_seen, "site", st->site_line) != 0 ||
	    check_article_url(st, c->article_url) != 0)
		return -1;
	if (c->language != NULL && !valid_language(c->language))
		return fail_at(st, site_key_line(st, "language"), "language '%s' is not a "
		    "language tag such as en or de-CH", c->language);
	apply_site_defaults(c);
	c->articles_line = site_key_line(st, "articles");
	c->output_line = site_key_line(st, "output");
	c->state_file_line = site_key_line(st, "state_file");
	/* Only checked: the caller applies the zone once the whole config
	 * is accepted, so a refused reload leaves the running one as it is. */
	if (c->timezone != NULL &&
	    timefmt_check_zone(c->timezone, zone_err, sizeof(zone_err)) != 0)
		return fail_at(st, site_key_line(st, "timezone"), "timezone: %s",
		    zone_err);
	if (!text_has_uri_scheme(c->id_prefix))
		return fail_at(st, site_key_line(st, "id_prefix"), "id_prefix "
		    "'%s' does not start with a URI scheme (such as tag:)",
		    c->id_prefix);
	if (c->feed_count == 0)
		return fail_at(st, st->line, "no feeds: add a section such as "
		    "[world] with title = World and sections = World");
	for (i = 0; i < c->feed_count; i++)
		if (check_feed(st, &c->feeds[i]) != 0)
			return -1;
	return 0;
}

int
config_parse(const char *path, const char *text, size_t len,
    struct config **out, char *err, size_t errlen)
{
	struct parse_state st;
	int rc;

	memset(&st, 0, sizeof(st));
	st.path = path;
	st.base_dir = path_split(path, NULL);
	st.pos = text;
	st.end = text + len;
	st.err = err;
	st.errlen = errlen;
	st.config = xcalloc(1, sizeof(*st.config));
	st.config->path = xstrdup(path);
	st.config->pages = true;
	rc = ini_parse_stream(read_line, &st, handle_key, &st);
	if (rc > 0 && !st.failed)
		fail_at(&st, (unsigned)rc, "not a [section] header nor a "
		    "key = value line");
	else if (rc < 0 && !st.failed)
		fail_at(&st, st.line, "cannot parse the config");
	if (!st.failed)
		validate(&st);
	free(st.base_dir);
	if (st.failed) {
		config_free(st.config);
		return -1;
	}
	*out = st.config;
	return 0;
}

/* Reads the whole file so that lines can be checked before inih sees them. */
static int
read_file(const char *path, struct buffer *out, char *err, size_t errlen)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	/* No line to name: "FILE: message", and what to do about it. */
	if (fd < 0) {
		snprintf(err, errlen, "%s: cannot open the config: %s (%s)",
		    path, strerror(errno), errno == ENOENT ? "give the "
		    "config's path with -c, or create it: see feedd.conf(5)" :
		    "check its permissions and those of its folders");
		return -1;
	}
	if (file_read_all(fd, 0, MAX_CONFIG_BYTES, out) != 0) {
		snprintf(err, errlen, "%s: %s%s", path, errno != EFBIG ?
		    "cannot read the config: " : "", errno != EFBIG ?
		    strerror(errno) : "larger than 1 MiB: not a config");
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

int
config_load(const char *path, struct config **out, char *err, size_t errlen)
{
	struct buffer text = BUFFER_INIT;
	struct stat st;
	int rc;

	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s: not a regular file: give the "
		    "config file's path with -c", path);
		return -1;
	}
	if (read_file(path, &text, err, errlen) != 0) {
		buffer_free(&text);
		return -1;
	}
	rc = config_parse(path, text.data != NULL ? text.data : "", text.len,
	    out, err, errlen);
	buffer_free(&text);
	return rc;
}

int
config_apply_zone(const struct config *config, char *err, size_t errlen)
{
	char zone_err[ZONE_ERROR_SIZE];

	if (timefmt_set_zone(config->timezone, zone_err,
	    sizeof(zone_err)) == 0)
		return 0;
	snprintf(err, errlen, "%s: timezone: %s", config->path, zone_err);
	return -1;
}

static void
free_list(char **items, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++)
		free(items[i]);
	free(items);
}

void
config_free(struct config *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->feed_count; i++) {
		struct feed_config *f = &c->feeds[i];
		free(f->name);
		free(f->title);
		free(f->description);
		free(f->link);
		free_list(f->sections, f->section_count);
	}
	free(c->feeds);
	free(c->path);
	free(c->title);
	free(c->description);
	free(c->url);
	free(c->feeds_url);
	free(c->article_url);
	free(c->articles_dir);
	free(c->output_dir);
	free(c->timezone);
	free(c->author);
	free(c->language);
	free(c->id_prefix);
	free(c->state_file);
	free_list(c->patterns, c->pattern_count);
	free_list(c->hubs, c->hub_count);
	free(c);
}

static bool
same_string(const char *a, const char *b)
{
	return strcmp(a, b) == 0;
}

bool
config_same_articles(const struct config *a, const struct config *b)
{
	size_t i;

	if (!same_string(a->articles_dir, b->articles_dir) ||
	    (a->timezone == NULL) != (b->timezone == NULL) ||
	    (a->timezone != NULL && !same_string(a->timezone, b->timezone)) ||
	    !same_string(a->article_url, b->article_url) ||
	    !same_string(a->id_prefix, b->id_prefix) ||
	    !same_string(a->state_file, b->state_file) ||
	    a->max_article_size != b->max_article_size ||
	    a->max_articles != b->max_articles ||
	    a->follow_symlinks != b->follow_symlinks ||
	    a->pattern_count != b->pattern_count)
		return false;
	for (i = 0; i < a->pattern_count; i++)
		if (!same_string(a->patterns[i], b->patterns[i]))
			return false;
	return true;
}

const struct feed_config *
config_find_feed(const struct config *config, const char *name)
{
	size_t i;

	for (i = 0; i < config->feed_count; i++)
		if (strcmp(config->feeds[i].name, name) == 0)
			return &config->feeds[i];
	return NULL;
}

bool
config_feed_wants(const struct feed_config *feed, const char *section)
{
	size_t i;

	if (feed->all_sections)
		return true;
	if (section == NULL)
		return false;
	for (i = 0; i < feed->section_count; i++)
		if (strcasecmp(feed->sections[i], section) == 0)
			return true;
	return false;
}
