/* SPDX-License-Identifier: MIT */
/* strmap: the members in one dense array, found through an index of
 * 4-byte positions (open addressing, linear probing, backward-shift
 * deletion), so lookups stay O(1) as articles come and go. The library
 * and the state keep a map of every article, three in all: a slot of
 * key, value and hash per bucket at three buckets for two members cost
 * 24 bytes where a position is 4, and the members then take 20 bytes. */
#include "autoconfig.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "strmap.h"
#include "xalloc.h"

/* A position in the index: 0 is empty, else the member's number + 1. */
typedef uint32_t position;

struct member {
	const char *key;
	void *value;
};

struct strmap {
	position *index;
	size_t cap;		/* of the index, a power of two */
	struct member *members;	/* dense: 0 .. count - 1 */
	uint32_t *hashes;	/* each member's, cut to 32 bits */
	size_t count, room;	/* members in use, and allocated */
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

static uint32_t
short_hash(const char *key)
{
	return (uint32_t)strmap_hash(key);
}

struct strmap *
strmap_new(void)
{
	struct strmap *map = xcalloc(1, sizeof(*map));

	map->cap = 64;
	map->index = xcalloc(map->cap, sizeof(*map->index));
	return map;
}

/* The index slot of key, or the empty slot where it would go. */
static size_t
find_slot(const struct strmap *map, const char *key, uint32_t hash)
{
	size_t mask = map->cap - 1, i = hash & mask, m;

	while (map->index[i] != 0) {
		m = map->index[i] - 1;
		if (map->hashes[m] == hash &&
		    strcmp(map->members[m].key, key) == 0)
			break;
		i = (i + 1) & mask;
	}
	return i;
}

/* The index slot that holds member m. */
static size_t
slot_of(const struct strmap *map, size_t m)
{
	size_t mask = map->cap - 1, i = map->hashes[m] & mask;

	while (map->index[i] != m + 1)
		i = (i + 1) & mask;
	return i;
}

static void
grow_index(struct strmap *map)
{
	size_t m, i, mask;

	free(map->index);
	map->cap *= 2;
	mask = map->cap - 1;
	map->index = xcalloc(map->cap, sizeof(*map->index));
	for (m = 0; m < map->count; m++) {
		for (i = map->hashes[m] & mask; map->index[i] != 0;
		    i = (i + 1) & mask)
			continue;
		map->index[i] = (position)(m + 1);
	}
}

/* Half as much again: less slack than doubling, for maps that hold
 * every article. */
static void
grow_members(struct strmap *map)
{
	size_t room = map->room < 16 ? 16 : map->room + map->room / 2;

	/* Positions are 32 bits: far beyond max_articles' own limit. */
	if (room > UINT32_MAX - 1)
		room = UINT32_MAX - 1;
	if (room <= map->count)
		abort();
	map->members = xreallocarray(map->members, room,
	    sizeof(*map->members));
	map->hashes = xreallocarray(map->hashes, room, sizeof(*map->hashes));
	map->room = room;
}

void
strmap_put(struct strmap *map, const char *key, void *value)
{
	uint32_t hash = short_hash(key);
	size_t i;

	if ((map->count + 1) * 4 > map->cap * 3)
		grow_index(map);
	i = find_slot(map, key, hash);
	if (map->index[i] != 0) {
		/* The caller's key may be a new copy of the same string. */
		map->members[map->index[i] - 1].key = key;
		map->members[map->index[i] - 1].value = value;
		return;
	}
	if (map->count == map->room)
		grow_members(map);
	map->members[map->count].key = key;
	map->members[map->count].value = value;
	map->hashes[map->count] = hash;
	map->index[i] = (position)++map->count;
}

void *
strmap_get(const struct strmap *map, const char *key)
{
	size_t i = find_slot(map, key, short_hash(key));

	return map->index[i] != 0 ? map->members[map->index[i] - 1].value :
	    NULL;
}

void *
strmap_remove(struct strmap *map, const char *key)
{
	size_t mask = map->cap - 1;
	size_t i = find_slot(map, key, short_hash(key)), j, home, m, last;
	void *value;

	if (map->index[i] == 0)
		return NULL;
	m = map->index[i] - 1;
	value = map->members[m].value;
	/* Shift later members of the probe run back over the hole. */
	for (j = (i + 1) & mask; map->index[j] != 0; j = (j + 1) & mask) {
		home = map->hashes[map->index[j] - 1] & mask;
		if (((j - home) & mask) >= ((j - i) & mask)) {
			map->index[i] = map->index[j];
			i = j;
		}
	}
	map->index[i] = 0;
	/* The last member fills the gap in the dense array. */
	last = map->count - 1;
	if (m != last) {
		map->index[slot_of(map, last)] = (position)(m + 1);
		map->members[m] = map->members[last];
		map->hashes[m] = map->hashes[last];
	}
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
	const struct member *m;

	if (it->next >= it->map->count)
		return false;
	m = &it->map->members[it->next++];
	*key = m->key;
	*value = m->value;
	return true;
}

void
strmap_free(struct strmap *map)
{
	if (map == NULL)
		return;
	free(map->index);
	free(map->members);
	free(map->hashes);
	free(map);
}
