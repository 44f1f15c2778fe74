/* SPDX-License-Identifier: MIT */
/* config_parse: what the config's files share while one is read: the
 * parse state, the tables of keys and the steps config.c calls. Private to
 * config.c (which alone sees inih), config_keys.c and config_check.c. */
#ifndef FEEDD_CONFIG_PARSE_H
#define FEEDD_CONFIG_PARSE_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "config.h"

#define MIB (1024UL * 1024)
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

/* Each section kind's keys, in the order feedd.conf(5) gives them; a
 * key's index is its bit in keys_seen and site_keys_seen. */
extern const struct key_spec config_site_keys[];
extern const size_t config_site_key_count;
extern const struct key_spec config_feed_keys[];
extern const size_t config_feed_key_count;

/* Sets "FILE:LINE: message" in st->err, the first error only (later ones
 * are often its consequences). Returns -1. (config.c) */
int config_fail_at(struct parse_state *st, unsigned line, const char *fmt,
    ...) __attribute__((format(printf, 3, 4)));

/* Checks the value of a key, converts it to the key's type and stores it
 * in object (the struct config or feed_config the key's table is for).
 * Returns 0, or -1 after config_fail_at. (config_keys.c) */
int config_set_value(struct parse_state *st, const struct key_spec *key,
    void *object, const char *value);

/* Appends the comma-separated items of value, trimmed, empty ones left
 * out. (config_keys.c) */
void config_set_list(char ***items, size_t *count, const char *value);

/* Once every line is read: required keys, the checks that need more than
 * one key, and the defaults. Returns 0, or -1 after config_fail_at.
 * (config_check.c) */
int config_validate(struct parse_state *st);

#endif
