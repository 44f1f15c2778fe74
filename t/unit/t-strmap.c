/* SPDX-License-Identifier: MIT */
/* Unit tests for strmap.c, including removal inside probe runs. */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>

#include "strmap.h"
#include "tap.h"

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
	strmap_free(map);
	return tap_done();
}
