/* SPDX-License-Identifier: MIT */
/* config_query: a loaded config once accepted: its zone applied, compared
 * with the next one, its feeds looked up, and freed. */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config.h"
#include "config_parse.h"
#include "timefmt.h"

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
