/* SPDX-License-Identifier: MIT */
/* order: a sorted array of pointers that small changes update in place.
 *
 * Insertions and removals are collected and applied together by
 * order_apply: k changes into an order of n cost O(n) memory moves and
 * O(k log n) comparisons instead of a new sort. Between changes and
 * order_apply, the array still holds the old order, and an item must keep
 * the key it was sorted by until order_remove has noted its place.
 *
 * The order never reads or writes the items themselves: it compares them
 * with compare and asks wanted whether one still belongs in it. Not
 * thread-safe: one caller at a time. */
#ifndef FEEDD_ORDER_H
#define FEEDD_ORDER_H

#include <stdbool.h>
#include <stddef.h>

/* < 0 when x comes before y; never 0 for two different items. */
typedef int (*order_compare)(const void *x, const void *y);
/* Does the item belong in the order once the changes are applied? */
typedef bool (*order_wanted)(const void *item);
/* The i-th of all items, for order_rebuild. */
typedef void *(*order_nth)(void *context, size_t i);

struct order;

struct order *order_new(order_compare compare, order_wanted wanted);
void order_free(struct order *order);

/* The items in order. Borrowed: valid until the next change. */
void *const *order_items(const struct order *order, size_t *count);
size_t order_count(const struct order *order);

/* Notes an item to be put in (once, however often it is noted). */
void order_insert(struct order *order, void *item);
/* Notes an item to be taken out: call it before the item's key changes. */
void order_remove(struct order *order, void *item);

/* Ignore changes until order_rebuild: for changes so many that sorting
 * afresh is cheaper. */
void order_start_bulk(struct order *order);
bool order_in_bulk(const struct order *order);

/* Applies the noted changes: an inserted item goes in if wanted still
 * says so. Items removed must still be allocated until this returns. */
void order_apply(struct order *order);
/* Sorts afresh the wanted ones of count items, forgetting noted changes
 * and ending bulk mode. */
void order_rebuild(struct order *order, size_t count, order_nth nth,
    void *context);

#endif
