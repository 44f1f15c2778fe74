/* SPDX-License-Identifier: MIT */
/* watcher: Linux inotify on the articles folder (every subfolder), its
 * parent and the config's folder, turned into a set of changed paths. */
#ifndef FEEDD_WATCHER_H
#define FEEDD_WATCHER_H

#include <stdbool.h>
#include <stddef.h>

#include "config.h"

/* What happened since the last rebuild. Paths are relative to the
 * articles folder, each listed once. */
struct change_set {
	char **paths;
	size_t count;
	bool rescan;		/* events were lost: walk everything */
	bool config_changed;
	struct strmap *index;	/* path -> 1, for listing each path once */
};

void change_set_add(struct change_set *changes, const char *path);
bool change_set_empty(const struct change_set *changes);
void change_set_clear(struct change_set *changes);

struct watcher;

/* Watches config->articles_dir recursively and the folder of config_path.
 * Returns NULL (logged) when inotify itself is unavailable. */
struct watcher *watcher_new(const struct config *config,
    const char *config_path);

/* The inotify descriptor, for the event loop; non-blocking. */
int watcher_fd(const struct watcher *w);

/* Reads every pending event into changes. */
void watcher_read(struct watcher *w, struct change_set *changes);

/* False when a watch could not be added (the kernel's limit): some
 * changes would go unseen, so the caller should also poll. */
bool watcher_complete(const struct watcher *w);

void watcher_free(struct watcher *w);

/* Does the articles folder sit on a filesystem that delivers no inotify
 * events for remote writers (NFS, SMB/CIFS, FUSE, 9p)? */
bool watcher_needs_polling(const char *path, const char **fs_name);

#endif
