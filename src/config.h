/* SPDX-License-Identifier: MIT */
/* config: feedd.conf (INI, read with inih) to a validated struct config.
 * Errors read "FILE:LINE: message". Read by config.c (the lines, through
 * inih), config_keys.c (each key's value) and config_check.c (the whole,
 * and the defaults); config_query.c answers questions about the result. */
#ifndef FEEDD_CONFIG_H
#define FEEDD_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

/* One feed: an INI section other than [site]. */
struct feed_config {
	char *name;		/* writes OUTPUT/NAME.rss, .atom, .json, .html */
	char *title;
	char *description;
	char *link;		/* the page the feed stands for */
	char **sections;	/* article sections, compared case-insensitively */
	size_t section_count;
	bool all_sections;	/* sections = * */
	size_t max_items;
	unsigned formats;	/* FORMAT_BITs (formats.h) it writes */
	unsigned line;		/* of the [NAME] header, for messages */
	unsigned sections_line;
	unsigned keys_seen;	/* bit per key, to refuse duplicates */
};

struct config {
	char *path;
	/* [site] */
	char *title;
	char *description;
	char *url;
	char *feeds_url;	/* always ends in '/' */
	char *article_url;	/* with {name} {path} {section} {id} */
	char *articles_dir;	/* absolute, or relative to the cwd */
	char *output_dir;
	char *timezone;		/* NULL: the system's zone */
	char *author;
	char *language;
	char *id_prefix;
	char *state_file;	/* NULL: see state_default_path */
	unsigned articles_line, output_line, state_file_line; /* for messages */
	char **patterns;
	size_t pattern_count;
	size_t max_items;
	size_t max_article_size;
	size_t max_articles;	/* files held in memory at most */
	bool follow_symlinks;	/* read linked files and folders too */
	unsigned formats;	/* the feeds' default FORMAT_BITs */
	bool pages;		/* write NAME.html next to each feed */
	char **hubs;		/* WebSub hubs told of changed feeds */
	size_t hub_count;
	size_t hub_timeout_ms;	/* for one ping to a hub */
	/* the daemon */
	enum watch_mode { WATCH_AUTO, WATCH_INOTIFY, WATCH_POLL } watch;
	size_t poll_interval_ms;
	size_t debounce_ms;	/* quiet time before a rebuild */
	size_t debounce_max_ms;	/* the longest a rebuild waits */
	/* the feeds, in file order */
	struct feed_config *feeds;
	size_t feed_count;
};

/* Reads and validates a config file. Returns 0 with *out set (free it with
 * config_free), or -1 with "FILE:LINE: message" in err ("FILE: message"
 * when no line is at fault). Changes no process state: it checks that the
 * zone exists, config_apply_zone sets it. */
int config_load(const char *path, struct config **out, char *err,
    size_t errlen);

/* The same from bytes in memory; path names the file in messages and
 * anchors relative paths. */
int config_parse(const char *path, const char *text, size_t len,
    struct config **out, char *err, size_t errlen);

void config_free(struct config *config);

/* Makes the config's zone (the system's when it names none) the one dates
 * are read and written in, once the config is accepted. Returns 0, or -1
 * with "FILE: message" in err and the zone unchanged. Main thread only,
 * while no other thread handles dates (see timefmt_set_zone). */
int config_apply_zone(const struct config *config, char *err, size_t errlen);

/* Do two configs read the same articles the same way (same folder, names,
 * zone, ids and links)? If not, the library must be read afresh. */
bool config_same_articles(const struct config *a, const struct config *b);

/* The feed of that name, or NULL. */
const struct feed_config *config_find_feed(const struct config *config,
    const char *name);

/* Does a feed take articles of this section (NULL: none named)? */
bool config_feed_wants(const struct feed_config *feed, const char *section);

#endif
