/* SPDX-License-Identifier: MIT */
/* strmap: open addressing with linear probing and backward-shift deletion,
 * so lookups stay O(1) as articles come and go. */
#include "autoconfig.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "strmap.h"
#include "xalloc.h"

struct slot {
	const char *key;	/* NULL: empty */
	void *value;
	uint64_t hash;
};

struct strmap {
	struct slot *slots;
	size_t cap;		/* a power of two */
	size_t count;
};

/* FNV-1a, 64-bit: short keys, no adversary who benefits from collisions
 * beyond slowing their own feed. */
uint64_t
strmap_hash(const char *s)
{
	uint64_t h = 14695981039346656037ULL;

	while (*s != '\0') {
		h ^= (unsigned char)*s++;
		h *= 1099511628211ULL;
	}
	return h;
}

struct strmap *
strmap_new(void)
{
	struct strmap *map = xcalloc(1, sizeof(*map));

	map->cap = 64;
	map->slots = xcalloc(map->cap, sizeof(*map->slots));
	return map;
}

static size_t
find_slot(const struct strmap *map, const char *key, uint64_t hash)
{
	size_t i = (size_t)hash & (map->cap - 1);

	while (map->slots[i].key != NULL &&
	    (map->slots[i].hash != hash || strcmp(map->slots[i].key, key) != 0))
		i = (i + 1) & (map->cap - 1);
	return i;
}

static void
grow(struct strmap *map)
{
	struct slot *old = map->slots;
	size_t old_cap = map->cap, i;

	map->cap *= 2;
	map->slots = xcalloc(map->cap, sizeof(*map->slots));
	for (i = 0; i < old_cap; i++)
		if (old[i].key != NULL)
			map->slots[find_slot(map, old[i].key, old[i].hash)] =
			    old[i];
	free(old);
}

void
strmap_put(struct strmap *map, const char *key, void *value)
{
	uint64_t hash = strmap_hash(key);
	size_t i;

	if ((map->count + 1) * 4 > map->cap * 3)
		grow(map);
	i = find_slot(map, key, hash);
	if (map->slots[i].key == NULL)
		map->count++;
	map->slots[i].key = key;
	map->slots[i].value = value;
	map->slots[i].hash = hash;
}

void *
strmap_get(const struct strmap *map, const char *key)
{
	size_t i = find_slot(map, key, strmap_hash(key));

	return map->slots[i].key != NULL ? map->slots[i].value : NULL;
}

void *
strmap_remove(struct strmap *map, const char *key)
{
	size_t mask = map->cap - 1;
	size_t i = find_slot(map, key, strmap_hash(key)), j, home;
	void *value;

	if (map->slots[i].key == NULL)
		return NULL;
	value = map->slots[i].value;
	/* Shift later members of the probe run back over the hole. */
	for (j = (i + 1) & mask; map->slots[j].key != NULL; j = (j + 1) & mask) {
		home = (size_t)map->slots[j].hash & mask;
		if (((j - home) & mask) >= ((j - i) & mask)) {
			map->slots[i] = map->slots[j];
			i = j;
		}
	}
	map->slots[i].key = NULL;
	map->slots[i].value = NULL;
	map->count--;
	return value;
}

size_t
strmap_count(const struct strmap *map)
{
	return map->count;
}

void
strmap_iter_init(struct strmap_iter *it, const struct strmap *map)
{
	it->map = map;
	it->next = 0;
}

bool
strmap_iter_next(struct strmap_iter *it, const char **key, void **value)
{
	while (it->next < it->map->cap) {
		const struct slot *s = &it->map->slots[it->next++];
		if (s->key != NULL) {
			*key = s->key;
			*value = s->value;
			return true;
		}
	}
	return false;
}

void
strmap_free(struct strmap *map)
{
	if (map == NULL)
		return;
	free(map->slots);
	free(map);
}
