/* SPDX-License-Identifier: MIT */
/* config_check: what is checked once the whole file is read (required
 * keys, article_url's placeholders, the language, the zone, each feed)
 * and the defaults of the keys left out. Changes no process state. */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "config_parse.h"
#include "formats.h"
#include "text.h"
#include "timefmt.h"
#include "xalloc.h"

#define DEFAULT_MAX_ITEMS 50
#define DEFAULT_MAX_ARTICLE_SIZE MIB
#define DEFAULT_MAX_ARTICLES 1000000
#define DEFAULT_POLL_INTERVAL_MS (30 * 1000)
#define DEFAULT_DEBOUNCE_MS 200
#define DEFAULT_DEBOUNCE_MAX_MS 2000
#define DEFAULT_HUB_TIMEOUT_MS (10 * 1000)

static int
check_required(struct parse_state *st, const struct key_spec *table,
    size_t n, unsigned seen, const char *section, unsigned line)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (table[i].required && !(seen & (1u << i)))
			return config_fail_at(st, line,
			    "[%s] lacks the required key "
			    "'%s'", section, table[i].name);
	return 0;
}

/* The line that set a [site] key, or the [site] header's when defaulted. */
static unsigned
site_key_line(const struct parse_state *st, const char *name)
{
	size_t i;

	for (i = 0; i < config_site_key_count; i++)
		if (strcmp(config_site_keys[i].name, name) == 0 &&
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
			return config_fail_at(st,
			    site_key_line(st, "article_url"), "article_url: "
			    "unknown placeholder at '%.20s' (use {name}, "
			    "{path}, {section} or {id})", p);
		has_key |= i != 2;
		p = close + 1;
	}
	if (!has_key)
		return config_fail_at(st, site_key_line(st, "article_url"),
		    "article_url "
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
		config_set_list(&c->patterns, &c->pattern_count, "*.txt");
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

	if (check_required(st, config_feed_keys, config_feed_key_count,
	    f->keys_seen, f->name, f->line) != 0)
		return -1;
	for (i = 0; i < f->section_count; i++)
		if (strcmp(f->sections[i], "*") == 0)
			f->all_sections = true;
	if (f->all_sections && f->section_count != 1)
		return config_fail_at(st, f->sections_line,
		    "[%s]: sections = * takes no other "
		    "section names", f->name);
	if (f->section_count == 0)
		return config_fail_at(st, f->sections_line,
		    "[%s]: sections is empty (name "
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

int
config_validate(struct parse_state *st)
{
	struct config *c = st->config;
	char zone_err[ZONE_ERROR_SIZE];
	size_t i;

	if (st->site_line == 0)
		return config_fail_at(st, 1,
		    "no [site] section (it holds title, url, "
		    "article_url, articles and output)");
	if (check_required(st, config_site_keys, config_site_key_count,
	    st->site_keys_seen, "site", st->site_line) != 0 ||
	    check_article_url(st, c->article_url) != 0)
		return -1;
	if (c->language != NULL && !valid_language(c->language))
		return config_fail_at(st, site_key_line(st, "language"),
		    "language '%s' is not a "
		    "language tag such as en or de-CH", c->language);
	apply_site_defaults(c);
	c->articles_line = site_key_line(st, "articles");
	c->output_line = site_key_line(st, "output");
	c->state_file_line = site_key_line(st, "state_file");
	/* Only checked: the caller applies the zone once the whole config
	 * is accepted, so a refused reload leaves the running one as it is. */
	if (c->timezone != NULL &&
	    timefmt_check_zone(c->timezone, zone_err, sizeof(zone_err)) != 0)
		return config_fail_at(st, site_key_line(st, "timezone"),
		    "timezone: %s",
		    zone_err);
	if (!text_has_uri_scheme(c->id_prefix))
		return config_fail_at(st, site_key_line(st, "id_prefix"),
		    "id_prefix "
		    "'%s' does not start with a URI scheme (such as tag:)",
		    c->id_prefix);
	if (c->feed_count == 0)
		return config_fail_at(st, st->line,
		    "no feeds: add a section such as "
		    "[world] with title = World and sections = World");
	for (i = 0; i < c->feed_count; i++)
		if (check_feed(st, &c->feeds[i]) != 0)
			return -1;
	return 0;
}

