/* SPDX-License-Identifier: MIT */
/* state_legacy: the text state file of earlier versions ("feedd-state 1",
 * then one "path TAB id TAB seconds" line an article, tab, newline and
 * backslash escaped), read once to import it into the database. */
#include "autoconfig.h"

#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buffer.h"
#include "file_read.h"
#include "log.h"
#include "state.h"
#include "state_legacy.h"

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

/* One line; with state NULL, only checked. */
static int
parse_legacy_line(struct state *state, const char *line, size_t len)
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
	if (*end != '\0' || errno != 0)
		return -1;
	if (state == NULL)
		return 0;
	path = unescape(line, (size_t)(tab1 - line));
	id = unescape(tab1 + 1, (size_t)(tab2 - tab1 - 1));
	if (state_get(state, path) == NULL)
		state_add(state, path, id, (time_t)seen);
	free(path);
	free(id);
	return 0;
}

int
state_legacy_read(const char *path, struct buffer *out)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	struct stat st;
	int rc, saved;

	if (fd < 0)
		return -1;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		errno = EINVAL;
		return -1;
	}
	rc = file_read_all(fd, (size_t)st.st_size, SIZE_MAX, out);
	saved = errno;
	close(fd);
	errno = saved;
	return rc;
}

static size_t
count_lines(const struct buffer *text)
{
	size_t n = 0, i;

	for (i = strlen(STATE_LEGACY_MAGIC); i < text->len; i++)
		n += text->data[i] == '\n';
	return n;
}

static bool
is_legacy(const struct buffer *text)
{
	return text->len >= strlen(STATE_LEGACY_MAGIC) && memcmp(text->data,
	    STATE_LEGACY_MAGIC, strlen(STATE_LEGACY_MAGIC)) == 0;
}

/* Every line, into state (or only checked, with state NULL). Returns the
 * number of the first bad line, or 0. */
static unsigned
parse_lines(struct state *state, const struct buffer *text)
{
	const char *p = text->data + strlen(STATE_LEGACY_MAGIC);
	const char *end = text->data + text->len, *nl;
	unsigned line = 1;

	for (; p < end; p = nl + 1) {
		line++;
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL || parse_legacy_line(state, p,
		    (size_t)(nl - p)) != 0)
			return line;
	}
	return 0;
}

/* All or nothing: the lines are checked before any is added. */
int
state_legacy_parse(struct state *state, const char *name,
    const struct buffer *text)
{
	unsigned bad;

	if (!is_legacy(text))
		return -1;
	if ((bad = parse_lines(NULL, text)) != 0) {
		log_warning("%s:%u: corrupt old state file: not imported (ids "
		    "are derived again from file names)", name, bad);
		return -1;
	}
	parse_lines(state, text);
	return (int)count_lines(text);
}

int
state_import_legacy(struct state *state, const char *old_path)
{
	struct buffer text = BUFFER_INIT;
	int lines;

	if (strcmp(old_path, state_file_name(state)) == 0 ||
	    state_legacy_read(old_path, &text) != 0) {
		buffer_free(&text);
		return 0;
	}
	if (!is_legacy(&text)) {
		buffer_free(&text);
		return 0;
	}
	/* Even a corrupt one goes: it is feedd's, and may be served. */
	lines = state_legacy_parse(state, old_path, &text);
	buffer_free(&text);
	if (lines >= 0 && state_commit(state) != 0)
		return -1;
	if (unlink(old_path) != 0) {
		log_error_errno("%s: imported; remove it by hand, as it "
		    "cannot be removed", old_path);
		return -1;
	}
	if (lines >= 0)
		log_notice("%s: %d record%s imported into %s; the old file is "
		    "removed", old_path, lines, lines == 1 ? "" : "s",
		    state_file_name(state));
	return 0;
}
