/* SPDX-License-Identifier: MIT */
/* library: the in-memory index of article files, keyed by their path under
 * the articles folder, with what is needed to tell when one changed. */
#ifndef FEEDD_LIBRARY_H
#define FEEDD_LIBRARY_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <time.h>

#include "article.h"
#include "config.h"

struct library_entry {
	char *path;		/* relative to the articles folder */
	/* The file as last read: any difference means it is read again. */
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime;
	bool usable;		/* false: rejected, and said why once */
	bool duplicate;		/* its id belongs to another file */
	struct article article;	/* metadata; content only while loaded */
	char *id;		/* the feed id, derived once from name or Id: */
	char *link;
	bool seen;		/* by the scan in progress */
};

struct scan_result {
	size_t added, changed, removed, rejected;
};

struct library;

struct library *library_new(void);
void library_free(struct library *lib);

/* Walks the articles folder and reads only the files that are new or whose
 * signature changed. Returns -1 when the folder itself cannot be read
 * (logged; the index is left as it was), else 0. */
int library_scan(struct library *lib, const struct config *config,
    time_t now, struct scan_result *result);

/* The usable entries, newest first by update time (ties by id). Borrowed:
 * valid until the next library_scan or library_free. */
struct library_entry *const *library_sorted(struct library *lib,
    size_t *count);

/* Reads the file again for its summary and HTML body. Returns -1 (logged)
 * when it is gone or changed into something unusable. */
int library_load_content(const struct config *config,
    struct library_entry *entry);

#endif
