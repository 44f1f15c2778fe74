/* SPDX-License-Identifier: MIT */
/* library: the in-memory index of article files, keyed by their path under
 * the articles folder, kept current by full scans (library_scan.c) or by
 * refreshing just the paths that changed. It decides which file owns an
 * id, when a withheld article is released, and holds the content of the
 * entries a build needs. Feeds read it through library_view, read-only.
 *
 * Not thread-safe: one caller at a time (the scan reads files on worker
 * threads of its own, see library_scan.c). */
#ifndef FEEDD_LIBRARY_H
#define FEEDD_LIBRARY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "article.h"
#include "config.h"
#include "state.h"

/* What a feed may read of an entry. Borrowed: valid until the next scan,
 * refresh, library_drop_content or library_free. */
struct library_view {
	char *path;		/* relative to the articles folder */
	char *id;		/* fixed at first sight, kept in the state */
	char *link;		/* while its content is loaded, else NULL */
	struct article article;	/* metadata; content only while loaded */
	uint32_t section_number;	/* see library_section_number; 0: none */
};

/* What a scan or refresh changed, so that only the feeds concerned are
 * built again. */
struct scan_result {
	size_t added, changed, removed, rejected;
	char **sections;	/* sections of articles that changed */
	size_t section_count;
	bool unsectioned;	/* an article without a section changed */
};

struct library;

/* state is borrowed: ids and first-seen times are read from it and added
 * to it. */
struct library *library_new(struct state *state);
void library_free(struct library *lib);

/* Walks the whole articles folder; reads only files that are new or whose
 * signature changed. Returns -1 when the folder cannot be read (logged;
 * the index is left as it was), else 0. */
int library_scan(struct library *lib, const struct config *config,
    time_t now, struct scan_result *result);

/* The same for some paths only (files or folders, relative to the articles
 * folder): each is read, walked or forgotten as it now is on disk. */
int library_refresh(struct library *lib, const struct config *config,
    char *const *paths, size_t count, time_t now, struct scan_result *result);

/* Does the change concern this feed? */
bool scan_result_touches(const struct scan_result *result,
    const struct feed_config *feed);
bool scan_result_empty(const struct scan_result *result);
void scan_result_free(struct scan_result *result);

/* The entries that own their id, newest first by update time (ties by
 * id), published or not. Borrowed, like a view. */
const struct library_view *const *library_sorted(struct library *lib,
    size_t *count);

/* Is the entry published at now, or released before the clock stepped
 * back (a published article never disappears again)? */
bool library_published(const struct library_view *entry, time_t now);

/* The number entries of that section carry in section_number (names
 * compared as config_feed_wants does), or 0 when no entry has it. */
uint32_t library_section_number(struct library *lib, const char *section);
/* For tests: how many section names the library holds, one per name that
 * some entry carries now (names no entry carries any more are freed). */
size_t library_section_count(const struct library *lib);

/* The earliest publication time among the withheld articles, or 0 when
 * none is (or the articles folder cannot be read: the failed refresh is
 * retried anyway). It may be past already: the refresh of the build it
 * is due for releases them (a refresh releases whatever is due at its
 * now). */
time_t library_next_release(const struct library *lib);

/* Reads the file again for its summary and HTML body and derives its
 * link, for the build in progress. When the file was saved again since
 * its metadata was read, the entry takes title, dates and all from this
 * read, so that an item is one version of its file; the order follows
 * when the build ends (library_drop_content), and the next refresh's
 * result names the sections concerned. Returns -1 (logged) when it is
 * gone, changed into something unusable, or not published any more. */
int library_load_content(struct library *lib, const struct config *config,
    const struct library_view *entry);

/* The entry's content (if loaded) is still needed although this build did
 * not load it: it is an item of a feed that was not rebuilt. */
void library_keep_content(struct library *lib,
    const struct library_view *entry);
/* Ends a build: frees the content of entries that it did not use or keep,
 * so that memory holds feed items only, and the text of those whose cache
 * is complete. */
void library_drop_content(struct library *lib);

/* A cache its user keeps with an entry's loaded content (the feeds keep
 * their rendered items there): the library never reads it, frees it with
 * the content through release, and lets the text go while complete says
 * the cache stands in for it. */
struct library_cache_ops {
	void (*release)(void *cache);
	bool (*complete)(const void *cache);
};
void library_set_cache_ops(struct library *lib,
    const struct library_cache_ops *ops);
/* The entry's cache slot: NULL until its user fills it; emptied (and
 * released) whenever the entry's content goes. */
void **library_cache_slot(const struct library_view *entry);

/* Is this a name feedd never reads: hidden, an editor's swap, backup or
 * probe file? */
bool library_ignored_name(const char *name);

#endif
