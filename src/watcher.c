/* SPDX-License-Identifier: MIT */
/* watcher: inotify is not recursive, so every folder gets its own watch;
 * events are hints, and the library decides what changed by looking at
 * the files. Half-written files are never announced: only close-after-
 * write and moves, not every modification. */
#include "autoconfig.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "library.h"
#include "log.h"
#include "path.h"
#include "strmap.h"
#include "watcher.h"
#include "xalloc.h"

#define WATCH_MASK (IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | \
	IN_DELETE | IN_CREATE | IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF | \
	IN_ONLYDIR)
#define MAX_DEPTH 32

enum watch_role {
	ROLE_ARTICLES = 1,	/* a folder of articles; path says which */
	ROLE_CONFIG = 2,	/* holds the config file */
	ROLE_PARENT = 4,	/* holds the articles folder itself */
};

struct watch {
	int wd;
	unsigned roles;
	char *path;		/* relative to the articles folder */
};

struct watcher {
	int fd;
	const struct config *config;	/* borrowed */
	char *articles_dir;
	char *articles_name;	/* the folder's name in its parent */
	char *config_name;	/* the config file's name in its folder */
	struct watch *watches;	/* sorted by wd: the kernel hands them out
				   in increasing order */
	size_t count;
	bool complete;
	struct log_episode watch_limit;	/* never ends: a reload starts anew */
};

/* ---- the change set ---- */

void
change_set_add(struct change_set *c, const char *path)
{
	if (c->index == NULL)
		c->index = strmap_new();
	if (strmap_get(c->index, path) != NULL)
		return;
	c->paths = xreallocarray(c->paths, c->count + 1, sizeof(*c->paths));
	c->paths[c->count] = xstrdup(path);
	strmap_put(c->index, c->paths[c->count], c->paths[c->count]);
	c->count++;
}

bool
change_set_empty(const struct change_set *c)
{
	return c->count == 0 && !c->rescan && !c->config_changed;
}

void
change_set_clear(struct change_set *c)
{
	size_t i;

	for (i = 0; i < c->count; i++)
		free(c->paths[i]);
	free(c->paths);
	strmap_free(c->index);
	memset(c, 0, sizeof(*c));
}

/* ---- the table of watches ---- */

static struct watch *
find_watch(struct watcher *w, int wd)
{
	size_t lo = 0, hi = w->count, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (w->watches[mid].wd == wd)
			return &w->watches[mid];
		if (w->watches[mid].wd < wd)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static void
remember_watch(struct watcher *w, int wd, unsigned role, const char *path)
{
	struct watch *found = find_watch(w, wd);
	size_t at;

	if (found != NULL) {
		found->roles |= role;
		if (path != NULL) {
			free(found->path);
			found->path = xstrdup(path);
		}
		return;
	}
	for (at = w->count; at > 0 && w->watches[at - 1].wd > wd; at--)
		;
	w->watches = xreallocarray(w->watches, w->count + 1,
	    sizeof(*w->watches));
	memmove(w->watches + at + 1, w->watches + at,
	    (w->count - at) * sizeof(*w->watches));
	w->watches[at].wd = wd;
	w->watches[at].roles = role;
	w->watches[at].path = path != NULL ? xstrdup(path) : NULL;
	w->count++;
}

static void
forget_watch(struct watcher *w, struct watch *watch)
{
	size_t at = (size_t)(watch - w->watches);

	free(watch->path);
	memmove(w->watches + at, w->watches + at + 1,
	    (w->count - at - 1) * sizeof(*w->watches));
	w->count--;
}

static void
log_watch_failure(struct watcher *w, const char *path)
{
	if (errno == ENOSPC || errno == ENOMEM) {
		w->complete = false;
		log_episode_fail(&w->watch_limit, "%s: cannot watch: the "
		    "inotify watch limit is reached; feedd polls instead. Raise "
		    "it with 'sysctl fs.inotify.max_user_watches=524288' (and "
		    "in /etc/sysctl.d/ to keep it)", path);
	} else if (errno == EACCES) {
		/* The walk cannot read it either: nothing to poll for. */
		log_warning_errno("%s: cannot watch", path);
	} else if (errno != ENOENT) {
		/* Read by the walk but unwatched (a path over PATH_MAX, say):
		 * only polling sees its edits. */
		w->complete = false;
		log_warning_errno("%s: cannot watch, so feedd polls for "
		    "changes instead", path);
	}
}

/* Returns 0 for a new watch, 1 when the folder was already watched in
 * that role (reached again through a link: its first path stays), -1 on
 * failure. */
static int
add_watch(struct watcher *w, const char *full, unsigned role,
    const char *path)
{
	int wd = inotify_add_watch(w->fd, full, WATCH_MASK |
	    (w->config->follow_symlinks ? 0 : IN_DONT_FOLLOW));
	struct watch *known;

	if (wd < 0) {
		log_watch_failure(w, full);
		return -1;
	}
	known = find_watch(w, wd);
	if (known != NULL && (known->roles & role))
		return 1;
	remember_watch(w, wd, role, path);
	return 0;
}

/* Is this entry of a folder being watched a folder too? readdir's type
 * says so but for links and file systems that leave it unknown. A folder
 * that cannot even be looked at by its path (longer than PATH_MAX) is
 * read by the walk all the same, so it must be polled. */
static bool
entry_is_folder(struct watcher *w, const struct dirent *d, const char *full)
{
	struct stat st;

	if (d->d_type == DT_DIR)
		return true;
	if ((w->config->follow_symlinks ? stat(full, &st) : lstat(full,
	    &st)) == 0)
		return S_ISDIR(st.st_mode);
	log_watch_failure(w, full);
	return false;
}

/* Watches a folder of articles and every folder below it. A folder
 * already watched is not walked again, so links followed in a loop end. */
static void
add_tree(struct watcher *w, const char *path, int depth)
{
	char *full = xpathjoin(w->articles_dir, path);
	struct dirent *d;
	DIR *dir;

	if (depth > MAX_DEPTH || add_watch(w, full, ROLE_ARTICLES, path) != 0 ||
	    (dir = opendir(full)) == NULL) {
		free(full);
		return;
	}
	while ((d = readdir(dir)) != NULL) {
		char *child, *child_full;
		if (library_ignored_name(d->d_name) ||
		    (d->d_type != DT_DIR && d->d_type != DT_UNKNOWN &&
		    !(d->d_type == DT_LNK && w->config->follow_symlinks)))
			continue;
		child_full = xpathjoin(full, d->d_name);
		if (entry_is_folder(w, d, child_full)) {
			child = xpathjoin(path, d->d_name);
			add_tree(w, child, depth + 1);
			free(child);
		}
		free(child_full);
	}
	closedir(dir);
	free(full);
}

/* Stops watching a folder that left the tree, and all below it. */
static void
remove_tree(struct watcher *w, const char *path)
{
	size_t len = strlen(path), i = 0;

	while (i < w->count) {
		struct watch *watch = &w->watches[i];
		if ((watch->roles & ROLE_ARTICLES) && watch->path != NULL &&
		    strncmp(watch->path, path, len) == 0 &&
		    (watch->path[len] == '\0' || watch->path[len] == '/')) {
			if (watch->roles == ROLE_ARTICLES) {
				inotify_rm_watch(w->fd, watch->wd);
				forget_watch(w, watch);
				continue;
			}
			watch->roles &= ~(unsigned)ROLE_ARTICLES;
		}
		i++;
	}
}

/* ---- setting up ---- */

struct watcher *
watcher_new(const struct config *config, const char *config_path)
{
	struct watcher *w = xcalloc(1, sizeof(*w));
	char *config_dir, *parent_dir;

	w->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (w->fd < 0) {
		log_error_errno("cannot start inotify, feedd polls instead");
		free(w);
		return NULL;
	}
	w->config = config;
	w->complete = true;
	w->articles_dir = xstrdup(config->articles_dir);
	parent_dir = path_split(config->articles_dir, &w->articles_name);
	config_dir = path_split(config_path, &w->config_name);
	add_watch(w, parent_dir, ROLE_PARENT, NULL);
	add_watch(w, config_dir, ROLE_CONFIG, NULL);
	add_tree(w, "", 0);
	free(parent_dir);
	free(config_dir);
	return w;
}

int
watcher_fd(const struct watcher *w)
{
	return w->fd;
}

bool
watcher_complete(const struct watcher *w)
{
	return w->complete;
}

void
watcher_free(struct watcher *w)
{
	size_t i;

	if (w == NULL)
		return;
	for (i = 0; i < w->count; i++)
		free(w->watches[i].path);
	free(w->watches);
	free(w->articles_dir);
	free(w->articles_name);
	free(w->config_name);
	close(w->fd);
	free(w);
}

/* ---- events ---- */

/* folder is the watched folder's path under the articles folder. */
static void
articles_event(struct watcher *w, const char *folder,
    const struct inotify_event *ev, struct change_set *changes)
{
	char *path;

	if (ev->mask & (IN_DELETE_SELF | IN_MOVE_SELF)) {
		if (folder[0] == '\0') {
			/* The folder itself went: its watches would now report
			 * a folder elsewhere. Whatever stands at the path now
			 * (if anything) is watched afresh. */
			remove_tree(w, "");
			add_tree(w, "", 0);
			changes->rescan = true;
		}
		return;
	}
	if (ev->len == 0 || library_ignored_name(ev->name))
		return;
	path = xpathjoin(folder, ev->name);
	if (ev->mask & IN_ISDIR) {
		if (ev->mask & (IN_CREATE | IN_MOVED_TO))
			add_tree(w, path, 1);
		else if (ev->mask & (IN_DELETE | IN_MOVED_FROM))
			remove_tree(w, path);
		change_set_add(changes, path);
	} else if (ev->mask & IN_CREATE) {
		/* A new file is announced when closed after writing; a hard
		 * link never is, and is complete already. */
		struct stat st;
		char *full = xpathjoin(w->articles_dir, path);
		if (lstat(full, &st) == 0 && S_ISREG(st.st_mode) &&
		    st.st_nlink > 1)
			change_set_add(changes, path);
		free(full);
	} else {
		change_set_add(changes, path);
	}
	free(path);
}

static void
handle_event(struct watcher *w, const struct inotify_event *ev,
    struct change_set *changes)
{
	struct watch *watch;
	unsigned roles;
	char *folder;

	if (ev->mask & IN_Q_OVERFLOW) {
		log_notice("inotify queue overflow: events were lost, "
		    "rescanning everything");
		changes->rescan = true;
		return;
	}
	watch = find_watch(w, ev->wd);
	if (watch == NULL)
		return;
	if (ev->mask & IN_IGNORED) {
		forget_watch(w, watch);
		return;
	}
	/* Adding watches below may move the table: copy what is needed. */
	roles = watch->roles;
	folder = watch->path != NULL ? xstrdup(watch->path) : NULL;
	if ((roles & ROLE_CONFIG) && ev->len > 0 &&
	    strcmp(ev->name, w->config_name) == 0 &&
	    (ev->mask & (IN_CLOSE_WRITE | IN_MOVED_TO | IN_DELETE |
	    IN_MOVED_FROM)))
		changes->config_changed = true;
	if ((roles & ROLE_PARENT) && ev->len > 0 &&
	    strcmp(ev->name, w->articles_name) == 0 && (ev->mask & IN_ISDIR)) {
		/* The articles folder was replaced or came back. */
		if (ev->mask & (IN_CREATE | IN_MOVED_TO))
			add_tree(w, "", 0);
		changes->rescan = true;
	}
	if ((roles & ROLE_ARTICLES) && folder != NULL)
		articles_event(w, folder, ev, changes);
	free(folder);
}

void
watcher_read(struct watcher *w, struct change_set *changes)
{
	char buf[65536] __attribute__((aligned(__alignof__(struct inotify_event))));
	const struct inotify_event *ev;
	ssize_t n;
	char *p;

	for (;;) {
		n = read(w->fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;		/* EAGAIN: drained */
		for (p = buf; p < buf + n;
		    p += sizeof(struct inotify_event) + ev->len) {
			ev = (const struct inotify_event *)(void *)p;
			handle_event(w, ev, changes);
		}
	}
}

bool
watcher_needs_polling(const char *path, const char **fs_name)
{
	static const struct { unsigned long magic; const char *name; } remote[] = {
		{ 0x6969, "NFS" }, { 0x517B, "SMB" }, { 0xFE534D42, "SMB2" },
		{ 0xFF534D42, "CIFS" }, { 0x65735546, "FUSE" },
		{ 0x01021997, "9p" }, { 0x47504653, "GPFS" },
		{ 0x6B414653, "AFS" }, { 0x00C36400, "CephFS" },
	};
	struct statfs sfs;
	size_t i;

	if (statfs(path, &sfs) != 0)
		return false;
	for (i = 0; i < sizeof(remote) / sizeof(remote[0]); i++) {
		if ((unsigned long)sfs.f_type == remote[i].magic) {
			*fs_name = remote[i].name;
			return true;
		}
	}
	return false;
}
