/* SPDX-License-Identifier: MIT */
/* library: walks the articles folder without following links, reads each
 * article at most once per change, and keeps a newest-first order that
 * small changes update in place instead of sorting everything again. */
#include "autoconfig.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buffer.h"
#include "library.h"
#include "log.h"
#include "parallel.h"
#include "strmap.h"
#include "text.h"
#include "timefmt.h"
#include "xalloc.h"

#define MAX_DEPTH 32
/* Merging k changes into an order of n costs O(n + k log n), sorting
 * afresh O(n log n) with a cache miss per comparison: sorting wins only
 * when the changes are many, and many against the order (a 1,000-file
 * burst into 100,000 articles merges in 2 ms, where sorting took 40). */
#define BULK_CHANGES 256
#define BULK_SHARE 4		/* changes > order / BULK_SHARE */

struct library {
	struct state *state;		/* borrowed */
	struct strmap *by_path;		/* path -> entry */
	struct strmap *by_id;		/* id -> the entry that owns it */
	struct library_entry **all;
	size_t count;
	struct library_entry **sorted;	/* listed entries, newest first */
	size_t sorted_count;
	size_t sorted_room;		/* allocated slots of sorted */
	size_t duplicates;		/* entries whose id another owns */
	struct library_entry **loaded;	/* entries holding content */
	size_t loaded_count;
	unsigned generation;		/* of the build in progress */
	bool root_failing;		/* logged once per episode */
	size_t withheld;		/* usable entries not yet released */
	size_t config_max_articles;	/* of the last scan */
	bool bulk;			/* order rebuilt at the end */
	struct library_entry **arrivals;	/* to merge into the order */
	size_t arrival_count;
	size_t *leaving;		/* places in sorted to empty */
	size_t leaving_count;
	bool leaving_unplaced;		/* one's place was not found */
	struct library_entry **graveyard;	/* removed, freed after merging */
	size_t graveyard_count;
	struct strmap *sections;	/* folded name (owned) -> number */
	int content_dir;		/* the articles folder, while a build
					   loads content; else -1 */
	uint32_t section_count;
};

struct walk {
	struct library *lib;
	const struct config *config;
	time_t now;
	struct scan_result *result;
	size_t over_limit;	/* files left unread past max_articles */
	bool in_batches;	/* read files in batches, on every CPU */
	struct library_entry **queued;	/* to read in the batch */
	size_t queued_count;
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

struct library *
library_new(struct state *state)
{
	struct library *lib = xcalloc(1, sizeof(*lib));

	lib->state = state;
	lib->by_path = strmap_new();
	lib->by_id = strmap_new();
	lib->sections = strmap_new();
	lib->content_dir = -1;
	return lib;
}

/* A section as config_feed_wants compares it: ASCII letters folded. */
static char *
folded_section(const char *section)
{
	char *key = xstrdup(section), *p;

	for (p = key; *p != '\0'; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return key;
}

/* Sections are numbered from 1 as they are met, so that picking a feed's
 * items compares numbers held in the entries, not strings elsewhere. */
static uint32_t
number_section(struct library *lib, const char *section)
{
	char *key;
	void *number;

	if (section == NULL)
		return 0;
	key = folded_section(section);
	number = strmap_get(lib->sections, key);
	if (number != NULL) {
		free(key);
		return (uint32_t)(uintptr_t)number;
	}
	strmap_put(lib->sections, key,
	    (void *)(uintptr_t)++lib->section_count);
	return lib->section_count;
}

uint32_t
library_section_number(struct library *lib, const char *section)
{
	char *key = folded_section(section);
	void *number = strmap_get(lib->sections, key);

	free(key);
	return (uint32_t)(uintptr_t)number;
}

/* What loading the content added: the link and the renderings. */
static void
forget_loaded(struct library_entry *e)
{
	size_t i;

	free(e->link);
	e->link = NULL;
	if (e->rendered != NULL)
		for (i = 0; i < LIBRARY_RENDERINGS; i++)
			free(e->rendered[i].bytes);
	free(e->rendered);
	e->rendered = NULL;
}

static bool
fully_rendered(const struct library_entry *e)
{
	size_t i;

	if (e->rendered == NULL)
		return false;
	for (i = 0; i < LIBRARY_RENDERINGS; i++)
		if (e->rendered[i].bytes == NULL)
			return false;
	return true;
}

static void
entry_free(struct library_entry *e)
{
	article_free(&e->article);
	forget_loaded(e);
	free(e->path);
	free(e->id);
	free(e);
}

void
library_free(struct library *lib)
{
	struct strmap_iter it;
	const char *key;
	void *value;
	size_t i;

	if (lib == NULL)
		return;
	for (i = 0; i < lib->count; i++)
		entry_free(lib->all[i]);
	free(lib->all);
	free(lib->sorted);
	free(lib->loaded);
	free(lib->arrivals);
	free(lib->leaving);
	free(lib->graveyard);
	strmap_free(lib->by_path);
	strmap_free(lib->by_id);
	strmap_iter_init(&it, lib->sections);
	while (strmap_iter_next(&it, &key, &value))
		free((char *)key);
	strmap_free(lib->sections);
	if (lib->content_dir >= 0)
		close(lib->content_dir);
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

static void
touch_section(struct scan_result *r, const char *section)
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

/* ---- the newest-first order and id ownership ---- */

static int
compare_newest_first(const struct library_entry *x,
    const struct library_entry *y)
{
	if (x->article.updated != y->article.updated)
		return x->article.updated > y->article.updated ? -1 : 1;
	return strcmp(x->id, y->id);
}

static int
compare_for_qsort(const void *a, const void *b)
{
	return compare_newest_first(*(struct library_entry *const *)a,
	    *(struct library_entry *const *)b);
}

/* Changes to the order are collected during a refresh and applied once at
 * its end. An entry leaves while it still has the date and id it is sorted
 * by, so its place is found by binary search: reading every entry instead
 * would be 100,000 cache misses. The arrivals are sorted and put in from
 * the back, so each block of the order moves once: O(n) memory moves and
 * O(k log n) comparisons for k changes. */
static void
sorted_insert(struct library *lib, struct library_entry *e)
{
	e->listed = true;
	if (lib->bulk || e->arriving)
		return;
	e->arriving = true;
	lib->arrivals = xreallocarray(lib->arrivals, lib->arrival_count + 1,
	    sizeof(*lib->arrivals));
	lib->arrivals[lib->arrival_count++] = e;
}

/* A binary search of sorted[low, end) for e: the first place whose
 * entry does not sort before e, where e itself would be found; or, with
 * after_equal, the place after the entries that sort as e does, where e
 * goes in. */
static size_t
search_order(struct library *lib, size_t low, size_t end,
    const struct library_entry *e, bool after_equal)
{
	size_t high = end, middle;
	int before = after_equal ? 1 : 0;	/* compare(x, e) < before */

	while (low < high) {
		middle = low + (high - low) / 2;
		if (compare_newest_first(lib->sorted[middle], e) < before)
			low = middle + 1;
		else
			high = middle;
	}
	return low;
}

static void
sorted_remove(struct library *lib, struct library_entry *e)
{
	size_t place;

	if (!e->listed)
		return;
	e->listed = false;
	/* An arrival of this refresh has no place yet (its old one, if any,
	 * was noted when it left before). */
	if (lib->bulk || e->arriving)
		return;
	place = search_order(lib, 0, lib->sorted_count, e, false);
	if (place >= lib->sorted_count || lib->sorted[place] != e) {
		lib->leaving_unplaced = true;
		return;
	}
	lib->leaving = xreallocarray(lib->leaving, lib->leaving_count + 1,
	    sizeof(*lib->leaving));
	lib->leaving[lib->leaving_count++] = place;
}

static int
compare_places(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

/* Empties the noted places; when one was not found (never expected),
 * every entry's flags say whether it stays. */
static void
drop_changed(struct library *lib)
{
	size_t i, kept, from, to;

	if (lib->leaving_unplaced) {
		for (i = 0, kept = 0; i < lib->sorted_count; i++) {
			struct library_entry *e = lib->sorted[i];
			if (e->listed && !e->arriving)
				lib->sorted[kept++] = e;
		}
		lib->sorted_count = kept;
		return;
	}
	/* (qsort and memmove want real pointers even for nothing to do.) */
	if (lib->leaving_count > 1)
		qsort(lib->leaving, lib->leaving_count, sizeof(*lib->leaving),
		    compare_places);
	for (i = 0, kept = 0, from = 0; i <= lib->leaving_count; i++) {
		to = i < lib->leaving_count ? lib->leaving[i] :
		    lib->sorted_count;
		if (to < from)
			continue;	/* the same place twice */
		if (kept != from && to > from)
			memmove(&lib->sorted[kept], &lib->sorted[from],
			    (to - from) * sizeof(*lib->sorted));
		kept += to - from;
		from = to + 1;
	}
	lib->sorted_count = kept;
}

/* The common change, one article edited: it only moves, and only the
 * entries between its old and new places shift. Returns false when the
 * change is not that. */
static bool
move_one(struct library *lib)
{
	size_t from, to, n = lib->sorted_count;
	struct library_entry *e;

	if (lib->leaving_count != 1 || lib->arrival_count != 1 ||
	    lib->leaving_unplaced)
		return false;
	from = lib->leaving[0];
	e = lib->arrivals[0];
	if (!e->listed || from >= n || lib->sorted[from] != e)
		return false;
	if (from > 0 && compare_newest_first(lib->sorted[from - 1], e) > 0) {
		to = search_order(lib, 0, from, e, true);
		memmove(&lib->sorted[to + 1], &lib->sorted[to],
		    (from - to) * sizeof(*lib->sorted));
	} else {
		to = search_order(lib, from + 1, n, e, true) - 1;
		memmove(&lib->sorted[from], &lib->sorted[from + 1],
		    (to - from) * sizeof(*lib->sorted));
	}
	lib->sorted[to] = e;
	e->arriving = false;
	lib->arrival_count = 0;
	lib->leaving_count = 0;
	return true;
}

/* Applies the collected changes; entries in the graveyard are still
 * allocated here, and freed afterwards. */
static void
merge_order(struct library *lib)
{
	size_t i, k = 0, end, place;

	if ((lib->arrival_count == 0 && lib->leaving_count == 0 &&
	    !lib->leaving_unplaced) || move_one(lib))
		return;
	drop_changed(lib);
	for (i = 0; i < lib->arrival_count; i++) {
		struct library_entry *e = lib->arrivals[i];
		e->arriving = false;
		if (e->listed)
			lib->arrivals[k++] = e;
	}
	if (k > 1)
		qsort(lib->arrivals, k, sizeof(*lib->arrivals),
		    compare_for_qsort);
	if (lib->sorted_count + k > lib->sorted_room) {
		lib->sorted_room = (lib->sorted_count + k) * 2;
		lib->sorted = xreallocarray(lib->sorted, lib->sorted_room,
		    sizeof(*lib->sorted));
	}
	/* The oldest arrival first: everything after its place moves up by
	 * the number of arrivals still to place, then the block shrinks. */
	for (end = lib->sorted_count; k > 0; k--, end = place) {
		place = search_order(lib, 0, end, lib->arrivals[k - 1], true);
		memmove(&lib->sorted[place + k], &lib->sorted[place],
		    (end - place) * sizeof(*lib->sorted));
		lib->sorted[place + k - 1] = lib->arrivals[k - 1];
		lib->sorted_count++;
	}
	lib->arrival_count = 0;
	lib->leaving_count = 0;
	lib->leaving_unplaced = false;
}

static void
rebuild_order(struct library *lib)
{
	size_t i;

	lib->sorted_room = lib->count ? lib->count : 1;
	lib->sorted = xreallocarray(lib->sorted, lib->sorted_room,
	    sizeof(*lib->sorted));
	lib->sorted_count = 0;
	for (i = 0; i < lib->count; i++)
		if (lib->all[i]->listed)
			lib->sorted[lib->sorted_count++] = lib->all[i];
	qsort(lib->sorted, lib->sorted_count, sizeof(*lib->sorted),
	    compare_for_qsort);
	lib->leaving_count = 0;
	lib->leaving_unplaced = false;
}

static void
mark_duplicate(struct library *lib, struct library_entry *e,
    const struct library_entry *owner, const struct config *config)
{
	e->duplicate = true;
	lib->duplicates++;
	log_warning("%s/%s: skipped: id '%s' is already used by %s",
	    config->articles_dir, e->path, e->id, owner->path);
}

/* Two files claiming one id would make readers merge them: the first by
 * path keeps it, the other is left out and named. */
static void
enlist(struct library *lib, struct library_entry *e,
    const struct config *config)
{
	struct library_entry *owner;

	if (!e->usable)
		return;
	owner = strmap_get(lib->by_id, e->id);
	if (owner == NULL) {
		strmap_put(lib->by_id, e->id, e);
		sorted_insert(lib, e);
		return;
	}
	if (strcmp(e->path, owner->path) > 0) {
		mark_duplicate(lib, e, owner, config);
		return;
	}
	sorted_remove(lib, owner);
	strmap_put(lib->by_id, e->id, e);
	mark_duplicate(lib, owner, e, config);
	sorted_insert(lib, e);
}

/* The next claimant of a freed id, first by path, takes it over. */
static void
promote_duplicate(struct library *lib, const char *id,
    const struct config *config)
{
	struct library_entry *best = NULL;
	size_t i;

	for (i = 0; i < lib->count; i++) {
		struct library_entry *e = lib->all[i];
		if (e->duplicate && strcmp(e->id, id) == 0 &&
		    (best == NULL || strcmp(e->path, best->path) < 0))
			best = e;
	}
	if (best != NULL) {
		best->duplicate = false;
		lib->duplicates--;
		enlist(lib, best, config);
	}
}

/* Takes e out of the order and out of id ownership before it changes. */
static void
delist(struct library *lib, struct library_entry *e,
    const struct config *config)
{
	char *id;

	if (!e->usable)
		return;
	if (e->duplicate) {
		e->duplicate = false;
		lib->duplicates--;
		return;
	}
	sorted_remove(lib, e);
	if (strmap_get(lib->by_id, e->id) != e)
		return;
	strmap_remove(lib->by_id, e->id);
	if (lib->duplicates > 0) {
		id = xstrdup(e->id);
		promote_duplicate(lib, id, config);
		free(id);
	}
}

/* ---- reading one article ---- */

/* Reads a whole regular file, refusing more than max_article_size bytes;
 * st receives what the open file is. Reads straight into out, and stops
 * at the first short read: for a regular file that is the end. */
static int
read_article_file(int dirfd, const char *path, const struct config *config,
    struct buffer *out, struct stat *st, char *err, size_t errlen)
{
	size_t limit = config->max_article_size, want;
	ssize_t n;
	int fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC | O_NONBLOCK |
	    (config->follow_symlinks ? 0 : O_NOFOLLOW));

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
	for (;;) {
		/* One byte past the size fstat gave, to see the end (or
		 * growth) in the same read; never more than the limit + 1. */
		size_t expected = (size_t)st->st_size + 1;
		want = out->len < expected ? expected - out->len : 65536;
		if (want > limit + 1 - out->len)
			want = limit + 1 - out->len;
		n = read(fd, buffer_space(out, want), want);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			snprintf(err, errlen, "cannot read: %s", strerror(errno));
			close(fd);
			return -1;
		}
		buffer_commit(out, (size_t)n);
		if (out->len > limit) {
			snprintf(err, errlen, "grew past max_article_size "
			    "(%zu) while being read", limit);
			close(fd);
			return -1;
		}
		if ((size_t)n < want)
			break;
	}
	close(fd);
	return 0;
}

/* The path without its last extension: the article's stable key. */
static char *
path_key(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash != NULL ? slash + 1 : path;
	const char *dot = strrchr(base, '.');

	if (dot == NULL || dot == base)
		return xstrdup(path);
	return xstrndup(path, (size_t)(dot - path));
}

/* Ids come from the file name or the Id: header only, never from the title,
 * text, link or date: editing an article must not change its id. */
static char *
derive_id(const struct config *config, const struct article *a,
    const char *key)
{
	struct buffer id = BUFFER_INIT;

	if (a->id != NULL && text_has_uri_scheme(a->id) &&
	    strpbrk(a->id, " \t<>\"") == NULL)
		return xstrdup(a->id);
	buffer_append_string(&id, config->id_prefix);
	if (a->id != NULL)
		key = a->id;
	text_append_percent_encoded(&id, key, strlen(key), true);
	return buffer_take(&id);
}

static void
append_placeholder(struct buffer *out, const char *name, size_t len,
    const struct article *a, const char *key)
{
	const char *base = strrchr(key, '/');
	const char *value = NULL;
	bool keep_slash = false;

	base = base != NULL ? base + 1 : key;
	if (len == 6 && memcmp(name, "{name}", 6) == 0)
		value = base;
	else if (len == 6 && memcmp(name, "{path}", 6) == 0) {
		value = key;
		keep_slash = true;
	} else if (len == 9 && memcmp(name, "{section}", 9) == 0)
		value = a->section != NULL ? a->section : "";
	else if (len == 4 && memcmp(name, "{id}", 4) == 0)
		value = a->id != NULL ? a->id : key;
	if (value != NULL)
		text_append_percent_encoded(out, value, strlen(value),
		    keep_slash);
	else
		buffer_append(out, name, len);
}

static char *
derive_link(const struct config *config, const struct article *a,
    const char *key)
{
	struct buffer link = BUFFER_INIT;
	const char *p = config->article_url, *open, *close;

	if (a->link != NULL)
		return xstrdup(a->link);
	while ((open = strchr(p, '{')) != NULL &&
	    (close = strchr(open, '}')) != NULL) {
		buffer_append(&link, p, (size_t)(open - p));
		append_placeholder(&link, open, (size_t)(close - open + 1), a,
		    key);
		p = close + 1;
	}
	buffer_append_string(&link, p);
	return buffer_take(&link);
}

/* The state fixes an article's id at first sight, and remembers when that
 * was: first-seen time dates an undated article, and bounds the published
 * time of one that carries only its last update (unless that lies in the
 * future: such an article is withheld until then). */
static void
apply_state(struct walk *w, struct library_entry *e, const char *key)
{
	struct article *a = &e->article;
	struct state_record *rec = state_get(w->lib->state, e->path);
	char *id;

	if (rec == NULL) {
		time_t first = e->mtime.tv_sec < w->now &&
		    timefmt_in_range(e->mtime.tv_sec) ? e->mtime.tv_sec : w->now;
		id = derive_id(w->config, a, key);
		rec = state_add(w->lib->state, e->path, id, first);
		free(id);
	}
	e->id = xstrdup(rec->id);
	if (!a->has_date) {
		a->published = a->updated = rec->first_seen;
	} else if (!a->has_published && a->updated <= w->now &&
	    rec->first_seen < a->updated) {
		a->published = rec->first_seen;
	}
}

/* Messages name the file as the user sees it: folder and path. */
#define ENTRY_PATH(w, e) (w)->config->articles_dir, (e)->path

static void
report_warnings(struct walk *w, struct library_entry *e)
{
	struct article *a = &e->article;
	size_t i;

	for (i = 0; i < a->warning_count; i++)
		log_warning("%s/%s: %s", ENTRY_PATH(w, e), a->warnings[i]);
	article_drop_warnings(a);
}

static void
settle_dates(struct walk *w, struct library_entry *e)
{
	struct article *a = &e->article;
	char when[TIMEFMT_SIZE];

	if (!a->has_date)
		log_warning("%s/%s: no readable date: dated by when feedd "
		    "first saw it (or its modification time, if earlier)",
		    ENTRY_PATH(w, e));
	e->released = a->published <= w->now;
	if (!e->released) {
		w->lib->withheld++;
		timefmt_rfc3339(a->published, when);
		log_notice("%s/%s: dated in the future: withheld until %s",
		    ENTRY_PATH(w, e), when);
	}
}

/* What reading one file gave: made without touching the library, so
 * that many files can be read at once on several threads. */
struct loaded_file {
	struct library_entry *entry;
	struct stat st;
	struct article article;
	int rc;
	char err[300];
};

/* The entry forgets its last reading before it is read again. */
static void
unread_entry(struct walk *w, struct library_entry *e)
{
	if (e->usable && !e->released)
		w->lib->withheld--;
	article_free(&e->article);
	forget_loaded(e);
	free(e->id);
	e->id = NULL;
	e->section_number = 0;
	e->usable = false;
}

static void
load_file(const struct config *config, int rootfd, struct loaded_file *f)
{
	struct buffer bytes = BUFFER_INIT;

	memset(&f->st, 0, sizeof(f->st));
	memset(&f->article, 0, sizeof(f->article));
	f->rc = read_article_file(rootfd, f->entry->path, config, &bytes,
	    &f->st, f->err, sizeof(f->err));
	if (f->rc == 0)
		f->rc = article_parse_metadata(bytes.data != NULL ? bytes.data :
		    "", bytes.len, &f->article, f->err, sizeof(f->err));
	buffer_free(&bytes);
}

/* The entry takes what was read: its signature, its metadata, its id. */
static void
take_loaded(struct walk *w, struct loaded_file *f)
{
	struct library_entry *e = f->entry;
	char *key;

	/* The signature of what was opened, which may be newer than what
	 * the walk saw; a file rejected for its size is not read again
	 * (nor reported again) until it changes. */
	e->dev = f->st.st_dev;
	e->ino = f->st.st_ino;
	e->size = f->st.st_size;
	e->mtime = f->st.st_mtim;
	if (f->rc != 0) {
		log_warning("%s/%s: skipped: %s", ENTRY_PATH(w, e), f->err);
		w->result->rejected++;
		return;
	}
	e->article = f->article;
	memset(&f->article, 0, sizeof(f->article));
	e->section_number = number_section(w->lib, e->article.section);
	report_warnings(w, e);
	key = path_key(e->path);
	apply_state(w, e, key);
	free(key);
	e->usable = true;
	settle_dates(w, e);
	touch_section(w->result, e->article.section);
}

static void
read_entry(struct walk *w, int rootfd, struct library_entry *e)
{
	struct loaded_file f;

	unread_entry(w, e);
	f.entry = e;
	load_file(w->config, rootfd, &f);
	take_loaded(w, &f);
}

/* ---- reading many files at once ---- */

/* Files queued by a bulk walk are read this many at a time: enough to
 * keep every CPU busy, few enough that their texts never pile up. */
#define READ_BATCH 2048

struct batch_context {
	const struct config *config;
	int rootfd;
	struct loaded_file *files;
};

static void
load_one(void *context, size_t i)
{
	struct batch_context *b = context;

	load_file(b->config, b->rootfd, &b->files[i]);
}

/* Reads the queued files in parallel, then lets the entries take them,
 * and enlists them, in the order they were queued: ownership of ids and
 * the log read as if the walk had read each file as it went. */
static void
read_queued(struct walk *w, int rootfd)
{
	struct batch_context b;
	size_t i, count = w->queued_count;

	if (count == 0)
		return;
	b.config = w->config;
	b.rootfd = rootfd;
	b.files = xreallocarray(NULL, count, sizeof(*b.files));
	for (i = 0; i < count; i++)
		b.files[i].entry = w->queued[i];
	parallel_for(count, 16, load_one, &b);
	for (i = 0; i < count; i++) {
		struct library_entry *e = b.files[i].entry;
		e->queued = false;
		take_loaded(w, &b.files[i]);
		enlist(w->lib, e, w->config);
	}
	free(b.files);
	w->queued_count = 0;
}

static void
queue_entry(struct walk *w, int rootfd, struct library_entry *e)
{
	unread_entry(w, e);
	e->queued = true;
	if (w->queued == NULL)
		w->queued = xreallocarray(NULL, READ_BATCH,
		    sizeof(*w->queued));
	w->queued[w->queued_count++] = e;
	if (w->queued_count == READ_BATCH)
		read_queued(w, rootfd);
}

/* An entry removed while queued is not read. */
static void
unqueue_entry(struct walk *w, struct library_entry *e)
{
	size_t i;

	if (!e->queued)
		return;
	for (i = 0; i < w->queued_count; i++)
		if (w->queued[i] == e) {
			memmove(&w->queued[i], &w->queued[i + 1],
			    (w->queued_count - i - 1) * sizeof(*w->queued));
			w->queued_count--;
			break;
		}
	e->queued = false;
}

/* ---- entries coming and going ---- */

static bool
same_signature(const struct library_entry *e, const struct stat *st)
{
	return e->dev == st->st_dev && e->ino == st->st_ino &&
	    e->size == st->st_size &&
	    e->mtime.tv_sec == st->st_mtim.tv_sec &&
	    e->mtime.tv_nsec == st->st_mtim.tv_nsec;
}

static struct library_entry *
add_entry(struct library *lib, const char *path)
{
	struct library_entry *e = xcalloc(1, sizeof(*e));

	e->path = xstrdup(path);
	e->index = lib->count;
	lib->all = xreallocarray(lib->all, lib->count + 1, sizeof(*lib->all));
	lib->all[lib->count++] = e;
	strmap_put(lib->by_path, e->path, e);
	return e;
}

static void
remove_entry(struct walk *w, struct library_entry *e)
{
	struct library *lib = w->lib;
	size_t i;

	unqueue_entry(w, e);
	delist(lib, e, w->config);
	if (e->usable)
		touch_section(w->result, e->article.section);
	if (e->usable && !e->released)
		lib->withheld--;
	strmap_remove(lib->by_path, e->path);
	state_forget(lib->state, e->path);
	lib->all[e->index] = lib->all[--lib->count];
	lib->all[e->index]->index = e->index;
	for (i = 0; i < lib->loaded_count; i++)
		if (lib->loaded[i] == e)
			lib->loaded[i] = lib->loaded[--lib->loaded_count];
	/* The order may still point at it until merge_order has run. */
	lib->graveyard = xreallocarray(lib->graveyard,
	    lib->graveyard_count + 1, sizeof(*lib->graveyard));
	lib->graveyard[lib->graveyard_count++] = e;
	w->result->removed++;
}

static void
visit_file(struct walk *w, int rootfd, const char *path,
    const struct stat *st)
{
	struct library_entry *e = strmap_get(w->lib->by_path, path);

	if (e != NULL && e->queued) {
		e->seen = true;	/* met again before its batch was read */
		return;
	}
	if (e != NULL && st != NULL && same_signature(e, st)) {
		e->seen = true;
		return;
	}
	if (e == NULL) {
		if (w->lib->count >= w->config->max_articles) {
			w->over_limit++;
			return;
		}
		e = add_entry(w->lib, path);
		w->result->added++;
	} else {
		delist(w->lib, e, w->config);
		if (e->usable)
			touch_section(w->result, e->article.section);
		w->result->changed++;
	}
	e->seen = true;
	if (w->in_batches) {
		queue_entry(w, rootfd, e);
		return;
	}
	read_entry(w, rootfd, e);	/* takes the signature of what it reads */
	enlist(w->lib, e, w->config);
}

static void walk_folder(struct walk *w, int rootfd, const char *prefix,
    int depth);

/* One name in a folder being walked; path is relative to the root. */
static void
visit_path(struct walk *w, int rootfd, const char *path, const char *name,
    unsigned char type, int depth)
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
	if (fstatat(rootfd, path, &st, stat_flags(w->config)) != 0)
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
	fd = prefix[0] == '\0' ? dup(rootfd) : openat(rootfd, prefix,
	    O_RDONLY | O_DIRECTORY | O_CLOEXEC |
	    (w->config->follow_symlinks ? 0 : O_NOFOLLOW));
	if (fd >= 0 && !enter_folder(w, fd, prefix)) {
		close(fd);
		return;
	}
	if (fd < 0 || (dir = fdopendir(fd)) == NULL) {
		int saved = errno;
		log_warning("%s/%s: folder skipped: %s%s",
		    w->config->articles_dir, prefix, strerror(saved),
		    saved == ENOENT || saved == ENOTDIR ? "" :
		    "; its articles stay as they were");
		if (fd >= 0) {
			close(fd);
			w->depth--;
		}
		/* A folder that is there but cannot be read (permissions, I/O)
		 * loses nothing: what it held stays published. */
		if (saved != ENOENT && saved != ENOTDIR)
			keep_below(w->lib, prefix);
		return;
	}
	while ((d = readdir(dir)) != NULL) {
		char *path;
		if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0)
			continue;
		path = xpathjoin(prefix, d->d_name);
		visit_path(w, rootfd, path, d->d_name, d->d_type, depth);
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
		if (under(e->path, prefix, len) && !e->seen) {
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
		if (under(lib->all[i]->path, prefix, len))
			lib->all[i]->seen = true;
}

static void
unsee(struct library *lib, const char *prefix)
{
	size_t len = strlen(prefix), i;

	for (i = 0; i < lib->count; i++)
		if (under(lib->all[i]->path, prefix, len))
			lib->all[i]->seen = false;
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
	bool exists = path[0] == '\0' ||
	    fstatat(rootfd, path, &st, stat_flags(w->config)) == 0;

	if (exists && (path[0] == '\0' || S_ISDIR(st.st_mode))) {
		if (e != NULL)
			remove_entry(w, e);
		unsee(w->lib, path);
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
		unsee(w->lib, path);	/* a folder gone with its files */
		sweep(w, path);
	}
}

int
library_refresh(struct library *lib, const struct config *config,
    char *const *paths, size_t count, time_t now, struct scan_result *result)
{
	struct walk w;
	size_t i;
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
	lib->bulk = (count > BULK_CHANGES &&
	    count > lib->sorted_count / BULK_SHARE) ||
	    lib->sorted_count == 0 || (count == 1 && paths[0][0] == '\0');
	/* Whole walks use every CPU; a burst of changes does not, as
	 * whatever is writing the files is still at work beside us. */
	w.in_batches = lib->sorted_count == 0 ||
	    (count == 1 && paths[0][0] == '\0');
	for (i = 0; i < count; i++)
		refresh_path(&w, rootfd, paths[i]);
	read_queued(&w, rootfd);
	free(w.queued);
	if (lib->bulk)
		rebuild_order(lib);
	else
		merge_order(lib);
	lib->bulk = false;
	for (i = 0; i < lib->graveyard_count; i++)
		entry_free(lib->graveyard[i]);
	lib->graveyard_count = 0;
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

struct library_entry *const *
library_sorted(struct library *lib, size_t *count)
{
	*count = lib->sorted_count;
	return lib->sorted;
}

time_t
library_next_release(struct library *lib, time_t now)
{
	time_t next = 0;
	size_t i;

	/* Most of the time nothing is withheld: no walk over everything. */
	if (lib->withheld == 0)
		return 0;
	for (i = 0; i < lib->count; i++) {
		struct library_entry *e = lib->all[i];
		if (!e->usable || e->released)
			continue;
		if (e->article.published <= now) {
			e->released = true;
			lib->withheld--;
		} else if (next == 0 || e->article.published < next)
			next = e->article.published;
	}
	return next;
}

static int
load_content(struct library *lib, const struct config *config,
    struct library_entry *e, bool needs_text)
{
	struct buffer bytes = BUFFER_INIT;
	struct article fresh;
	struct stat st;
	char err[300];
	int rootfd, rc = -1;

	e->used = lib->generation;
	e->keeps_text |= needs_text;
	if (e->article.content_html != NULL ||
	    (fully_rendered(e) && !needs_text))
		return 0;
	/* Opened once per build, for all the items it loads. */
	if (lib->content_dir < 0)
		lib->content_dir = open(config->articles_dir, O_RDONLY |
		    O_DIRECTORY | O_CLOEXEC);
	rootfd = lib->content_dir;
	if (rootfd >= 0 && read_article_file(rootfd, e->path, config, &bytes,
	    &st, err, sizeof(err)) == 0 &&
	    article_parse(bytes.data != NULL ? bytes.data : "", bytes.len,
	    &fresh, err, sizeof(err)) == 0) {
		char *key = path_key(e->path);
		e->article.summary = fresh.summary;
		e->article.content_html = fresh.content_html;
		fresh.summary = fresh.content_html = NULL;
		article_free(&fresh);
		/* Only feed items need a link: derived here, not for all. */
		free(e->link);
		e->link = derive_link(config, &e->article, key);
		free(key);
		if (e->rendered == NULL)
			e->rendered = xcalloc(LIBRARY_RENDERINGS,
			    sizeof(*e->rendered));
		if (!e->loaded) {
			lib->loaded = xreallocarray(lib->loaded,
			    lib->loaded_count + 1, sizeof(*lib->loaded));
			lib->loaded[lib->loaded_count++] = e;
			e->loaded = true;
		}
		rc = 0;
	} else {
		log_warning("%s/%s: left out of this build: %s",
		    config->articles_dir, e->path, rootfd < 0 ?
		    strerror(errno) : err);
	}
	buffer_free(&bytes);
	return rc;
}

int
library_load_content(struct library *lib, const struct config *config,
    struct library_entry *e)
{
	return load_content(lib, config, e, false);
}

int
library_load_text(struct library *lib, const struct config *config,
    struct library_entry *e)
{
	return load_content(lib, config, e, true);
}

void
library_keep_content(struct library *lib, struct library_entry *e)
{
	e->used = lib->generation;
}

void
library_drop_content(struct library *lib)
{
	size_t i, kept = 0;

	for (i = 0; i < lib->loaded_count; i++) {
		struct library_entry *e = lib->loaded[i];
		if (e->used == lib->generation) {
			lib->loaded[kept++] = e;
			if (fully_rendered(e) && !e->keeps_text)
				article_drop_content(&e->article);
		} else {
			article_drop_content(&e->article);
			forget_loaded(e);
			e->loaded = false;
			e->keeps_text = false;
		}
	}
	lib->loaded_count = kept;
	lib->generation++;
	if (lib->content_dir >= 0)
		close(lib->content_dir);
	lib->content_dir = -1;
}
