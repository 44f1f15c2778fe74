/* SPDX-License-Identifier: MIT */
/* library_section: section names and the numbers entries carry for them,
 * counted, so that a name goes with the last entry that carries it and
 * the table holds the sections of the articles there are now, not of
 * every article ever read. */
#include "autoconfig.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "library_entry.h"
#include "text.h"
#include "xalloc.h"

/* A section as config_feed_wants compares it: ASCII letters folded. */
static char *
folded_section(const char *section)
{
	char *key = xstrdup(section);

	text_ascii_lower(key);
	return key;
}

/* A section name and the entries that carry its number: freed with the
 * last of them, so that names from articles long gone or edited away do
 * not pile up for the daemon's life. */
struct section {
	uint32_t number;
	size_t users;
	char key[];		/* the folded name: the map's key */
};

/* A map that once held many more names than now is made again at its
 * size: the map itself never shrinks. */
#define SECTIONS_SHRINK_MIN 64

static uint32_t
free_section_number(struct library *lib)
{
	if (lib->free_count > 0)
		return lib->free_numbers[--lib->free_count];
	lib->section_slots = xreallocarray(lib->section_slots,
	    (size_t)lib->section_numbers + 1, sizeof(*lib->section_slots));
	return ++lib->section_numbers;
}

/* Sections are numbered from 1 as they are met, so that picking a feed's
 * items compares numbers held in the entries, not strings elsewhere. The
 * entry takes a reference: library_section_release gives it back. */
uint32_t
library_section_take(struct library *lib, const char *section)
{
	struct section *s;
	char *key;
	size_t len;

	if (section == NULL)
		return 0;
	key = folded_section(section);
	s = strmap_get(lib->sections, key);
	if (s == NULL) {
		len = strlen(key);
		s = xmalloc(sizeof(*s) + len + 1);
		memcpy(s->key, key, len + 1);
		s->users = 0;
		s->number = free_section_number(lib);
		lib->section_slots[s->number - 1] = s;
		strmap_put(lib->sections, s->key, s);
		if (strmap_count(lib->sections) > lib->sections_peak)
			lib->sections_peak = strmap_count(lib->sections);
	}
	free(key);
	s->users++;
	return s->number;
}

static void
shrink_sections(struct library *lib)
{
	struct strmap *smaller;
	struct strmap_iter it;
	const char *key;
	void *value;
	size_t count = strmap_count(lib->sections);

	if (count == 0) {
		/* No entry holds a number: numbering starts afresh. */
		free(lib->section_slots);
		free(lib->free_numbers);
		lib->section_slots = NULL;
		lib->free_numbers = NULL;
		lib->section_numbers = 0;
		lib->free_count = lib->free_room = 0;
	}
	if (lib->sections_peak < SECTIONS_SHRINK_MIN ||
	    count * 4 > lib->sections_peak)
		return;
	smaller = strmap_new();
	strmap_iter_init(&it, lib->sections);
	while (strmap_iter_next(&it, &key, &value))
		strmap_put(smaller, key, value);
	strmap_free(lib->sections);
	lib->sections = smaller;
	lib->sections_peak = count;
}

void
library_section_release(struct library *lib, uint32_t number)
{
	struct section *s;

	if (number == 0)
		return;
	s = lib->section_slots[number - 1];
	if (--s->users > 0)
		return;
	strmap_remove(lib->sections, s->key);
	lib->section_slots[number - 1] = NULL;
	if (lib->free_count == lib->free_room) {
		lib->free_room = lib->free_room == 0 ? 16 : lib->free_room * 2;
		lib->free_numbers = xreallocarray(lib->free_numbers,
		    lib->free_room, sizeof(*lib->free_numbers));
	}
	lib->free_numbers[lib->free_count++] = number;
	free(s);
	shrink_sections(lib);
}

uint32_t
library_section_number(struct library *lib, const char *section)
{
	char *key = folded_section(section);
	struct section *s = strmap_get(lib->sections, key);

	free(key);
	return s != NULL ? s->number : 0;
}

size_t
library_section_count(const struct library *lib)
{
	return strmap_count(lib->sections);
}
