/* SPDX-License-Identifier: MIT */
/* library: walks the articles folder without following links, reads each
 * article at most once per change, and derives ids and links. */
#include "autoconfig.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buffer.h"
#include "library.h"
#include "log.h"
#include "strmap.h"
#include "text.h"
#include "timefmt.h"
#include "xalloc.h"

#define MAX_DEPTH 32

struct library {
	struct strmap *by_path;		/* path -> struct library_entry */
	struct library_entry **all;	/* every entry, for walking the map */
	size_t count;
	struct library_entry **sorted;	/* usable ones, newest first */
	size_t sorted_count;
};

struct scan {
	struct library *lib;
	const struct config *config;
	time_t now;
	struct scan_result *result;
};

struct library *
library_new(void)
{
	struct library *lib = xcalloc(1, sizeof(*lib));

	lib->by_path = strmap_new();
	return lib;
}

static void
entry_free(struct library_entry *e)
{
	article_free(&e->article);
	free(e->path);
	free(e->id);
	free(e->link);
	free(e);
}

void
library_free(struct library *lib)
{
	size_t i;

	if (lib == NULL)
		return;
	for (i = 0; i < lib->count; i++)
		entry_free(lib->all[i]);
	free(lib->all);
	free(lib->sorted);
	strmap_free(lib->by_path);
	free(lib);
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

/* Hidden files and editors' swap, backup and temporary files. */
static bool
is_ignored_name(const char *name)
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

/* Reads a whole regular file, refusing more than limit bytes. */
static int
read_article_file(const char *path, size_t limit, struct buffer *out,
    struct stat *st, char *err, size_t errlen)
{
	char chunk[65536];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);

	if (fd < 0) {
		snprintf(err, errlen, "cannot open: %s", strerror(errno));
		return -1;
	}
	if (fstat(fd, st) != 0 || !S_ISREG(st->st_mode)) {
		snprintf(err, errlen, "not a regular file");
		close(fd);
		return -1;
	}
	if ((size_t)st->st_size > limit) {
		snprintf(err, errlen, "%jd bytes is over max_article_size "
		    "(%zu): raise it in feedd.conf to include this file",
		    (intmax_t)st->st_size, limit);
		close(fd);
		return -1;
	}
	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			snprintf(err, errlen, "cannot read: %s", strerror(errno));
			close(fd);
			return -1;
		}
		if (out->len + (size_t)n > limit) {
			snprintf(err, errlen, "grew past max_article_size "
			    "(%zu) while being read", limit);
			close(fd);
			return -1;
		}
		buffer_append(out, chunk, (size_t)n);
	}
	close(fd);
	return 0;
}

static char *
full_path(const struct config *config, const char *relative)
{
	return xasprintf("%s/%s", config->articles_dir, relative);
}

/* The path without its last extension: the article's stable key. */
static char *
path_key(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *dot = strrchr(slash != NULL ? slash + 1 : path, '.');

	if (dot == NULL || dot == (slash != NULL ? slash + 1 : path))
		return xstrdup(path);
	return xstrndup(path, (size_t)(dot - path));
}

static bool
has_uri_scheme(const char *s)
{
	const char *p = s;

	if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
		return false;
	while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
	    (*p >= '0' && *p <= '9') || *p == '+' || *p == '-' || *p == '.')
		p++;
	return *p == ':' && p[1] != '\0' && strpbrk(s, " \t<>\"") == NULL;
}

/* Ids come from the file name or the Id: header only, never from the title,
 * text, link or date: editing an article must not change its id. */
static char *
derive_id(const struct config *config, const struct library_entry *e,
    const char *key)
{
	struct buffer id = BUFFER_INIT;

	if (e->article.id != NULL && has_uri_scheme(e->article.id))
		return xstrdup(e->article.id);
	buffer_append_string(&id, config->id_prefix);
	text_append_percent_encoded(&id, key, strlen(key), true);
	return buffer_take(&id);
}

static void
append_placeholder(struct buffer *out, const char *name, size_t len,
    const struct library_entry *e, const char *key)
{
	const char *base = strrchr(key, '/');
	const char *section = e->article.section != NULL ?
	    e->article.section : "";

	base = base != NULL ? base + 1 : key;
	if (len == 6 && memcmp(name, "{name}", 6) == 0)
		text_append_percent_encoded(out, base, strlen(base), false);
	else if (len == 6 && memcmp(name, "{path}", 6) == 0)
		text_append_percent_encoded(out, key, strlen(key), true);
	else if (len == 9 && memcmp(name, "{section}", 9) == 0)
		text_append_percent_encoded(out, section, strlen(section),
		    false);
	else if (len == 4 && memcmp(name, "{id}", 4) == 0)
		text_append_percent_encoded(out, e->article.id != NULL ?
		    e->article.id : key, strlen(e->article.id != NULL ?
		    e->article.id : key), false);
	else
		buffer_append(out, name, len);
}

static char *
derive_link(const struct config *config, const struct library_entry *e,
    const char *key)
{
	struct buffer link = BUFFER_INIT;
	const char *p = config->article_url, *open, *close;

	if (e->article.link != NULL)
		return xstrdup(e->article.link);
	while ((open = strchr(p, '{')) != NULL &&
	    (close = strchr(open, '}')) != NULL) {
		buffer_append(&link, p, (size_t)(open - p));
		append_placeholder(&link, open, (size_t)(close - open + 1), e,
		    key);
		p = close + 1;
	}
	buffer_append_string(&link, p);
	return buffer_take(&link);
}

static void
report_warnings(const char *path, struct article *a)
{
	size_t i;

	for (i = 0; i < a->warning_count; i++)
		log_warning("%s: %s", path, a->warnings[i]);
	article_drop_warnings(a);
}

/* Dates an article that carries none by its file, and withholds (but
 * keeps) one dated in the future. */
static void
settle_entry_dates(struct scan *sc, const char *path, struct library_entry *e)
{
	struct article *a = &e->article;
	char when[TIMEFMT_SIZE];

	if (!a->has_date) {
		if (!timefmt_in_range(e->mtime.tv_sec)) {
			e->usable = false;
			log_warning("%s: skipped: no date, and its modification "
			    "time is out of range", path);
			return;
		}
		a->published = a->updated = e->mtime.tv_sec;
		log_warning("%s: no readable date: dated by its modification "
		    "time", path);
	}
	if (a->published > sc->now) {
		timefmt_rfc3339(a->published, when);
		log_notice("%s: dated in the future: withheld until %s", path,
		    when);
	}
}

static void
read_entry(struct scan *sc, struct library_entry *e)
{
	struct buffer bytes = BUFFER_INIT;
	char *path = full_path(sc->config, e->path), *key;
	char err[300];
	struct stat st;

	article_free(&e->article);
	free(e->id);
	free(e->link);
	e->id = e->link = NULL;
	e->usable = false;
	if (read_article_file(path, sc->config->max_article_size, &bytes, &st,
	    err, sizeof(err)) != 0 ||
	    article_parse(bytes.data != NULL ? bytes.data : "", bytes.len,
	    &e->article, err, sizeof(err)) != 0) {
		log_warning("%s: skipped: %s", path, err);
		sc->result->rejected++;
		goto out;
	}
	report_warnings(path, &e->article);
	article_drop_content(&e->article);
	e->usable = true;
	settle_entry_dates(sc, path, e);
	key = path_key(e->path);
	e->id = derive_id(sc->config, e, key);
	e->link = derive_link(sc->config, e, key);
	free(key);
out:
	buffer_free(&bytes);
	free(path);
}

static bool
same_signature(const struct library_entry *e, const struct stat *st)
{
	return e->dev == st->st_dev && e->ino == st->st_ino &&
	    e->size == st->st_size &&
	    e->mtime.tv_sec == st->st_mtim.tv_sec &&
	    e->mtime.tv_nsec == st->st_mtim.tv_nsec;
}

static void
visit_file(struct scan *sc, const char *relative, const struct stat *st)
{
	struct library *lib = sc->lib;
	struct library_entry *e = strmap_get(lib->by_path, relative);

	if (e != NULL && same_signature(e, st)) {
		e->seen = true;
		return;
	}
	if (e == NULL) {
		e = xcalloc(1, sizeof(*e));
		e->path = xstrdup(relative);
		lib->all = xreallocarray(lib->all, lib->count + 1,
		    sizeof(*lib->all));
		lib->all[lib->count++] = e;
		strmap_put(lib->by_path, e->path, e);
		sc->result->added++;
	} else {
		sc->result->changed++;
	}
	e->seen = true;
	e->dev = st->st_dev;
	e->ino = st->st_ino;
	e->size = st->st_size;
	e->mtime = st->st_mtim;
	read_entry(sc, e);
}

static int walk_folder(struct scan *sc, int dirfd, const char *prefix,
    int depth);

static void
visit_name(struct scan *sc, int dirfd, const char *prefix, const char *name,
    int depth)
{
	char *relative;
	struct stat st;
	int subfd;

	if (is_ignored_name(name))
		return;
	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
		return;		/* gone since readdir: nothing to index */
	relative = prefix[0] != '\0' ? xasprintf("%s/%s", prefix, name) :
	    xstrdup(name);
	if (S_ISDIR(st.st_mode)) {
		subfd = openat(dirfd, name, O_RDONLY | O_DIRECTORY |
		    O_NOFOLLOW | O_CLOEXEC);
		if (subfd < 0 || depth >= MAX_DEPTH)
			log_warning("%s/%s: folder skipped: %s",
			    sc->config->articles_dir, relative, subfd < 0 ?
			    strerror(errno) : "nested too deep");
		else
			walk_folder(sc, subfd, relative, depth + 1);
		if (subfd >= 0 && depth >= MAX_DEPTH)
			close(subfd);
	} else if (S_ISREG(st.st_mode) && matches_patterns(sc->config, name)) {
		visit_file(sc, relative, &st);
	} else if (S_ISLNK(st.st_mode) && matches_patterns(sc->config, name)) {
		log_debug("%s/%s: symbolic link not followed",
		    sc->config->articles_dir, relative);
	}
	free(relative);
}

/* Takes ownership of dirfd. */
static int
walk_folder(struct scan *sc, int dirfd, const char *prefix, int depth)
{
	DIR *dir = fdopendir(dirfd);
	struct dirent *d;

	if (dir == NULL) {
		close(dirfd);
		return -1;
	}
	while ((errno = 0, d = readdir(dir)) != NULL)
		visit_name(sc, dirfd, prefix, d->d_name, depth);
	closedir(dir);
	return 0;
}

static void
remove_unseen(struct scan *sc)
{
	struct library *lib = sc->lib;
	size_t i, kept = 0;

	for (i = 0; i < lib->count; i++) {
		struct library_entry *e = lib->all[i];
		if (e->seen) {
			e->seen = false;
			lib->all[kept++] = e;
			continue;
		}
		strmap_remove(lib->by_path, e->path);
		entry_free(e);
		sc->result->removed++;
	}
	lib->count = kept;
}

static int
compare_paths(const void *a, const void *b)
{
	const struct library_entry *x = *(struct library_entry *const *)a;
	const struct library_entry *y = *(struct library_entry *const *)b;

	return strcmp(x->path, y->path);
}

/* Two files claiming one id would make readers merge them: the first by
 * path keeps it, the other is left out and named once. */
static void
mark_duplicates(struct scan *sc)
{
	struct library *lib = sc->lib;
	struct strmap *ids = strmap_new();
	struct library_entry *owner;
	size_t i;

	qsort(lib->all, lib->count, sizeof(*lib->all), compare_paths);
	for (i = 0; i < lib->count; i++) {
		struct library_entry *e = lib->all[i];
		bool was = e->duplicate;
		if (!e->usable) {
			e->duplicate = false;
			continue;
		}
		owner = strmap_get(ids, e->id);
		e->duplicate = owner != NULL;
		if (owner == NULL)
			strmap_put(ids, e->id, e);
		else if (!was)
			log_warning("%s/%s: skipped: id '%s' is already used "
			    "by %s", sc->config->articles_dir, e->path, e->id,
			    owner->path);
	}
	strmap_free(ids);
}

static int
compare_newest_first(const void *a, const void *b)
{
	const struct library_entry *x = *(struct library_entry *const *)a;
	const struct library_entry *y = *(struct library_entry *const *)b;

	if (x->article.updated != y->article.updated)
		return x->article.updated > y->article.updated ? -1 : 1;
	return strcmp(x->id, y->id);
}

static void
sort_usable(struct library *lib)
{
	size_t i;

	lib->sorted = xreallocarray(lib->sorted, lib->count ? lib->count : 1,
	    sizeof(*lib->sorted));
	lib->sorted_count = 0;
	for (i = 0; i < lib->count; i++)
		if (lib->all[i]->usable && !lib->all[i]->duplicate)
			lib->sorted[lib->sorted_count++] = lib->all[i];
	qsort(lib->sorted, lib->sorted_count, sizeof(*lib->sorted),
	    compare_newest_first);
}

int
library_scan(struct library *lib, const struct config *config, time_t now,
    struct scan_result *result)
{
	struct scan sc = { lib, config, now, result };
	int fd;

	memset(result, 0, sizeof(*result));
	fd = open(config->articles_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		log_error("%s: cannot read the articles folder: %s (check "
		    "'articles' in %s)", config->articles_dir, strerror(errno),
		    config->path);
		return -1;
	}
	if (walk_folder(&sc, fd, "", 0) != 0) {
		log_error("%s: cannot list the articles folder: %s",
		    config->articles_dir, strerror(errno));
		return -1;
	}
	remove_unseen(&sc);
	mark_duplicates(&sc);
	sort_usable(lib);
	return 0;
}

struct library_entry *const *
library_sorted(struct library *lib, size_t *count)
{
	*count = lib->sorted_count;
	return lib->sorted;
}

int
library_load_content(const struct config *config, struct library_entry *e)
{
	struct buffer bytes = BUFFER_INIT;
	struct article fresh;
	char *path = full_path(config, e->path);
	char err[300];
	struct stat st;
	int rc = -1;

	if (e->article.content_html != NULL) {
		free(path);
		return 0;
	}
	if (read_article_file(path, config->max_article_size, &bytes, &st,
	    err, sizeof(err)) == 0 &&
	    article_parse(bytes.data != NULL ? bytes.data : "", bytes.len,
	    &fresh, err, sizeof(err)) == 0) {
		e->article.summary = fresh.summary;
		e->article.content_html = fresh.content_html;
		fresh.summary = fresh.content_html = NULL;
		article_free(&fresh);
		rc = 0;
	} else {
		log_warning("%s: left out of this build: %s", path, err);
	}
	buffer_free(&bytes);
	free(path);
	return rc;
}
