/* SPDX-License-Identifier: MIT */
/* Unit tests for strmap.c, including removal inside probe runs, and
 * what a map of every article costs. */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __GLIBC__	/* from <features.h>, which <stdio.h> includes */
#include <malloc.h>
#endif

#include "strmap.h"
#include "tap.h"

/* The heap a map of 100,000 keys holds, keys apart; 0 when the
 * allocator is not glibc's own (a sanitizer's, valgrind's). */
static size_t
bytes_for_100000_keys(void)
{
#ifdef __GLIBC__
	static char keys[100000][12];
	struct mallinfo2 before, after;
	struct strmap *map;
	size_t i, used;

	for (i = 0; i < 100000; i++)
		snprintf(keys[i], sizeof(keys[i]), "a%zu", i);
	before = mallinfo2();
	map = strmap_new();
	for (i = 0; i < 100000; i++)
		strmap_put(map, keys[i], keys[i]);
	after = mallinfo2();
	used = (after.uordblks + after.hblkhd) - (before.uordblks +
	    before.hblkhd);
	strmap_free(map);
	return used;
#else
	return 0;
#endif
}

int
main(void)
{
	static char keys[5000][16];
	struct strmap *map = strmap_new();
	size_t i, found = 0, wrong = 0;

	for (i = 0; i < 5000; i++) {
		snprintf(keys[i], sizeof(keys[i]), "k%zu", i);
		strmap_put(map, keys[i], keys[i]);
	}
	is_int(strmap_count(map), 5000, "5000 keys stored across growth");
	for (i = 0; i < 5000; i += 2)
		if (strmap_remove(map, keys[i]) != keys[i])
			wrong++;
	is_int(wrong, 0, "every removal returns its value");
	is_int(strmap_count(map), 2500, "half removed");
	for (i = 0; i < 5000; i++) {
		void *v = strmap_get(map, keys[i]);
		if (i % 2 == 1 && v == keys[i])
			found++;
		if (i % 2 == 0 && v != NULL)
			wrong++;
	}
	is_int(found, 2500, "every remaining key still found");
	is_int(wrong, 0, "no removed key found");
	ok(strmap_get(map, "absent") == NULL, "absent key gives NULL");
	strmap_put(map, keys[1], keys[3]);
	ok(strmap_get(map, keys[1]) == keys[3], "put replaces a value");
	is_int(strmap_count(map), 2500, "replacing does not count twice");
	{
		struct strmap_iter it;
		const char *key;
		void *value;
		size_t seen = 0, odd = 0;
		strmap_iter_init(&it, map);
		while (strmap_iter_next(&it, &key, &value)) {
			seen++;
			if (strmap_get(map, key) == value &&
			    atoi(key + 1) % 2 == 1)
				odd++;
		}
		is_int(seen, 2500, "a walk after removals meets each key once");
		is_int(odd, 2500, "each with its value");
	}
	strmap_free(map);
	/* Puts and removals in a deterministic jumble, against a plain
	 * array: removals move members in the dense array and in the
	 * index. */
	{
		static char *want[1000];
		unsigned long long x = 42;
		size_t n, k, bad = 0, count = 0;
		map = strmap_new();
		for (n = 0; n < 200000; n++) {
			x = x * 6364136223846793005ULL + 1442695040888963407ULL;
			k = (size_t)(x >> 33) % 1000;
			if ((x >> 20) % 3 == 0) {
				if (strmap_remove(map, keys[k]) != want[k])
					bad++;
				count -= want[k] != NULL;
				want[k] = NULL;
			} else {
				strmap_put(map, keys[k], keys[k + 1000]);
				count += want[k] == NULL;
				want[k] = keys[k + 1000];
			}
		}
		for (k = 0; k < 1000; k++)
			if (strmap_get(map, keys[k]) != want[k])
				bad++;
		is_int(bad, 0, "200,000 puts and removals agree with an array");
		is_int(strmap_count(map), count, "and count alike");
		strmap_free(map);
	}
	/* The library and the state hold three maps of every article: at
	 * 100,000 articles, 24-byte slots at three for two keys took 63
	 * bytes a key, 19 MB in all. */
	{
		size_t used = bytes_for_100000_keys();
		if (used == 0)
			ok(true, "# SKIP the allocator is not glibc's: no "
			    "mallinfo2 to measure with");
		else
			ok(used / 100000 <= 40, "a map of 100,000 keys holds "
			    "%zu bytes a key (at most 40)", used / 100000);
	}
	return tap_done();
}
