/* SPDX-License-Identifier: MIT */
/* library_content: an entry's summary and HTML body are read again only
 * for the items a build needs, and held only while a feed holds the item:
 * memory holds feed items, not the whole folder. The list of loaded
 * entries holds exactly the entries with a link, so that ending a build
 * never walks every entry.
 *
 * An item is one version of its file. The build's read is checked
 * against the signature (device, inode, size, modification time) of the
 * read the entry's metadata came from; when an editor saved in between,
 * the entry takes title, dates and all from the build's read, as a refresh
 * would have. Keeping the first read's body instead would hold every
 * article's text in memory, not just the feed items'. */
#include "autoconfig.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buffer.h"
#include "library_entry.h"
#include "links.h"
#include "log.h"
#include "xalloc.h"

static void
release_cache(struct library *lib, struct library_entry *e)
{
	if (e->cache != NULL && lib->cache_ops != NULL)
		lib->cache_ops->release(e->cache);
	e->cache = NULL;
}

static bool
cache_complete(const struct library *lib, const struct library_entry *e)
{
	return e->cache != NULL && lib->cache_ops != NULL &&
	    lib->cache_ops->complete(e->cache);
}

void
library_forget_content(struct library *lib, struct library_entry *e)
{
	size_t i;

	if (e->view.link != NULL)
		for (i = 0; i < lib->loaded_count; i++)
			if (lib->loaded[i] == e) {
				lib->loaded_count--;
				lib->loaded[i] = lib->loaded[lib->loaded_count];
				break;
			}
	free(e->view.link);
	e->view.link = NULL;
	release_cache(lib, e);
}

/* The build's read is of another version than the entry's metadata:
 * the entry takes this one whole, as a refresh would. The build is
 * walking the order, so the move is noted now and applied when the build
 * ends; the feeds this build wrote with the entry at its old place, or
 * in its old section, are built again after the next refresh, which the
 * save's own change brings. Returns whether the entry is still an item
 * (it may now be dated in the future). */
static bool
take_other_version(struct library *lib, const struct config *config,
    struct library_entry *e, struct article *fresh, const struct stat *st)
{
	struct scan_result *changed = &lib->changed_in_build;
	struct entry_reading r;

	log_info("%s/%s: saved again while being built: taken whole from "
	    "the new version", ENTRY_PATH(config, e));
	if (entry_usable(e))
		scan_result_touch_section(changed, e->view.article.section);
	library_unread_entry(lib, e, config);
	memset(&r, 0, sizeof(r));
	r.st = *st;
	r.article = *fresh;
	memset(fresh, 0, sizeof(*fresh));
	library_take_reading(lib, e, &r, config, time(NULL), changed);
	lib->order_pending = true;
	return e->state == ENTRY_LISTED;
}

/* The entry takes the content the build read; returns whether it is
 * still an item. */
static bool
take_content(struct library *lib, const struct config *config,
    struct library_entry *e, struct article *fresh, const struct stat *st)
{
	char *key;

	if (entry_same_signature(e, st)) {
		e->view.article.summary = fresh->summary;
		e->view.article.content_html = fresh->content_html;
		fresh->summary = fresh->content_html = NULL;
	} else if (!take_other_version(lib, config, e, fresh, st)) {
		article_drop_content(&e->view.article);
		return false;
	}
	if (e->view.link == NULL) {
		lib->loaded = xreallocarray(lib->loaded,
		    lib->loaded_count + 1, sizeof(*lib->loaded));
		lib->loaded[lib->loaded_count++] = e;
	}
	/* Only feed items need a link: derived here, not for all. */
	key = links_path_key(e->view.path);
	free(e->view.link);
	e->view.link = links_derive_link(config, &e->view.article, key);
	free(key);
	return true;
}

int
library_load_content(struct library *lib, const struct config *config,
    const struct library_view *v)
{
	struct library_entry *e = entry_of(v);
	struct buffer bytes = BUFFER_INIT;
	struct article fresh;
	struct stat st;
	char err[ARTICLE_FILE_ERROR_SIZE];
	int rootfd, rc = -1;

	e->used = lib->generation;
	if (e->view.article.content_html != NULL || cache_complete(lib, e))
		return 0;
	/* Opened once per build, for all the items it loads. */
	if (lib->content_dir < 0)
		lib->content_dir = open(config->articles_dir, O_RDONLY |
		    O_DIRECTORY | O_CLOEXEC);
	rootfd = lib->content_dir;
	if (rootfd >= 0 && article_file_read(rootfd, e->view.path, config,
	    &bytes, &st, err, sizeof(err)) == 0 &&
	    article_parse(bytes.data != NULL ? bytes.data : "", bytes.len,
	    &fresh, err, sizeof(err)) == 0) {
		if (take_content(lib, config, e, &fresh, &st))
			rc = 0;
		else
			log_info("%s/%s: left out of this build: its new "
			    "version is not published yet",
			    ENTRY_PATH(config, e));
		article_free(&fresh);
	} else if (rootfd < 0) {
		log_warning_errno("%s/%s: left out of this build",
		    ENTRY_PATH(config, e));
	} else {
		log_warning("%s/%s: left out of this build: %s",
		    ENTRY_PATH(config, e), err);
	}
	buffer_free(&bytes);
	return rc;
}

void
library_keep_content(struct library *lib, const struct library_view *v)
{
	entry_of(v)->used = lib->generation;
}

void
library_drop_content(struct library *lib)
{
	size_t i, kept = 0;

	for (i = 0; i < lib->loaded_count; i++) {
		struct library_entry *e = lib->loaded[i];
		if (e->used == lib->generation) {
			lib->loaded[kept++] = e;
			if (cache_complete(lib, e))
				article_drop_content(&e->view.article);
		} else {
			article_drop_content(&e->view.article);
			free(e->view.link);
			e->view.link = NULL;
			release_cache(lib, e);
		}
	}
	lib->loaded_count = kept;
	lib->generation++;
	/* The build is over: the order may move now. */
	if (lib->order_pending)
		library_order_end(lib);
	lib->order_pending = false;
	if (lib->content_dir >= 0)
		close(lib->content_dir);
	lib->content_dir = -1;
}

void
library_set_cache_ops(struct library *lib,
    const struct library_cache_ops *ops)
{
	lib->cache_ops = ops;
}

void **
library_cache_slot(const struct library_view *v)
{
	return &entry_of(v)->cache;
}
