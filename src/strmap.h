/* SPDX-License-Identifier: MIT */
/* strmap: a hash map from borrowed C strings to pointers. */
#ifndef FEEDD_STRMAP_H
#define FEEDD_STRMAP_H

#include <stddef.h>

struct strmap;

struct strmap *strmap_new(void);
/* Keys are borrowed: each must outlive its entry. */
void strmap_put(struct strmap *map, const char *key, void *value);
void *strmap_get(const struct strmap *map, const char *key);
/* Returns the removed value, or NULL. */
void *strmap_remove(struct strmap *map, const char *key);
size_t strmap_count(const struct strmap *map);
void strmap_free(struct strmap *map);

#endif
