/* SPDX-License-Identifier: MIT */
/* order: the changes of a refresh are collected and applied once at its
 * end. An item leaves while it still has the key it is sorted by, so its
 * place is found by binary search: reading every item instead would be a
 * cache miss per item. The arrivals are sorted and put in from the back,
 * so each block of the order moves once. */
#include "autoconfig.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "order.h"
#include "xalloc.h"

/* The arrivals of one refresh, as a set of pointers: whether an item is
 * arriving is asked of the order, so that the items carry no mark. */
#define ARRIVAL_SLOTS_MIN 16
/* A set grown by a burst is let go after it, rather than cleared after
 * every later change. */
#define ARRIVAL_SLOTS_KEPT 1024

struct order {
	order_compare compare;
	order_wanted wanted;
	void **items;
	size_t count;
	size_t room;			/* allocated slots of items */
	bool bulk;			/* changes ignored till rebuilt */
	void **arrivals;		/* to merge, in the order noted */
	size_t arrival_count;
	void **arriving;		/* the same, hashed; NULL: free */
	size_t arriving_slots;		/* a power of two, or 0 */
	size_t *leaving;		/* places in items to empty */
	size_t leaving_count;
	bool leaving_unplaced;		/* one's place was not found */
};

struct order *
order_new(order_compare compare, order_wanted wanted)
{
	struct order *o = xcalloc(1, sizeof(*o));

	o->compare = compare;
	o->wanted = wanted;
	return o;
}

void
order_free(struct order *o)
{
	if (o == NULL)
		return;
	free(o->items);
	free(o->arrivals);
	free(o->arriving);
	free(o->leaving);
	free(o);
}

void *const *
order_items(const struct order *o, size_t *count)
{
	*count = o->count;
	return o->items;
}

size_t
order_count(const struct order *o)
{
	return o->count;
}

void
order_start_bulk(struct order *o)
{
	o->bulk = true;
}

bool
order_in_bulk(const struct order *o)
{
	return o->bulk;
}

static size_t
slot_of(const struct order *o, const void *item)
{
	uint64_t h = (uint64_t)(uintptr_t)item * UINT64_C(0x9e3779b97f4a7c15);
	size_t mask = o->arriving_slots - 1, i = (size_t)(h >> 32) & mask;

	while (o->arriving[i] != NULL && o->arriving[i] != item)
		i = (i + 1) & mask;
	return i;
}

static bool
is_arriving(const struct order *o, const void *item)
{
	return o->arriving_slots > 0 && o->arriving[slot_of(o, item)] != NULL;
}

/* Keeps the set at most half full: probes stay short. */
static void
grow_arriving(struct order *o)
{
	size_t i;

	if (2 * (o->arrival_count + 1) <= o->arriving_slots)
		return;
	o->arriving_slots = o->arriving_slots == 0 ? ARRIVAL_SLOTS_MIN :
	    o->arriving_slots * 2;
	free(o->arriving);
	o->arriving = xcalloc(o->arriving_slots, sizeof(*o->arriving));
	for (i = 0; i < o->arrival_count; i++)
		o->arriving[slot_of(o, o->arrivals[i])] = o->arrivals[i];
}

static void
forget_changes(struct order *o)
{
	if (o->arriving_slots > ARRIVAL_SLOTS_KEPT) {
		free(o->arriving);
		o->arriving = NULL;
		o->arriving_slots = 0;
	} else if (o->arriving_slots > 0) {
		memset(o->arriving, 0,
		    o->arriving_slots * sizeof(*o->arriving));
	}
	o->arrival_count = 0;
	o->leaving_count = 0;
	o->leaving_unplaced = false;
}

void
order_insert(struct order *o, void *item)
{
	if (o->bulk || is_arriving(o, item))
		return;
	grow_arriving(o);
	o->arriving[slot_of(o, item)] = item;
	o->arrivals = xreallocarray(o->arrivals, o->arrival_count + 1,
	    sizeof(*o->arrivals));
	o->arrivals[o->arrival_count++] = item;
}

/* A binary search of items[low, end) for item: the first place whose
 * item does not sort before it, where it would be found; or, with
 * after_equal, the place after the items that sort as it does, where it
 * goes in. */
static size_t
search(const struct order *o, size_t low, size_t end, const void *item,
    bool after_equal)
{
	size_t high = end, middle;
	int before = after_equal ? 1 : 0;	/* compare(x, item) < before */

	while (low < high) {
		middle = low + (high - low) / 2;
		if (o->compare(o->items[middle], item) < before)
			low = middle + 1;
		else
			high = middle;
	}
	return low;
}

void
order_remove(struct order *o, void *item)
{
	size_t place;

	/* An arrival of this refresh has no place yet (its old one, if any,
	 * was noted when it left before). */
	if (o->bulk || is_arriving(o, item))
		return;
	place = search(o, 0, o->count, item, false);
	if (place >= o->count || o->items[place] != item) {
		o->leaving_unplaced = true;
		return;
	}
	o->leaving = xreallocarray(o->leaving, o->leaving_count + 1,
	    sizeof(*o->leaving));
	o->leaving[o->leaving_count++] = place;
}

static int
compare_places(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

/* Empties the noted places; when one was not found (never expected),
 * every item is asked whether it stays. */
static void
drop_leaving(struct order *o)
{
	size_t i, kept, from, to;

	if (o->leaving_unplaced) {
		for (i = 0, kept = 0; i < o->count; i++)
			if (o->wanted(o->items[i]) &&
			    !is_arriving(o, o->items[i]))
				o->items[kept++] = o->items[i];
		o->count = kept;
		return;
	}
	/* (qsort and memmove want real pointers even for nothing to do.) */
	if (o->leaving_count > 1)
		qsort(o->leaving, o->leaving_count, sizeof(*o->leaving),
		    compare_places);
	for (i = 0, kept = 0, from = 0; i <= o->leaving_count; i++) {
		to = i < o->leaving_count ? o->leaving[i] : o->count;
		if (to < from)
			continue;	/* the same place twice */
		if (kept != from && to > from)
			memmove(&o->items[kept], &o->items[from],
			    (to - from) * sizeof(*o->items));
		kept += to - from;
		from = to + 1;
	}
	o->count = kept;
}

/* The common change, one item whose key changed: it only moves, and only
 * the items between its old and new places shift. Returns false when the
 * change is not that. */
static bool
move_one(struct order *o)
{
	size_t from, to, n = o->count;
	void *item;

	if (o->leaving_count != 1 || o->arrival_count != 1 ||
	    o->leaving_unplaced)
		return false;
	from = o->leaving[0];
	item = o->arrivals[0];
	if (!o->wanted(item) || from >= n || o->items[from] != item)
		return false;
	if (from > 0 && o->compare(o->items[from - 1], item) > 0) {
		to = search(o, 0, from, item, true);
		memmove(&o->items[to + 1], &o->items[to],
		    (from - to) * sizeof(*o->items));
	} else {
		to = search(o, from + 1, n, item, true) - 1;
		memmove(&o->items[from], &o->items[from + 1],
		    (to - from) * sizeof(*o->items));
	}
	o->items[to] = item;
	return true;
}

static int
compare_for_sort(const void *a, const void *b, void *context)
{
	order_compare compare = *(order_compare *)context;

	return compare(*(void *const *)a, *(void *const *)b);
}

void
order_apply(struct order *o)
{
	size_t i, k = 0, end, place;

	if (o->arrival_count == 0 && o->leaving_count == 0 &&
	    !o->leaving_unplaced)
		return;
	if (move_one(o)) {
		forget_changes(o);
		return;
	}
	drop_leaving(o);
	for (i = 0; i < o->arrival_count; i++)
		if (o->wanted(o->arrivals[i]))
			o->arrivals[k++] = o->arrivals[i];
	if (k > 1)
		qsort_r(o->arrivals, k, sizeof(*o->arrivals), compare_for_sort,
		    &o->compare);
	if (o->count + k > o->room) {
		o->room = (o->count + k) * 2;
		o->items = xreallocarray(o->items, o->room, sizeof(*o->items));
	}
	/* The last arrival first: everything after its place moves up by
	 * the number of arrivals still to place, then the block shrinks. */
	for (end = o->count; k > 0; k--, end = place) {
		place = search(o, 0, end, o->arrivals[k - 1], true);
		memmove(&o->items[place + k], &o->items[place],
		    (end - place) * sizeof(*o->items));
		o->items[place + k - 1] = o->arrivals[k - 1];
		o->count++;
	}
	forget_changes(o);
}

void
order_rebuild(struct order *o, size_t count, order_nth nth, void *context)
{
	size_t i;

	o->room = count ? count : 1;
	o->items = xreallocarray(o->items, o->room, sizeof(*o->items));
	o->count = 0;
	for (i = 0; i < count; i++) {
		void *item = nth(context, i);
		if (o->wanted(item))
			o->items[o->count++] = item;
	}
	qsort_r(o->items, o->count, sizeof(*o->items), compare_for_sort,
	    &o->compare);
	forget_changes(o);
	o->bulk = false;
}
