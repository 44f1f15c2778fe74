/* SPDX-License-Identifier: MIT */
/* state_path: the state's default place, and where it and the folders may
 * not be. Paths are compared once resolved (links, "..", relative paths),
 * as far as they exist: the output folder may not be made yet. */
#include "autoconfig.h"

#include <errno.h>
#include <limits.h>
#include <pwd.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "state_legacy.h"
#include "state_path.h"
#include "strmap.h"
#include "xalloc.h"

/* Longer names are cut, and end with a hash of the whole path. */
#define NAME_KEEP 160

static char *
absolute(const char *path)
{
	char *real = realpath(path, NULL), cwd[PATH_MAX];

	if (real != NULL)
		return real;
	if (path[0] == '/' || getcwd(cwd, sizeof(cwd)) == NULL)
		return xstrdup(path);
	return xpathjoin(cwd, path);
}

/* "/etc/feedd/feedd.conf" -> "etc-feedd-feedd.conf": '/' becomes '-', and
 * any byte but a letter, a digit or '.' becomes _XX, so that two paths
 * never give one name. */
static char *
escape_path(const char *path)
{
	static const char hex[] = "0123456789abcdef";
	char *out = xmalloc(3 * strlen(path) + 1), *o = out;
	const unsigned char *p = (const unsigned char *)path;

	for (; *p != '\0'; p++) {
		if (*p == '/' && o == out)
			continue;
		if (*p == '/')
			*o++ = '-';
		else if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '.')
			*o++ = (char)*p;
		else {
			*o++ = '_';
			*o++ = hex[*p >> 4];
			*o++ = hex[*p & 15];
		}
	}
	*o = '\0';
	if (o - out > NAME_KEEP)
		snprintf(out + NAME_KEEP, 3 * strlen(path) + 1 - NAME_KEEP,
		    "_%016llx", (unsigned long long)strmap_hash(path));
	return out;
}

static char *
state_folder(void)
{
	const char *dir = getenv("STATE_DIRECTORY");
	const struct passwd *pw;

	/* systemd's StateDirectory= may list several, colon-separated. */
	if (dir != NULL && dir[0] == '/')
		return xstrndup(dir, strcspn(dir, ":"));
	dir = getenv("XDG_STATE_HOME");
	if (dir != NULL && dir[0] == '/')
		return xpathjoin(dir, "feedd");
	if (geteuid() == 0)
		return xstrdup("/var/lib/feedd");
	dir = getenv("HOME");
	if ((dir == NULL || dir[0] != '/') && (pw = getpwuid(geteuid())) !=
	    NULL)
		dir = pw->pw_dir;
	return xasprintf("%s/.local/state/feedd", dir != NULL ? dir : "");
}

char *
state_default_path(const char *config_path)
{
	char *config = absolute(config_path), *name = escape_path(config);
	char *folder = state_folder(), *path;

	path = xasprintf("%s/%s.sqlite", folder, name);
	free(config);
	free(name);
	free(folder);
	return path;
}

void
state_path_apply_default(struct config *config)
{
	if (config->state_file == NULL)
		config->state_file = state_default_path(config->path);
}

/* The path with every existing leading part resolved. */
static char *
resolve(const char *path)
{
	char *real = realpath(path, NULL), *parent, *resolved;
	const char *slash = strrchr(path, '/');

	if (real != NULL)
		return real;
	if (errno != ENOENT || slash == NULL || slash == path)
		return absolute(path);
	parent = xstrndup(path, (size_t)(slash - path));
	real = resolve(parent);
	resolved = xpathjoin(real, slash + 1);
	free(parent);
	free(real);
	return resolved;
}

/* Is path the folder dir, or beneath it? */
static bool
inside(const char *path, const char *dir)
{
	char *p = resolve(path), *d = resolve(dir);
	size_t n = strlen(d);
	bool within = strncmp(p, d, n) == 0 && (p[n] == '\0' || p[n] == '/' ||
	    strcmp(d, "/") == 0);

	free(p);
	free(d);
	return within;
}

int
state_path_check(const struct config *c, char *err, size_t errlen)
{
	if (c->state_file != NULL && inside(c->state_file, c->output_dir))
		snprintf(err, errlen, "%s:%u: state_file '%s' is inside the "
		    "output folder, which the web server publishes: leave "
		    "state_file unset or put it elsewhere", c->path,
		    c->state_file_line, c->state_file);
	else if (c->state_file != NULL && inside(c->state_file,
	    c->articles_dir))
		snprintf(err, errlen, "%s:%u: state_file '%s' is inside the "
		    "articles folder: leave state_file unset or put it "
		    "elsewhere", c->path, c->state_file_line, c->state_file);
	else if (inside(c->output_dir, c->articles_dir))
		snprintf(err, errlen, "%s:%u: output '%s' is inside the "
		    "articles folder: the feeds would be read as articles",
		    c->path, c->output_line, c->output_dir);
	else if (inside(c->articles_dir, c->output_dir))
		snprintf(err, errlen, "%s:%u: articles '%s' is inside the "
		    "output folder, which the web server publishes", c->path,
		    c->articles_line, c->articles_dir);
	else
		return 0;
	return -1;
}

void
state_path_import_legacy(struct state *state, const struct config *c)
{
	const char *dir = getenv("STATE_DIRECTORY");
	char *old = xpathjoin(c->output_dir, ".feedd.state");

	state_import_legacy(state, old);
	free(old);
	if (dir != NULL && dir[0] == '/') {
		old = xasprintf("%.*s/feedd.state", (int)strcspn(dir, ":"), dir);
		state_import_legacy(state, old);
		free(old);
	}
}
