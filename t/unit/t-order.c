/* SPDX-License-Identifier: MIT */
/* Unit tests for order.c, with plain integers: whatever changes are noted,
 * applying them gives what sorting afresh gives. */
#include "autoconfig.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "order.h"
#include "tap.h"

#define ITEMS 300

static int keys[ITEMS];
static bool wanted[ITEMS];

/* By key, ties by place in keys: never 0 for two different items. */
static int
compare(const void *x, const void *y)
{
	const int *a = x, *b = y;

	if (*a != *b)
		return *a < *b ? -1 : 1;
	return a < b ? -1 : a > b;
}

static bool
is_wanted(const void *item)
{
	return wanted[(const int *)item - keys];
}

static void *
nth(void *context, size_t i)
{
	(void)context;
	return &keys[i];
}

/* Does the order hold the wanted items, sorted? */
static bool
correct(const struct order *o)
{
	void *const *items;
	size_t count, i, expected = 0;

	items = order_items(o, &count);
	for (i = 0; i < ITEMS; i++)
		expected += wanted[i];
	if (count != expected)
		return false;
	for (i = 0; i < count; i++) {
		if (!is_wanted(items[i]))
			return false;
		if (i > 0 && compare(items[i - 1], items[i]) >= 0)
			return false;
	}
	return true;
}

static void
put_in(struct order *o, size_t i)
{
	wanted[i] = true;
	order_insert(o, &keys[i]);
}

static void
take_out(struct order *o, size_t i)
{
	order_remove(o, &keys[i]);
	wanted[i] = false;
}

static void
test_rebuild_and_moves(void)
{
	struct order *o = order_new(compare, is_wanted);
	size_t i;

	for (i = 0; i < ITEMS; i++) {
		keys[i] = (int)((i * 7919) % 1000);
		wanted[i] = i % 3 != 0;
	}
	order_start_bulk(o);
	put_in(o, 0);		/* ignored in bulk: the rebuild decides */
	ok(order_in_bulk(o), "bulk until rebuilt");
	order_rebuild(o, ITEMS, nth, NULL);
	ok(!order_in_bulk(o) && correct(o), "a rebuild sorts the wanted");

	take_out(o, 1);
	keys[1] = -5;
	put_in(o, 1);
	order_apply(o);
	ok(correct(o), "one item moved to the front");
	take_out(o, 1);
	keys[1] = 5000;
	put_in(o, 1);
	order_apply(o);
	ok(correct(o), "and to the back");
	take_out(o, 2);
	keys[2] = keys[4];
	put_in(o, 2);
	order_apply(o);
	ok(correct(o), "and next to an equal key");

	put_in(o, 3);
	put_in(o, 3);
	order_apply(o);
	ok(correct(o), "an item put in twice is there once");
	put_in(o, 6);
	take_out(o, 6);
	take_out(o, 4);
	put_in(o, 4);
	take_out(o, 4);
	order_apply(o);
	ok(correct(o), "put in and taken out again in one round: gone");

	/* A key changed before its removal was noted: the place is not found,
	 * and the order asks every item instead. */
	keys[5] += 1;
	take_out(o, 5);
	order_apply(o);
	ok(correct(o), "a place not found is still taken out");
	order_free(o);
}

/* Rounds of random changes, each checked against a sort. */
static void
test_random_rounds(void)
{
	struct order *o = order_new(compare, is_wanted);
	unsigned seed = 12345;
	size_t round, n, i, good = 0, rounds = 200;

	memset(wanted, 0, sizeof(wanted));
	order_rebuild(o, ITEMS, nth, NULL);
	for (round = 0; round < rounds; round++) {
		size_t changes = round % 10 == 0 ? 150 : 1 + round % 5;
		for (n = 0; n < changes; n++) {
			i = (size_t)rand_r(&seed) % ITEMS;
			if (!wanted[i]) {
				keys[i] = rand_r(&seed) % 500;
				put_in(o, i);
			} else if (rand_r(&seed) % 2) {
				take_out(o, i);
			} else {
				take_out(o, i);
				keys[i] = rand_r(&seed) % 500;
				put_in(o, i);
			}
		}
		order_apply(o);
		good += correct(o);
	}
	is_int((int)good, (int)rounds, "every round of changes sorts as a "
	    "sort would");
	order_free(o);
}

int
main(void)
{
	test_rebuild_and_moves();
	test_random_rounds();
	return tap_done();
}
