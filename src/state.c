/* SPDX-License-Identifier: MIT */
/* state: a small text file, one article a line ("path TAB id TAB time"),
 * written atomically through output.c like the feeds themselves. */
#include "autoconfig.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buffer.h"
#include "log.h"
#include "output.h"
#include "state.h"
#include "strmap.h"
#include "xalloc.h"

#define STATE_MAGIC "feedd-state 1\n"

struct state {
	char *path;
	struct strmap *by_path;		/* path -> struct state_record */
	bool dirty;
};

/* Paths and ids may hold any byte but NUL: tabs, newlines and backslashes
 * are written as \t, \n and \\. */
static void
append_escaped(struct buffer *out, const char *s)
{
	size_t run;

	for (;;) {
		run = strcspn(s, "\t\n\\");
		buffer_append(out, s, run);
		s += run;
		if (*s == '\0')
			return;
		buffer_append_string(out, *s == '\t' ? "\\t" : *s == '\n' ?
		    "\\n" : "\\\\");
		s++;
	}
}

static char *
unescape(const char *s, size_t len)
{
	struct buffer out = BUFFER_INIT;
	size_t i;

	for (i = 0; i < len; i++) {
		if (s[i] == '\\' && i + 1 < len) {
			i++;
			buffer_append_char(&out, s[i] == 't' ? '\t' :
			    s[i] == 'n' ? '\n' : s[i]);
		} else {
			buffer_append_char(&out, s[i]);
		}
	}
	return buffer_take(&out);
}

static void
free_record(struct state_record *r)
{
	free(r->path);
	free(r->id);
	free(r);
}

struct state_record *
state_add(struct state *state, const char *path, const char *id,
    time_t first_seen)
{
	struct state_record *r = xcalloc(1, sizeof(*r));

	state_forget(state, path);
	r->path = xstrdup(path);
	r->id = xstrdup(id);
	r->first_seen = first_seen;
	strmap_put(state->by_path, r->path, r);
	state->dirty = true;
	return r;
}

struct state_record *
state_get(struct state *state, const char *path)
{
	return strmap_get(state->by_path, path);
}

void
state_forget(struct state *state, const char *path)
{
	struct state_record *r = strmap_remove(state->by_path, path);

	if (r != NULL) {
		free_record(r);
		state->dirty = true;
	}
}

void
state_retain(struct state *state, bool (*keep)(const char *, void *),
    void *context)
{
	struct strmap_iter it;
	const char *key;
	void *value;
	char **gone = NULL;
	size_t count = 0, i;

	strmap_iter_init(&it, state->by_path);
	while (strmap_iter_next(&it, &key, &value)) {
		if (keep(key, context))
			continue;
		gone = xreallocarray(gone, count + 1, sizeof(*gone));
		gone[count++] = xstrdup(key);
	}
	for (i = 0; i < count; i++) {
		state_forget(state, gone[i]);
		free(gone[i]);
	}
	free(gone);
}

/* One line: path TAB id TAB decimal seconds. */
static int
parse_line(struct state *state, const char *line, size_t len)
{
	const char *tab1 = memchr(line, '\t', len), *tab2;
	char *path, *id, *end, number[32];
	long long seen;

	if (tab1 == NULL)
		return -1;
	tab2 = memchr(tab1 + 1, '\t', len - (size_t)(tab1 + 1 - line));
	if (tab2 == NULL || tab1 == line || tab2 == tab1 + 1)
		return -1;
	len -= (size_t)(tab2 + 1 - line);
	if (len == 0 || len >= sizeof(number))
		return -1;
	memcpy(number, tab2 + 1, len);
	number[len] = '\0';
	errno = 0;
	seen = strtoll(number, &end, 10);
	if (*end != '\0' || errno != 0 || seen < 0)
		return -1;
	path = unescape(line, (size_t)(tab1 - line));
	id = unescape(tab1 + 1, (size_t)(tab2 - tab1 - 1));
	state_add(state, path, id, (time_t)seen);
	free(path);
	free(id);
	return 0;
}

static int
read_whole(const char *path, struct buffer *out)
{
	char chunk[65536];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);

	if (fd < 0)
		return -1;
	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			close(fd);
			return -1;
		}
		buffer_append(out, chunk, (size_t)n);
	}
	close(fd);
	return 0;
}

static void
free_all_records(struct strmap *map)
{
	struct strmap_iter it;
	const char *key;
	void *value;

	strmap_iter_init(&it, map);
	while (strmap_iter_next(&it, &key, &value))
		free_record(value);
	strmap_free(map);
}

static void
clear_records(struct state *state)
{
	free_all_records(state->by_path);
	state->by_path = strmap_new();
}

static void
parse_text(struct state *state, const char *text, size_t len)
{
	const char *p = text + strlen(STATE_MAGIC), *end = text + len, *nl;
	unsigned line = 1;

	if (len < strlen(STATE_MAGIC) ||
	    memcmp(text, STATE_MAGIC, strlen(STATE_MAGIC)) != 0) {
		log_warning("%s: not a feedd state file: starting afresh (ids "
		    "are derived again from file names)", state->path);
		return;
	}
	for (; p < end; p = nl + 1) {
		line++;
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL || parse_line(state, p, (size_t)(nl - p)) != 0) {
			log_warning("%s:%u: corrupt state file: starting afresh "
			    "(ids are derived again from file names)",
			    state->path, line);
			clear_records(state);
			return;
		}
	}
}

struct state *
state_load(const char *path)
{
	struct state *state = xcalloc(1, sizeof(*state));
	struct buffer text = BUFFER_INIT;

	state->path = xstrdup(path);
	state->by_path = strmap_new();
	if (read_whole(path, &text) != 0) {
		if (errno != ENOENT)
			log_warning("%s: cannot read the state file: %s; "
			    "starting afresh", path, strerror(errno));
		else
			log_info("%s: no state file yet", path);
		state->dirty = true;
	} else {
		parse_text(state, text.data != NULL ? text.data : "",
		    text.len);
		/* What was just read needs no writing back. */
		state->dirty = false;
	}
	buffer_free(&text);
	return state;
}

static int
compare_records(const void *a, const void *b)
{
	const struct state_record *x = *(struct state_record *const *)a;
	const struct state_record *y = *(struct state_record *const *)b;

	return strcmp(x->path, y->path);
}

/* "\tSECONDS\n" without printf, which costs more than the rest of a
 * line; first-seen times are never negative. */
static const char *
format_seconds(char buf[32], time_t t)
{
	char *p = buf + 31;
	uintmax_t v = t > 0 ? (uintmax_t)t : 0;

	*p = '\0';
	*--p = '\n';
	do {
		*--p = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0);
	*--p = '\t';
	return p;
}

/* Sorted by path, so that the same state always gives the same bytes. */
static void
serialise(struct state *state, struct buffer *out)
{
	size_t count = strmap_count(state->by_path), i = 0, j;
	struct state_record **records;
	struct strmap_iter it;
	const char *key;
	void *value;

	records = xreallocarray(NULL, count ? count : 1, sizeof(*records));
	strmap_iter_init(&it, state->by_path);
	while (strmap_iter_next(&it, &key, &value))
		records[i++] = value;
	qsort(records, count, sizeof(*records), compare_records);
	buffer_append_string(out, STATE_MAGIC);
	for (j = 0; j < count; j++) {
		char seen[32];
		append_escaped(out, records[j]->path);
		buffer_append_char(out, '\t');
		append_escaped(out, records[j]->id);
		buffer_append_string(out, format_seconds(seen,
		    records[j]->first_seen));
	}
	free(records);
}

static char *
split_dir(const char *path, const char **base)
{
	const char *slash = strrchr(path, '/');

	*base = slash != NULL ? slash + 1 : path;
	if (slash == NULL)
		return xstrdup(".");
	return slash == path ? xstrdup("/") :
	    xstrndup(path, (size_t)(slash - path));
}

int
state_save(struct state *state)
{
	struct buffer bytes = BUFFER_INIT;
	const char *base;
	char *dir, err[512];
	int dirfd, rc = 0;

	if (!state->dirty)
		return 0;
	dir = split_dir(state->path, &base);
	dirfd = output_open_dir(dir, err, sizeof(err));
	if (dirfd < 0) {
		log_error("state file: %s", err);
		free(dir);
		return -1;
	}
	serialise(state, &bytes);
	if (output_replace(dirfd, base, bytes.data, bytes.len, err,
	    sizeof(err)) == OUTPUT_FAILED) {
		log_error("state file %s: %s", state->path, err);
		rc = -1;
	} else {
		state->dirty = false;
	}
	close(dirfd);
	buffer_free(&bytes);
	free(dir);
	return rc;
}

bool
state_dirty(const struct state *state)
{
	return state->dirty;
}

void
state_free(struct state *state)
{
	if (state == NULL)
		return;
	free_all_records(state->by_path);
	free(state->path);
	free(state);
}
