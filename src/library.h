/* SPDX-License-Identifier: MIT */
/* library: the in-memory index of article files, keyed by their path under
 * the articles folder, kept current by full scans or by refreshing just
 * the paths that changed. */
#ifndef FEEDD_LIBRARY_H
#define FEEDD_LIBRARY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "article.h"
#include "config.h"
#include "state.h"

/* An entry as one feed format writes it (see feed.h): kept with the
 * entry's content, so that an unchanged item is serialised once, not once
 * per feed and build. */
struct library_rendering {
	char *bytes;		/* owned; NULL until written */
	size_t len;
};

#define LIBRARY_RENDERINGS 2

struct library_entry {
	char *path;		/* relative to the articles folder */
	/* The file as last read: any difference means it is read again. */
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime;
	bool usable;		/* false: rejected, and said why once */
	bool duplicate;		/* its id belongs to another file */
	bool listed;		/* in the newest-first order */
	bool arriving;		/* queued to be merged into the order */
	bool seen;		/* by the walk in progress */
	bool queued;		/* to be read by the walk in progress */
	bool released;		/* published: its time had come when seen,
				   so a clock stepping back cannot hide it */
	size_t index;		/* in the library's array of all entries */
	unsigned used;		/* build generation that last loaded it */
	bool loaded;		/* in the library's list of loaded entries */
	bool keeps_text;	/* a writer needs its text, not only its
				   renderings (see library_load_text) */
	struct article article;	/* metadata; content only while loaded */
	uint32_t section_number;	/* see library_section_number; 0: none */
	char *id;		/* fixed at first sight, kept in the state */
	char *link;		/* while its content is loaded, else NULL */
	/* LIBRARY_RENDERINGS of them while its content is loaded, else
	 * NULL; once all are written the text itself is let go. */
	struct library_rendering *rendered;
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

/* The usable entries, newest first by update time (ties by id). Borrowed:
 * valid until the next scan, refresh or library_free. */
struct library_entry *const *library_sorted(struct library *lib,
    size_t *count);

/* The number entries of that section carry in section_number (names
 * compared as config_feed_wants does), or 0 when no entry has it. */
uint32_t library_section_number(struct library *lib, const char *section);

/* Releases the withheld articles whose time has come; returns the
 * earliest publication time among those still withheld, or 0. */
time_t library_next_release(struct library *lib, time_t now);

/* Reads the file again for its summary and HTML body, for the build in
 * progress. Returns -1 (logged) when it is gone or changed into something
 * unusable. */
int library_load_content(struct library *lib, const struct config *config,
    struct library_entry *entry);
/* The same, for writers that work from the text itself (JSON Feed, the
 * HTML pages): the text is then kept while the entry is an item, even
 * once every rendering is written, so it is not read again (which could
 * fail, and lose the item, where the renderings would have done). */
int library_load_text(struct library *lib, const struct config *config,
    struct library_entry *entry);

/* The entry's content (if loaded) is still needed although this build did
 * not load it: it is an item of a feed that was not rebuilt. */
void library_keep_content(struct library *lib, struct library_entry *entry);
/* Ends a build: frees the content of entries that it did not use or keep,
 * so that memory holds feed items only, and keeps just the renderings of
 * those all of whose renderings are written. */
void library_drop_content(struct library *lib);

/* Is this a name feedd never reads: hidden, an editor's swap, backup or
 * probe file? */
bool library_ignored_name(const char *name);

#endif
