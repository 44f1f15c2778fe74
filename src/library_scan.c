/* SPDX-License-Identifier: MIT */
/* library_scan: walks the articles folder without following links (unless
 * follow_symlinks), and brings the library in line with it: a file is read
 * at most once per change, whole walks read files in batches on worker
 * threads, and entries not seen again are swept away.
 *
 * Only load_file runs on worker threads: it reads into its own
 * entry_reading and touches neither the library nor the log. */
#include "autoconfig.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buffer.h"
#include "library_entry.h"
#include "log.h"
#include "parallel.h"
#include "xalloc.h"

#define MAX_DEPTH 32
/* Merging k changes into an order of n costs O(n + k log n), sorting
 * afresh O(n log n) with a cache miss per comparison: sorting wins only
 * when the changes are many, and many against the order. */
#define BULK_CHANGES 256
#define BULK_SHARE 4		/* changes > order / BULK_SHARE */
/* Files queued by a whole walk are read this many at a time: enough to
 * keep every CPU busy, few enough that their texts never pile up. */
#define READ_BATCH 2048
/* Files a worker thread takes at a time: reading one is quick, so a
 * thread takes several per trip to the shared counter. */
#define READ_CHUNK 16

struct walk {
	struct library *lib;
	const struct config *config;
	time_t now;
	struct scan_result *result;
	size_t over_limit;	/* files left unread past max_articles */
	bool in_batches;	/* read files in batches, on every CPU */
	struct library_entry **queued;	/* to read in the next batch */
	size_t queued_count;
	struct batch *reading;	/* the batch being read, if any */
	struct folder_id {
		dev_t dev;
		ino_t ino;
	} ancestors[MAX_DEPTH + 2];	/* the folders being walked */
	int depth;
};

static int
stat_flags(const struct config *config)
{
	return config->follow_symlinks ? 0 : AT_SYMLINK_NOFOLLOW;
}

/* A folder that is now a link (not followed), or no folder at all: what
 * it held is gone. */
static bool
folder_gone(int err)
{
	return err == ENOENT || err == ENOTDIR || err == ELOOP ||
	    err == EXDEV;
}

/* Vim probes a folder's writability with files named 4913, 5036, ... */
static bool
is_vim_probe(const char *name)
{
	char *end;
	unsigned long n = strtoul(name, &end, 10);

	return name[0] >= '0' && name[0] <= '9' && *end == '\0' &&
	    n >= 4913 && (n - 4913) % 123 == 0;
}

static bool
has_suffix(const char *name, const char *suffix)
{
	size_t n = strlen(name), m = strlen(suffix);

	return n >= m && strcmp(name + n - m, suffix) == 0;
}

bool
library_ignored_name(const char *name)
{
	static const char *const suffixes[] = { "~", ".swp", ".swx", ".swo",
	    ".tmp", ".part", ".crdownload", ".kate-swp", ".bck",
	    "___jb_tmp___", "___jb_old___" };
	size_t i, n = strlen(name);

	if (name[0] == '.' || (name[0] == '#' && n > 1 && name[n - 1] == '#'))
		return true;
	for (i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++)
		if (has_suffix(name, suffixes[i]))
			return true;
	return is_vim_probe(name);
}

static bool
matches_patterns(const struct config *config, const char *name)
{
	size_t i;

	for (i = 0; i < config->pattern_count; i++)
		if (fnmatch(config->patterns[i], name, FNM_PERIOD) == 0)
			return true;
	return false;
}

/* ---- the scan result ---- */

void
scan_result_touch_section(struct scan_result *r, const char *section)
{
	size_t i;

	if (section == NULL) {
		r->unsectioned = true;
		return;
	}
	for (i = 0; i < r->section_count; i++)
		if (strcasecmp(r->sections[i], section) == 0)
			return;
	r->sections = xreallocarray(r->sections, r->section_count + 1,
	    sizeof(*r->sections));
	r->sections[r->section_count++] = xstrdup(section);
}

/* Adds what from changed to into. */
static void
scan_result_merge(struct scan_result *into, const struct scan_result *from)
{
	size_t i;

	into->added += from->added;
	into->changed += from->changed;
	into->removed += from->removed;
	into->rejected += from->rejected;
	for (i = 0; i < from->section_count; i++)
		scan_result_touch_section(into, from->sections[i]);
	if (from->unsectioned)
		into->unsectioned = true;
}

bool
scan_result_touches(const struct scan_result *r,
    const struct feed_config *feed)
{
	size_t i;

	if (feed->all_sections)
		return r->unsectioned || r->section_count > 0;
	for (i = 0; i < r->section_count; i++)
		if (config_feed_wants(feed, r->sections[i]))
			return true;
	return false;
}

bool
scan_result_empty(const struct scan_result *r)
{
	return r->section_count == 0 && !r->unsectioned;
}

void
scan_result_free(struct scan_result *r)
{
	size_t i;

	for (i = 0; i < r->section_count; i++)
		free(r->sections[i]);
	free(r->sections);
	memset(r, 0, sizeof(*r));
}

/* Runs on worker threads: touches only its own reading. */
static void
load_file(const struct config *config, int rootfd, const char *path,
    struct entry_reading *r)
{
	struct buffer bytes = BUFFER_INIT;

	memset(&r->st, 0, sizeof(r->st));
	memset(&r->article, 0, sizeof(r->article));
	r->rc = article_file_read(rootfd, path, config, &bytes, &r->st, r->err,
	    sizeof(r->err));
	if (r->rc == 0)
		r->rc = article_parse_metadata(bytes.data != NULL ? bytes.data :
		    "", bytes.len, &r->article, r->err, sizeof(r->err));
	buffer_free(&bytes);
}

static void
read_entry(struct walk *w, int rootfd, struct library_entry *e)
{
	struct entry_reading r;

	library_unread_entry(w->lib, e, w->config);
	load_file(w->config, rootfd, e->view.path, &r);
	library_take_reading(w->lib, e, &r, w->config, w->now, w->result);
}

/* ---- reading many files at once ---- */

/* A batch of queued entries, read on the other CPUs while the walk goes
 * on and the batch before is taken in: the walk queues batch k+1 and
 * takes batch k-1 while batch k is read. Workers touch only the batch's
 * readings; the walk never removes an entry of a batch being read (see
 * unqueue_entry). */
struct batch {
	const struct config *config;
	int rootfd;
	struct library_entry **entries;
	struct entry_reading *readings;
	size_t count;
	struct parallel_job job;
};

static void
load_one(void *context, size_t i)
{
	struct batch *b = context;

	load_file(b->config, b->rootfd, b->entries[i]->view.path,
	    &b->readings[i]);
}

/* Lets the entries take their readings, and enlists them, in the order
 * they were queued: ownership of ids and the log read as if the walk had
 * read each file as it went. */
static void
take_batch(struct walk *w, struct batch *b)
{
	size_t i;

	for (i = 0; i < b->count; i++)
		library_take_reading(w->lib, b->entries[i], &b->readings[i],
		    w->config, w->now, w->result);
	free(b->readings);
	free(b->entries);
	free(b);
}

/* Waits for the batch being read (reading the rest of it meanwhile), and
 * returns it, to be taken. */
static struct batch *
finish_reading(struct walk *w)
{
	struct batch *b = w->reading;

	if (b != NULL)
		parallel_finish(&b->job);
	w->reading = NULL;
	return b;
}

/* Sets the queued entries reading on the other CPUs, and takes in the
 * batch that was being read before. */
static void
read_queued(struct walk *w, int rootfd)
{
	struct batch *done = finish_reading(w), *b;

	if (w->queued_count > 0) {
		b = xcalloc(1, sizeof(*b));
		b->config = w->config;
		b->rootfd = rootfd;
		b->entries = w->queued;
		b->count = w->queued_count;
		b->readings = xreallocarray(NULL, b->count,
		    sizeof(*b->readings));
		w->queued = NULL;
		w->queued_count = 0;
		w->reading = b;
		parallel_start(&b->job, b->count, READ_CHUNK, load_one, b);
	}
	if (done != NULL)
		take_batch(w, done);
}

/* Reads and takes in everything queued: the end of a walk. */
static void
read_all_queued(struct walk *w, int rootfd)
{
	struct batch *b;

	read_queued(w, rootfd);
	if ((b = finish_reading(w)) != NULL)
		take_batch(w, b);
}

static void
queue_entry(struct walk *w, int rootfd, struct library_entry *e)
{
	library_unread_entry(w->lib, e, w->config);
	e->state = ENTRY_QUEUED;
	if (w->queued == NULL)
		w->queued = xreallocarray(NULL, READ_BATCH,
		    sizeof(*w->queued));
	w->queued[w->queued_count++] = e;
	if (w->queued_count == READ_BATCH)
		read_queued(w, rootfd);
}

/* An entry removed while queued is not read; one whose batch is being
 * read is taken in first, so that no worker reads what is freed. */
static void
unqueue_entry(struct walk *w, struct library_entry *e)
{
	struct batch *b;
	size_t i;

	if (e->state != ENTRY_QUEUED)
		return;
	if ((b = finish_reading(w)) != NULL)
		take_batch(w, b);
	if (e->state != ENTRY_QUEUED)
		return;
	for (i = 0; i < w->queued_count; i++)
		if (w->queued[i] == e) {
			memmove(&w->queued[i], &w->queued[i + 1],
			    (w->queued_count - i - 1) * sizeof(*w->queued));
			w->queued_count--;
			break;
		}
	e->state = ENTRY_UNREAD;
}

/* ---- entries coming and going ---- */

static void
remove_entry(struct walk *w, struct library_entry *e)
{
	unqueue_entry(w, e);
	library_remove_entry(w->lib, e, w->config, w->result);
}

static void
visit_file(struct walk *w, int rootfd, const char *path,
    const struct stat *st)
{
	struct library_entry *e = strmap_get(w->lib->by_path, path);

	if (e != NULL && (e->state == ENTRY_QUEUED ||
	    (st != NULL && entry_same_signature(e, st)))) {
		e->seen = w->lib->mark;	/* or met again before its batch */
		return;
	}
	if (e == NULL) {
		if (w->lib->count >= w->config->max_articles) {
			w->over_limit++;
			return;
		}
		e = library_add_entry(w->lib, path);
		w->result->added++;
	} else {
		if (entry_usable(e))
			scan_result_touch_section(w->result,
			    e->view.article.section);
		w->result->changed++;
	}
	e->seen = w->lib->mark;
	if (w->in_batches) {
		queue_entry(w, rootfd, e);
		return;
	}
	read_entry(w, rootfd, e);	/* takes the signature of what it reads */
}

static void walk_folder(struct walk *w, int rootfd, const char *prefix,
    int depth);

/* One name in a folder being walked (dirfd, opened beneath the root);
 * path is relative to the root. */
static void
visit_path(struct walk *w, int rootfd, int dirfd, const char *path,
    const char *name, unsigned char type, int depth)
{
	struct stat st;

	if (library_ignored_name(name))
		return;
	/* A regular file not yet indexed is read at once: its open gives
	 * its signature, sparing a stat per file on the first scan. */
	if (type == DT_REG && matches_patterns(w->config, name) &&
	    strmap_get(w->lib->by_path, path) == NULL) {
		visit_file(w, rootfd, path, NULL);
		return;
	}
	if (fstatat(dirfd, name, &st, stat_flags(w->config)) != 0)
		return;
	if (S_ISDIR(st.st_mode))
		walk_folder(w, rootfd, path, depth + 1);
	else if (S_ISREG(st.st_mode) && matches_patterns(w->config, name))
		visit_file(w, rootfd, path, &st);
	else if (S_ISLNK(st.st_mode) && matches_patterns(w->config, name))
		log_info("%s/%s: symbolic link not followed (see "
		    "follow_symlinks)", w->config->articles_dir, path);
}

/* Following links, a folder may contain itself: never walk a folder that
 * is already being walked. */
static bool
enter_folder(struct walk *w, int fd, const char *prefix)
{
	struct stat st;
	int i;

	if (fstat(fd, &st) != 0)
		return false;
	for (i = 0; i < w->depth; i++) {
		if (w->ancestors[i].dev == st.st_dev &&
		    w->ancestors[i].ino == st.st_ino) {
			log_warning("%s/%s: folder skipped: a symbolic link "
			    "loop", w->config->articles_dir, prefix);
			return false;
		}
	}
	w->ancestors[w->depth].dev = st.st_dev;
	w->ancestors[w->depth].ino = st.st_ino;
	w->depth++;
	return true;
}

static void keep_below(struct library *lib, const char *prefix);

static void
walk_folder(struct walk *w, int rootfd, const char *prefix, int depth)
{
	struct dirent *d;
	DIR *dir;
	int fd;

	if (depth > MAX_DEPTH) {
		log_warning("%s/%s: folder skipped: nested too deep",
		    w->config->articles_dir, prefix);
		return;
	}
	fd = prefix[0] == '\0' ? dup(rootfd) : article_file_open(rootfd,
	    prefix, O_RDONLY | O_DIRECTORY, w->config->follow_symlinks);
	if (fd >= 0 && !enter_folder(w, fd, prefix)) {
		close(fd);
		return;
	}
	if (fd < 0 || (dir = fdopendir(fd)) == NULL) {
		int saved = errno;
		log_warning("%s/%s: folder skipped: %s%s",
		    w->config->articles_dir, prefix, strerror(saved),
		    folder_gone(saved) ? "" :
		    "; its articles stay as they were");
		if (fd >= 0) {
			close(fd);
			w->depth--;
		}
		/* A folder that is there but cannot be read (permissions, I/O)
		 * loses nothing: what it held stays published. */
		if (!folder_gone(saved))
			keep_below(w->lib, prefix);
		return;
	}
	while ((d = readdir(dir)) != NULL) {
		char *path;
		if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0)
			continue;
		path = xpathjoin(prefix, d->d_name);
		visit_path(w, rootfd, dirfd(dir), path, d->d_name, d->d_type,
		    depth);
		free(path);
	}
	closedir(dir);
	w->depth--;
}

static bool
under(const char *path, const char *prefix, size_t len)
{
	return len == 0 || (strncmp(path, prefix, len) == 0 &&
	    path[len] == '/');
}

/* Forgets the entries below prefix that the walk did not see. */
static void
sweep(struct walk *w, const char *prefix)
{
	struct library *lib = w->lib;
	size_t len = strlen(prefix), i = 0;

	while (i < lib->count) {
		struct library_entry *e = lib->all[i];
		if (under(e->view.path, prefix, len) && e->seen != lib->mark) {
			remove_entry(w, e);	/* moves the last entry to i */
			continue;
		}
		i++;
	}
}

static void
keep_below(struct library *lib, const char *prefix)
{
	size_t len = strlen(prefix), i;

	for (i = 0; i < lib->count; i++)
		if (under(lib->all[i]->view.path, prefix, len))
			lib->all[i]->seen = lib->mark;
}

/* Starts a mark-and-sweep of a folder: what the walk does not mark
 * again is gone. A new mark unmarks every entry at once (after 2^32
 * walks a mark comes round again: an entry would then be kept by one
 * sweep it should not survive, and removed by the next). */
static void
unsee(struct library *lib)
{
	lib->mark++;
}

static const char *
base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash != NULL ? slash + 1 : path;
}

/* Brings one path in line with the disk: a file is read if it changed, a
 * folder walked, and whatever is gone forgotten with all below it. */
static void
refresh_path(struct walk *w, int rootfd, const char *path)
{
	struct library_entry *e = strmap_get(w->lib->by_path, path);
	struct stat st;
	bool exists = path[0] == '\0' || article_file_stat(rootfd, path,
	    w->config->follow_symlinks, &st) == 0;

	if (exists && (path[0] == '\0' || S_ISDIR(st.st_mode))) {
		if (e != NULL)
			remove_entry(w, e);
		unsee(w->lib);
		walk_folder(w, rootfd, path, 0);
		sweep(w, path);
		return;
	}
	if (exists && S_ISREG(st.st_mode) &&
	    !library_ignored_name(base_name(path)) &&
	    matches_patterns(w->config, base_name(path))) {
		visit_file(w, rootfd, path, &st);
		return;
	}
	if (e != NULL) {
		remove_entry(w, e);
	} else {
		unsee(w->lib);	/* a folder gone with its files */
		sweep(w, path);
	}
}

int
library_refresh(struct library *lib, const struct config *config,
    char *const *paths, size_t count, time_t now, struct scan_result *result)
{
	struct walk w;
	size_t i, ordered;
	int rootfd;

	memset(&w, 0, sizeof(w));
	lib->config_max_articles = config->max_articles;
	w.lib = lib;
	w.config = config;
	w.now = now;
	w.result = result;
	rootfd = open(config->articles_dir, O_RDONLY | O_DIRECTORY |
	    O_CLOEXEC);
	if (rootfd < 0) {
		if (!lib->root_failing)
			log_error("%s: cannot read the articles folder: %s "
			    "(check 'articles' in %s); the feeds stay as they "
			    "are", config->articles_dir, strerror(errno),
			    config->path);
		lib->root_failing = true;
		return -1;
	}
	if (lib->root_failing)
		log_notice("%s: the articles folder is back",
		    config->articles_dir);
	lib->root_failing = false;
	ordered = order_count(lib->order);
	library_order_begin(lib, (count > BULK_CHANGES &&
	    count > ordered / BULK_SHARE) || ordered == 0 ||
	    (count == 1 && paths[0][0] == '\0'));
	/* Whole walks use every CPU, and so do changes by the hundred (a
	 * burst whose writer is done, an export); a few changes do not, as
	 * whatever is writing the files may still be at work beside us. */
	w.in_batches = ordered == 0 || count > BULK_CHANGES ||
	    (count == 1 && paths[0][0] == '\0');
	for (i = 0; i < count; i++)
		refresh_path(&w, rootfd, paths[i]);
	read_all_queued(&w, rootfd);
	free(w.queued);
	library_release_due(lib, config, now, result);
	library_order_end(lib);
	scan_result_merge(result, &lib->changed_in_build);
	scan_result_free(&lib->changed_in_build);
	if (w.over_limit > 0)
		log_warning("%s: max_articles (%zu) reached: %zu more file%s "
		    "not read; raise max_articles in %s", config->articles_dir,
		    config->max_articles, w.over_limit, w.over_limit == 1 ?
		    "" : "s", config->path);
	close(rootfd);
	return 0;
}

/* Files past max_articles have no entry but keep their records. */
static bool
is_indexed(const char *path, void *context)
{
	struct library *lib = context;

	return strmap_get(lib->by_path, path) != NULL ||
	    lib->count >= lib->config_max_articles;
}

int
library_scan(struct library *lib, const struct config *config, time_t now,
    struct scan_result *result)
{
	static char root[] = "";
	char *paths[] = { root };

	if (library_refresh(lib, config, paths, 1, now, result) != 0)
		return -1;
	state_retain(lib->state, is_indexed, lib);
	return 0;
}

