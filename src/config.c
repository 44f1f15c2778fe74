/* SPDX-License-Identifier: MIT */
/* config: reads feedd.conf through inih, the only file that sees it:
 * lines and section headers here, each key's value to config_keys.c, the
 * whole to config_check.c. Debian's inih (r55) silently splits lines over
 * INI_MAX_LINE and gives the handler no line numbers, so feedd feeds it
 * through its own line reader, which counts lines and refuses over-long
 * ones first. */
#include "autoconfig.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <ini.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buffer.h"
#include "config.h"
#include "config_parse.h"
#include "file_read.h"
#include "path.h"
#include "text.h"
#include "xalloc.h"

#define MAX_CONFIG_BYTES MIB
#define MAX_FEED_NAME 48	/* inih truncates section names at 49 bytes */
#define SHOWN_NAME_MAX 60	/* of a refused feed name, in its message */

int
config_fail_at(struct parse_state *st, unsigned line, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (st->failed)
		return -1;
	st->failed = true;
	n = snprintf(st->err, st->errlen, "%s:%u: ", st->path, line);
	if (n < 0 || (size_t)n >= st->errlen)
		return -1;
	va_start(ap, fmt);
	vsnprintf(st->err + n, st->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

static bool
valid_feed_name(const char *s, size_t len)
{
	size_t i;

	if (len == 0 || len > MAX_FEED_NAME || s[0] == '.' || s[0] == '-')
		return false;
	for (i = 0; i < len; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.'))
			return false;
	}
	return true;
}

static struct feed_config *
find_feed(struct config *c, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < c->feed_count; i++)
		if (strlen(c->feeds[i].name) == len &&
		    strncasecmp(c->feeds[i].name, name, len) == 0)
			return &c->feeds[i];
	return NULL;
}

/* Section headers are seen here rather than in the handler, which inih
 * (r55) calls only for keys: so empty and repeated sections are caught. */
static int
note_section_header(struct parse_state *st, const char *s, const char *e)
{
	const char *close = memchr(s, ']', (size_t)(e - s));
	struct config *c = st->config;
	struct feed_config *feed;
	size_t len;

	if (close == NULL)
		return config_fail_at(st, st->line,
		    "section header without ']'");
	s++;
	len = (size_t)(close - s);
	if (len == 4 && memcmp(s, "site", 4) == 0) {
		if (st->site_line != 0)
			return config_fail_at(st, st->line,
			    "duplicate section [site] "
			    "(first at line %u)", st->site_line);
		st->site_line = st->line;
		return 0;
	}
	if (len == 4 && strncasecmp(s, "site", 4) == 0)
		return config_fail_at(st, st->line,
		    "[%.4s]: the site section is "
		    "written [site], in lower case", s);
	if (!valid_feed_name(s, len))
		return config_fail_at(st, st->line,
		    "bad feed name [%.*s]: use 1-%d "
		    "letters, digits, '_', '-' or '.', not starting with '.' "
		    "or '-'", (int)(len > SHOWN_NAME_MAX ? SHOWN_NAME_MAX :
		    len), s, MAX_FEED_NAME);
	if ((feed = find_feed(c, s, len)) != NULL)
		return config_fail_at(st, st->line,
		    "duplicate section [%.*s] (first "
		    "at line %u; feed names may not differ only in case)",
		    (int)len, s, feed->line);
	c->feeds = xreallocarray(c->feeds, c->feed_count + 1,
	    sizeof(*c->feeds));
	feed = &c->feeds[c->feed_count++];
	memset(feed, 0, sizeof(*feed));
	feed->name = xstrndup(s, len);
	feed->line = st->line;
	return 0;
}

/* inih's ini_reader: hands over one line at a time, like fgets. */
static char *
read_line(char *out, int size, void *stream)
{
	struct parse_state *st = stream;
	const char *nl, *line_end, *s, *e;
	size_t len, content;

	if (st->failed || st->pos >= st->end)
		return NULL;
	nl = memchr(st->pos, '\n', (size_t)(st->end - st->pos));
	line_end = nl != NULL ? nl + 1 : st->end;
	len = (size_t)(line_end - st->pos);
	st->line++;
	content = len - (nl != NULL) - (len > (nl != NULL) &&
	    st->pos[len - 1 - (nl != NULL)] == '\r');
	/* Room for CR, LF and NUL in inih's buffer of `size` bytes. */
	if (size < 4 || content > (size_t)size - 3) {
		config_fail_at(st, st->line,
		    "line too long (%zu bytes; at most %d): "
		    "inih would split it", content, size - 3);
		return NULL;
	}
	if (memchr(st->pos, '\0', len) != NULL) {
		config_fail_at(st, st->line, "NUL byte in the config");
		return NULL;
	}
	memcpy(out, st->pos, len);
	out[len] = '\0';
	st->pos = line_end;
	s = out;
	e = out + len;
	if (st->line == 1 && len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
		s += 3;		/* inih skips a BOM too */
	text_trim(&s, &e);
	if (s < e && *s == '[' && note_section_header(st, s, e) != 0)
		return NULL;
	return out;
}

static const struct key_spec *
find_key(const struct key_spec *table, size_t n, const char *name,
    size_t *index)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(table[i].name, name) == 0) {
			*index = i;
			return &table[i];
		}
	return NULL;
}

/* Binds a key to its section's table; a repeated key is refused, which also
 * catches inih's continuation of an indented line. */
static int
handle_key(void *user, const char *section, const char *name,
    const char *value)
{
	struct parse_state *st = user;
	const struct key_spec *table = config_feed_keys, *key;
	size_t n = config_feed_key_count, index;
	unsigned *seen;
	void *object;

	if (st->failed)
		return 1;
	if (section[0] == '\0') {
		config_fail_at(st, st->line,
		    "'%s' is outside any section: put it "
		    "under [site] or a feed's [name]", name);
		return 1;
	}
	if (strcmp(section, "site") == 0) {
		table = config_site_keys;
		n = config_site_key_count;
		object = st->config;
		seen = &st->site_keys_seen;
	} else {
		struct feed_config *feed = find_feed(st->config, section,
		    strlen(section));
		if (feed == NULL) {
			config_fail_at(st, st->line,
			    "bad section header [%s]", section);
			return 1;
		}
		object = feed;
		seen = &feed->keys_seen;
	}
	key = find_key(table, n, name, &index);
	if (key == NULL) {
		config_fail_at(st, st->line, "unknown key '%s' in [%s] (see "
		    "feedd.conf(5))", name, section);
		return 1;
	}
	if ((*seen & (1u << index)) && key->type != VALUE_URL_LIST) {
		config_fail_at(st, st->line,
		    "'%s' given twice in [%s] (an indented "
		    "line continues the previous one: do not indent keys)",
		    name, section);
		return 1;
	}
	*seen |= 1u << index;
	if (table == config_site_keys)
		st->site_key_line[index] = st->line;
	else if (strcmp(name, "sections") == 0)
		((struct feed_config *)object)->sections_line = st->line;
	config_set_value(st, key, object, value);
	return 1;
}

int
config_parse(const char *path, const char *text, size_t len,
    struct config **out, char *err, size_t errlen)
{
	struct parse_state st;
	int rc;

	memset(&st, 0, sizeof(st));
	st.path = path;
	st.base_dir = path_split(path, NULL);
	st.pos = text;
	st.end = text + len;
	st.err = err;
	st.errlen = errlen;
	st.config = xcalloc(1, sizeof(*st.config));
	st.config->path = xstrdup(path);
	st.config->pages = true;
	rc = ini_parse_stream(read_line, &st, handle_key, &st);
	if (rc > 0 && !st.failed)
		config_fail_at(&st, (unsigned)rc,
		    "not a [section] header nor a "
		    "key = value line");
	else if (rc < 0 && !st.failed)
		config_fail_at(&st, st.line, "cannot parse the config");
	if (!st.failed)
		config_validate(&st);
	free(st.base_dir);
	if (st.failed) {
		config_free(st.config);
		return -1;
	}
	*out = st.config;
	return 0;
}

/* Reads the whole file so that lines can be checked before inih sees them. */
static int
read_file(const char *path, struct buffer *out, char *err, size_t errlen)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	/* No line to name: "FILE: message", and what to do about it. */
	if (fd < 0) {
		snprintf(err, errlen, "%s: cannot open the config: %s (%s)",
		    path, strerror(errno), errno == ENOENT ? "give the "
		    "config's path with -c, or create it: see feedd.conf(5)" :
		    "check its permissions and those of its folders");
		return -1;
	}
	if (file_read_all(fd, 0, MAX_CONFIG_BYTES, out) != 0) {
		snprintf(err, errlen, "%s: %s%s", path, errno != EFBIG ?
		    "cannot read the config: " : "", errno != EFBIG ?
		    strerror(errno) : "larger than 1 MiB: not a config");
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

int
config_load(const char *path, struct config **out, char *err, size_t errlen)
{
	struct buffer text = BUFFER_INIT;
	struct stat st;
	int rc;

	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s: not a regular file: give the "
		    "config file's path with -c", path);
		return -1;
	}
	if (read_file(path, &text, err, errlen) != 0) {
		buffer_free(&text);
		return -1;
	}
	rc = config_parse(path, text.data != NULL ? text.data : "", text.len,
	    out, err, errlen);
	buffer_free(&text);
	return rc;
}

