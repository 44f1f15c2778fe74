/* SPDX-License-Identifier: MIT */
/* library_entry: the library's own header, shared by its parts only
 * (library.c: entries, ids, release; library_scan.c: walking the folder
 * and reading files; library_content.c: the content builds load;
 * library_section.c: section numbers). No other module includes it. */
#ifndef FEEDD_LIBRARY_ENTRY_H
#define FEEDD_LIBRARY_ENTRY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>

#include "article_file.h"
#include "library.h"
#include "order.h"
#include "strmap.h"

/* An entry's life. Only these moves happen:
 *
 *   UNREAD ---walk in batches---> QUEUED
 *   UNREAD, QUEUED ---read---> REJECTED, or usable:
 *       WITHHELD or LISTED when its claim to its id wins (in the order),
 *       DUPLICATE_WITHHELD or DUPLICATE when another file's claim does;
 *       LISTED or DUPLICATE, never withheld, when published once
 *   WITHHELD -> LISTED, DUPLICATE_WITHHELD -> DUPLICATE: its time came,
 *       at a refresh (library_release_due); a DUPLICATE then claims again
 *   WITHHELD <-> DUPLICATE_WITHHELD, LISTED <-> DUPLICATE: the id passes
 *       to a claim that wins, or back when that one leaves
 *   any ---changed on disk---> UNREAD (the walk reads it again)
 *   any ---gone from disk---> GONE (freed once the order is applied)
 *
 * A released entry stays released (LISTED, DUPLICATE) through a clock
 * stepping back, and through being read again: its state record keeps
 * the date it was published with (state_set_published).
 *
 * What readers already have never goes away. The rules, applied at each
 * reading (library_take_reading) and release (library_release_due):
 *
 *   Withholding applies only to what was never published. An entry
 *       released once (the state says so, across restarts) that now
 *       reads as dated in the future is not withheld: it keeps the
 *       published time readers have, with a warning.
 *   A published time never moves: whatever an edit says, the item keeps
 *       the one it was first released with, and its update time is never
 *       earlier than that; edits move the update time.
 *   An update time never lies ahead: past now (or, for a withheld entry,
 *       past its publication) it is clamped to that, with a warning, so
 *       that an Updated: 2099 cannot pin an item to the top of every feed
 *       nor date a feed in 2099.
 *   Of the files claiming one id, a released one goes before a withheld
 *       one, then the first by path: the published owner keeps its id
 *       while a file that claims it is withheld. When that file is due,
 *       the claim is weighed again and the first by path takes the id. */
enum entry_state {
	ENTRY_UNREAD,
	ENTRY_QUEUED,
	ENTRY_REJECTED,
	ENTRY_WITHHELD,
	ENTRY_LISTED,
	ENTRY_DUPLICATE_WITHHELD,
	ENTRY_DUPLICATE,
	ENTRY_GONE,
};

struct library_entry {
	struct library_view view;	/* first: a view is its entry */
	/* The file as last read: any difference means it is read again. */
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime;
	size_t index;		/* in the library's array of all entries */
	unsigned used;		/* build generation that last loaded it */
	unsigned seen;		/* walk mark when last seen (library->mark) */
	void *cache;		/* see library_cache_slot */
	uint8_t state;		/* enum entry_state */
};

struct library {
	struct state *state;		/* borrowed */
	struct strmap *by_path;		/* path -> entry */
	struct strmap *by_id;		/* id -> the entry that owns it */
	struct library_entry **all;
	size_t count;
	struct order *order;		/* entries that own their id */
	size_t duplicates;		/* entries whose id another owns */
	struct library_entry **loaded;	/* entries with a link: loaded */
	size_t loaded_count;
	unsigned generation;		/* of the build in progress */
	unsigned mark;			/* of the walk in progress */
	bool root_failing;		/* logged once per episode */
	/* The usable entries not yet released, in no order: a refresh
	 * looks for those due among them, not among every entry. */
	struct library_entry **withheld;
	size_t withheld_count, withheld_room;
	size_t config_max_articles;	/* of the last scan */
	struct library_entry **graveyard;	/* removed: freed by
						   library_order_end */
	size_t graveyard_count;
	struct strmap *sections;	/* folded name -> struct section,
					   which an entry's number holds */
	struct section **section_slots;	/* [number - 1]; NULL: free */
	uint32_t section_numbers;	/* numbers handed out, free or not */
	uint32_t *free_numbers;		/* to hand out again */
	size_t free_count, free_room;
	size_t sections_peak;		/* names since the map was made */
	int content_dir;		/* the articles folder, while a build
					   loads content; else -1 */
	const struct library_cache_ops *cache_ops;	/* NULL: no cache */
	/* What a build found changed on disk and took (see
	 * library_content.c): handed to the next refresh's result, so that
	 * the feeds written meanwhile are built again. */
	struct scan_result changed_in_build;
	bool order_pending;	/* a build noted changes to the order */
};

/* A view is its entry: the view is the entry's first member. */
static inline struct library_entry *
entry_of(const struct library_view *v)
{
	return (struct library_entry *)v;
}

/* Messages name the file as the user sees it: folder and path. */
#define ENTRY_PATH(config, e) (config)->articles_dir, (e)->view.path

/* Is st the file the entry was last read from? A save by rename gives
 * another inode; one in place, another size or modification time. */
static inline bool
entry_same_signature(const struct library_entry *e, const struct stat *st)
{
	return e->dev == st->st_dev && e->ino == st->st_ino &&
	    e->size == st->st_size &&
	    e->mtime.tv_sec == st->st_mtim.tv_sec &&
	    e->mtime.tv_nsec == st->st_mtim.tv_nsec;
}

static inline bool
entry_usable(const struct library_entry *e)
{
	return e->state >= ENTRY_WITHHELD && e->state <= ENTRY_DUPLICATE;
}

/* What reading one file gave, made without touching the library, so that
 * many files can be read at once on worker threads. */
struct entry_reading {
	struct stat st;
	struct article article;
	int rc;
	char err[ARTICLE_FILE_ERROR_SIZE];
};

/* For library_scan.c: an entry comes, changes or goes. */
struct library_entry *library_add_entry(struct library *lib,
    const char *path);
/* Forgets the entry's last reading (out of the order and id ownership),
 * leaving it UNREAD. */
void library_unread_entry(struct library *lib, struct library_entry *e,
    const struct config *config);
/* The entry takes what was read: signature, metadata, id; enlisted. */
void library_take_reading(struct library *lib, struct library_entry *e,
    struct entry_reading *r, const struct config *config, time_t now,
    struct scan_result *result);
void library_remove_entry(struct library *lib, struct library_entry *e,
    const struct config *config, struct scan_result *result);
/* For library.c (library_section.c): the section's number (0 for NULL),
 * held until given back by library_section_release (0: nothing). */
uint32_t library_section_take(struct library *lib, const char *section);
void library_section_release(struct library *lib, uint32_t number);
/* For library.c (library_content.c): what loading the content added goes,
 * the link, the cache, and the place in the list of loaded entries. */
void library_forget_content(struct library *lib, struct library_entry *e);
/* A refresh's changes to the order are applied once, at its end: merged
 * in place, or with bulk (changes many against the order) sorted afresh.
 * Entries removed meanwhile are freed then. */
/* Releases the withheld entries due at now, weighing their claims to an
 * id again; called by a refresh, so that a build at a release time sees
 * the entries that are due. */
void library_release_due(struct library *lib, const struct config *config,
    time_t now, struct scan_result *result);
void library_order_begin(struct library *lib, bool bulk);
void library_order_end(struct library *lib);

void scan_result_touch_section(struct scan_result *result,
    const char *section);

#endif
