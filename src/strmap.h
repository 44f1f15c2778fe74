/* SPDX-License-Identifier: MIT */
/* strmap: a hash map from borrowed C strings to pointers. */
#ifndef FEEDD_STRMAP_H
#define FEEDD_STRMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct strmap;

/* Walks the entries in no particular order; the map must not change
 * meanwhile. */
struct strmap_iter {
	const struct strmap *map;
	size_t next;
};

struct strmap *strmap_new(void);
/* Keys are borrowed: each must outlive its entry. */
/* The hash the map uses (64-bit FNV-1a), for callers that keep hashes. */
uint64_t strmap_hash(const char *s);
void strmap_put(struct strmap *map, const char *key, void *value);
void *strmap_get(const struct strmap *map, const char *key);
/* Returns the removed value, or NULL. */
void *strmap_remove(struct strmap *map, const char *key);
size_t strmap_count(const struct strmap *map);
void strmap_iter_init(struct strmap_iter *it, const struct strmap *map);
bool strmap_iter_next(struct strmap_iter *it, const char **key, void **value);
/* Frees the map, not the keys or values. */
void strmap_free(struct strmap *map);

#endif
