/* SPDX-License-Identifier: MIT */
/* library: the entries themselves. Which file owns an id, when a
 * withheld article is released, and the dates readers are given. Walking
 * the folder is library_scan.c's, the content a build loads
 * library_content.c's, section numbers library_section.c's, keeping the
 * order order.c's. */
#include "autoconfig.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "library_entry.h"
#include "links.h"
#include "log.h"
#include "text.h"
#include "timefmt.h"
#include "xalloc.h"

static int
compare_newest_first(const void *a, const void *b)
{
	const struct library_entry *x = a, *y = b;

	if (x->view.article.updated != y->view.article.updated)
		return x->view.article.updated > y->view.article.updated ?
		    -1 : 1;
	return strcmp(x->view.id, y->view.id);
}

static bool
owns_id(const void *item)
{
	const struct library_entry *e = item;

	return e->state == ENTRY_WITHHELD || e->state == ENTRY_LISTED;
}

struct library *
library_new(struct state *state)
{
	struct library *lib = xcalloc(1, sizeof(*lib));

	lib->state = state;
	lib->by_path = strmap_new();
	lib->by_id = strmap_new();
	lib->sections = strmap_new();
	lib->order = order_new(compare_newest_first, owns_id);
	lib->content_dir = -1;
	return lib;
}

static void
entry_free(struct library *lib, struct library_entry *e)
{
	library_section_release(lib, e->view.section_number);
	article_free(&e->view.article);
	library_forget_content(lib, e);
	free(e->view.path);
	free(e->view.id);
	free(e);
}

void
library_free(struct library *lib)
{
	size_t i;

	if (lib == NULL)
		return;
	lib->loaded_count = 0;	/* no need to find each in the list */
	for (i = 0; i < lib->count; i++)
		entry_free(lib, lib->all[i]);
	free(lib->all);
	order_free(lib->order);
	free(lib->loaded);
	free(lib->graveyard);
	free(lib->withheld);
	strmap_free(lib->by_path);
	strmap_free(lib->by_id);
	/* Freeing the entries gave every section back. */
	strmap_free(lib->sections);
	scan_result_free(&lib->changed_in_build);
	free(lib->section_slots);
	free(lib->free_numbers);
	if (lib->content_dir >= 0)
		close(lib->content_dir);
	free(lib);
}

/* ---- id ownership ---- */

static enum entry_state
owner_state(bool released)
{
	return released ? ENTRY_LISTED : ENTRY_WITHHELD;
}

static enum entry_state
duplicate_state(bool released)
{
	return released ? ENTRY_DUPLICATE : ENTRY_DUPLICATE_WITHHELD;
}

static bool
is_released(const struct library_entry *e)
{
	return e->state == ENTRY_LISTED || e->state == ENTRY_DUPLICATE;
}

/* Does e (released or not) go before other in the claim to their id?
 * See the rules in library_entry.h. */
static bool
claims_before(const struct library_entry *e, bool released,
    const struct library_entry *other)
{
	if (released != is_released(other))
		return released;
	return strcmp(e->view.path, other->view.path) < 0;
}

static void
mark_duplicate(struct library *lib, struct library_entry *e,
    const struct library_entry *owner, const struct config *config,
    bool released)
{
	e->state = duplicate_state(released);
	lib->duplicates++;
	if (!released && is_released(owner) &&
	    strcmp(e->view.path, owner->view.path) < 0)
		log_warning("%s/%s: id '%s' is already used by %s, which is "
		    "published: it stays so until this file is due",
		    config->articles_dir, e->view.path, e->view.id,
		    owner->view.path);
	else
		log_warning("%s/%s: skipped: id '%s' is already used by %s",
		    config->articles_dir, e->view.path, e->view.id,
		    owner->view.path);
}

/* The owner gives the id to e, which goes into the order. */
static void
take_over(struct library *lib, struct library_entry *e,
    struct library_entry *owner, const struct config *config, bool released)
{
	bool owner_released = is_released(owner);

	order_remove(lib->order, owner);
	strmap_put(lib->by_id, e->view.id, e);
	e->state = owner_state(released);
	mark_duplicate(lib, owner, e, config, owner_released);
	order_insert(lib->order, e);
}

/* Two files claiming one id would make readers merge them: one keeps
 * it (claims_before), the other is left out and named. */
static void
enlist(struct library *lib, struct library_entry *e,
    const struct config *config, bool released)
{
	struct library_entry *owner = strmap_get(lib->by_id, e->view.id);

	if (owner == NULL) {
		strmap_put(lib->by_id, e->view.id, e);
		e->state = owner_state(released);
		order_insert(lib->order, e);
		return;
	}
	if (!claims_before(e, released, owner)) {
		mark_duplicate(lib, e, owner, config, released);
		return;
	}
	take_over(lib, e, owner, config, released);
}

/* The next claimant of a freed id takes it over. */
static void
promote_duplicate(struct library *lib, const char *id,
    const struct config *config)
{
	struct library_entry *best = NULL;
	size_t i;

	for (i = 0; i < lib->count; i++) {
		struct library_entry *e = lib->all[i];
		if ((e->state == ENTRY_DUPLICATE ||
		    e->state == ENTRY_DUPLICATE_WITHHELD) &&
		    strcmp(e->view.id, id) == 0 &&
		    (best == NULL || claims_before(e, is_released(e), best)))
			best = e;
	}
	if (best != NULL) {
		lib->duplicates--;
		enlist(lib, best, config, is_released(best));
	}
}

static void
withhold(struct library *lib, struct library_entry *e)
{
	if (lib->withheld_count == lib->withheld_room) {
		lib->withheld_room = lib->withheld_room ?
		    lib->withheld_room * 2 : 8;
		lib->withheld = xreallocarray(lib->withheld,
		    lib->withheld_room, sizeof(*lib->withheld));
	}
	lib->withheld[lib->withheld_count++] = e;
}

static void
stop_withholding(struct library *lib, const struct library_entry *e)
{
	size_t i;

	for (i = 0; i < lib->withheld_count; i++)
		if (lib->withheld[i] == e) {
			lib->withheld[i] = lib->withheld[--lib->withheld_count];
			return;
		}
}

/* Takes a usable entry out of the order and out of id ownership before
 * it changes or goes, leaving it UNREAD. */
static void
delist(struct library *lib, struct library_entry *e,
    const struct config *config)
{
	char *id;

	if (!entry_usable(e))
		return;
	if (!is_released(e))
		stop_withholding(lib, e);
	if (!owns_id(e)) {
		e->state = ENTRY_UNREAD;
		lib->duplicates--;
		return;
	}
	order_remove(lib->order, e);
	e->state = ENTRY_UNREAD;
	if (strmap_get(lib->by_id, e->view.id) != e)
		return;
	strmap_remove(lib->by_id, e->view.id);
	if (lib->duplicates > 0) {
		id = xstrdup(e->view.id);
		promote_duplicate(lib, id, config);
		free(id);
	}
}

/* ---- entries coming, changing and going ---- */

struct library_entry *
library_add_entry(struct library *lib, const char *path)
{
	struct library_entry *e = xcalloc(1, sizeof(*e));

	e->view.path = xstrdup(path);
	e->state = ENTRY_UNREAD;
	e->index = lib->count;
	lib->all = xreallocarray(lib->all, lib->count + 1, sizeof(*lib->all));
	lib->all[lib->count++] = e;
	strmap_put(lib->by_path, e->view.path, e);
	return e;
}

void
library_unread_entry(struct library *lib, struct library_entry *e,
    const struct config *config)
{
	delist(lib, e, config);
	library_section_release(lib, e->view.section_number);
	e->view.section_number = 0;
	article_free(&e->view.article);
	library_forget_content(lib, e);
	free(e->view.id);
	e->view.id = NULL;
	e->state = ENTRY_UNREAD;
}

void
library_remove_entry(struct library *lib, struct library_entry *e,
    const struct config *config, struct scan_result *result)
{
	if (entry_usable(e))
		scan_result_touch_section(result, e->view.article.section);
	delist(lib, e, config);
	e->state = ENTRY_GONE;
	strmap_remove(lib->by_path, e->view.path);
	state_forget(lib->state, e->view.path);
	lib->all[e->index] = lib->all[--lib->count];
	lib->all[e->index]->index = e->index;
	library_forget_content(lib, e);
	/* The order may still point at it until it is applied. */
	lib->graveyard = xreallocarray(lib->graveyard,
	    lib->graveyard_count + 1, sizeof(*lib->graveyard));
	lib->graveyard[lib->graveyard_count++] = e;
	result->removed++;
}

/* The state fixes an article's id at first sight, and remembers when that
 * was: first-seen time dates an undated article, and bounds the published
 * time of one that carries only its last update (unless that lies in the
 * future: such an article is withheld until then). */
static void
apply_state(struct library *lib, struct library_entry *e,
    const struct config *config, time_t now)
{
	struct article *a = &e->view.article;
	struct state_record *rec = state_get(lib->state, e->view.path);
	char *id, *key;

	if (rec == NULL) {
		time_t first = e->mtime.tv_sec < now &&
		    timefmt_in_range(e->mtime.tv_sec) ? e->mtime.tv_sec : now;
		key = links_path_key(e->view.path);
		id = links_derive_id(config, a, key);
		free(key);
		rec = state_add(lib->state, e->view.path, id, first);
		free(id);
	}
	e->view.id = xstrdup(rec->id);
	if (!a->has_date) {
		a->published = a->updated = rec->first_seen;
	} else if (!a->has_published && a->updated <= now &&
	    rec->first_seen < a->updated) {
		a->published = rec->first_seen;
	}
}

static void
report_warnings(struct library_entry *e, const struct config *config)
{
	struct article *a = &e->view.article;
	size_t i;

	for (i = 0; i < a->warning_count; i++)
		log_warning("%s/%s: %s", ENTRY_PATH(config, e), a->warnings[i]);
	article_drop_warnings(a);
}

/* When readers were given the article, if ever: the state keeps that date
 * for good, across edits, restarts and crashes (it is committed before
 * any feed carrying it is renamed into place). */
static bool
published_before(struct library *lib, const struct library_entry *e,
    time_t *when)
{
	const struct state_record *rec = state_get(lib->state, e->view.path);

	if (rec == NULL || !rec->has_published)
		return false;
	*when = rec->published;
	return true;
}

static void
remember_release(struct library *lib, const struct library_entry *e)
{
	struct state_record *rec = state_get(lib->state, e->view.path);

	if (rec != NULL)
		state_set_published(lib->state, rec,
		    e->view.article.published);
}

/* An update time ahead of limit would pin the item to the top of every
 * feed and date the feed in the future: it is taken as limit. */
static void
clamp_updated(struct library_entry *e, const struct config *config,
    time_t limit)
{
	struct article *a = &e->view.article;
	char when[TIMEFMT_SIZE], as[TIMEFMT_SIZE];

	if (a->updated <= limit)
		return;
	timefmt_rfc3339(a->updated, when);
	timefmt_rfc3339(limit, as);
	log_warning("%s/%s: updated %s, in the future: taken as %s (check "
	    "its date, and timezone in %s)", ENTRY_PATH(config, e), when, as,
	    config->path);
	a->updated = limit;
}

/* Returns whether the article is released: published by now, or
 * published before (see the rules in library_entry.h). */
static bool
settle_dates(struct library *lib, struct library_entry *e,
    const struct config *config, time_t now)
{
	struct article *a = &e->view.article;
	char when[TIMEFMT_SIZE];
	time_t before;

	if (!a->has_date)
		log_warning("%s/%s: no readable date: dated by when feedd "
		    "first saw it (or its modification time, if earlier)",
		    ENTRY_PATH(config, e));
	if (published_before(lib, e, &before)) {
		if (a->published > now) {
			timefmt_rfc3339(a->published, when);
			log_warning("%s/%s: now dated %s, in the future, but "
			    "already published: it stays published",
			    ENTRY_PATH(config, e), when);
		}
		/* Edits move the update time, never the publication; an
		 * update cannot come before what readers were given. */
		a->published = before;
		if (a->updated < before)
			a->updated = before;
	}
	clamp_updated(e, config, a->published > now ? a->published : now);
	if (a->published <= now) {
		remember_release(lib, e);
		return true;
	}
	withhold(lib, e);
	timefmt_rfc3339(a->published, when);
	log_notice("%s/%s: dated in the future: withheld until %s",
	    ENTRY_PATH(config, e), when);
	return false;
}

void
library_take_reading(struct library *lib, struct library_entry *e,
    struct entry_reading *r, const struct config *config, time_t now,
    struct scan_result *result)
{
	bool released;

	/* The signature of what was opened, which may be newer than what
	 * the walk saw; a file rejected for its size is not read again
	 * (nor reported again) until it changes. */
	e->dev = r->st.st_dev;
	e->ino = r->st.st_ino;
	e->size = r->st.st_size;
	e->mtime = r->st.st_mtim;
	if (r->rc != 0) {
		log_warning("%s/%s: skipped: %s", ENTRY_PATH(config, e),
		    r->err);
		e->state = ENTRY_REJECTED;
		result->rejected++;
		return;
	}
	e->view.article = r->article;
	memset(&r->article, 0, sizeof(r->article));
	e->view.section_number = library_section_take(lib, e->view.article.section);
	report_warnings(e, config);
	apply_state(lib, e, config, now);
	released = settle_dates(lib, e, config, now);
	scan_result_touch_section(result, e->view.article.section);
	enlist(lib, e, config, released);
}

/* ---- the order, once per refresh ---- */

static void *
nth_entry(void *context, size_t i)
{
	struct library *lib = context;

	return lib->all[i];
}

void
library_order_begin(struct library *lib, bool bulk)
{
	if (bulk)
		order_start_bulk(lib->order);
}

void
library_order_end(struct library *lib)
{
	size_t i;

	if (order_in_bulk(lib->order))
		order_rebuild(lib->order, lib->count, nth_entry, lib);
	else
		order_apply(lib->order);
	for (i = 0; i < lib->graveyard_count; i++)
		entry_free(lib, lib->graveyard[i]);
	lib->graveyard_count = 0;
}

/* ---- what feeds read ---- */

const struct library_view *const *
library_sorted(struct library *lib, size_t *count)
{
	/* Entries are the items of the order, and a view is its entry. */
	return (const struct library_view *const *)order_items(lib->order,
	    count);
}

bool
library_published(const struct library_view *v, time_t now)
{
	return is_released(entry_of(v)) || v->article.published <= now;
}

/* A claimant released now may go before the owner of its id. */
static void
weigh_claim(struct library *lib, struct library_entry *e,
    const struct config *config)
{
	struct library_entry *owner = strmap_get(lib->by_id, e->view.id);

	if (owner == NULL || !claims_before(e, true, owner))
		return;
	lib->duplicates--;
	take_over(lib, e, owner, config, true);
}

static int
compare_index(const void *a, const void *b)
{
	const struct library_entry *x = *(struct library_entry *const *)a;
	const struct library_entry *y = *(struct library_entry *const *)b;

	return (x->index > y->index) - (x->index < y->index);
}

/* Takes the entries due at now out of the withheld list, in the order of
 * the library's array, as a walk over it would meet them. */
static size_t
take_due(struct library *lib, time_t now, struct library_entry ***due)
{
	size_t i = 0, count = 0;

	*due = NULL;
	while (i < lib->withheld_count) {
		struct library_entry *e = lib->withheld[i];
		if (e->view.article.published > now) {
			i++;
			continue;
		}
		*due = xreallocarray(*due, count + 1, sizeof(**due));
		(*due)[count++] = e;
		lib->withheld[i] = lib->withheld[--lib->withheld_count];
	}
	if (count > 1)
		qsort(*due, count, sizeof(**due), compare_index);
	return count;
}

void
library_release_due(struct library *lib, const struct config *config,
    time_t now, struct scan_result *result)
{
	struct library_entry **due, **claimants = NULL;
	size_t i, count, claims = 0;

	count = take_due(lib, now, &due);
	for (i = 0; i < count; i++) {
		struct library_entry *e = due[i];
		remember_release(lib, e);
		scan_result_touch_section(result, e->view.article.section);
		if (e->state == ENTRY_WITHHELD) {
			e->state = ENTRY_LISTED;
			continue;
		}
		e->state = ENTRY_DUPLICATE;
		claimants = xreallocarray(claimants, claims + 1,
		    sizeof(*claimants));
		claimants[claims++] = e;
	}
	free(due);
	/* Weighed once all due are released, so that two due together
	 * settle by path at once. */
	for (i = 0; i < claims; i++)
		if (claimants[i]->state == ENTRY_DUPLICATE)
			weigh_claim(lib, claimants[i], config);
	free(claimants);
}

time_t
library_next_release(const struct library *lib)
{
	time_t next = 0;
	size_t i;

	/* While the folder cannot be read no refresh releases anything: the
	 * retry after the failure does, not a timer firing over and over. */
	if (lib->root_failing)
		return 0;
	for (i = 0; i < lib->withheld_count; i++) {
		time_t when = lib->withheld[i]->view.article.published;
		if (next == 0 || when < next)
			next = when;
	}
	return next;
}
