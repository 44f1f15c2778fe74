/* SPDX-License-Identifier: MIT */
/* state_dump: the state database printed for the administrator (feedd
 * --dump-state), through a read-only connection of its own, so that it
 * can run beside a daemon that is writing. */
#include "autoconfig.h"

#include <inttypes.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "log.h"
#include "state.h"

static void
print_escaped(FILE *out, const char *s)
{
	if (s == NULL)
		return;
	for (; *s != '\0'; s++) {
		if (*s == '\t')
			fputs("\\t", out);
		else if (*s == '\n')
			fputs("\\n", out);
		else if (*s == '\\')
			fputs("\\\\", out);
		else
			putc(*s, out);
	}
}

/* In UTC, whatever the configured zone: a dump compares across sites. */
static void
print_time(FILE *out, sqlite3_stmt *st, int column)
{
	time_t t = (time_t)sqlite3_column_int64(st, column);
	char when[64];
	struct tm tm;

	if (sqlite3_column_type(st, column) == SQLITE_NULL)
		fputs("-", out);
	else if (gmtime_r(&t, &tm) != NULL && strftime(when, sizeof(when),
	    "%Y-%m-%dT%H:%M:%SZ", &tm) > 0)
		fputs(when, out);
	else
		fprintf(out, "%" PRId64, (int64_t)t);
}

int
state_dump(const char *path, FILE *out)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	int rc = SQLITE_ERROR;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY |
	    SQLITE_OPEN_NOFOLLOW, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, "SELECT path, id, first_seen, published "
	    "FROM articles ORDER BY path", -1, &st, NULL) == SQLITE_OK) {
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			print_escaped(out, (const char *)sqlite3_column_text(st,
			    0));
			putc('\t', out);
			print_escaped(out, (const char *)sqlite3_column_text(st,
			    1));
			putc('\t', out);
			print_time(out, st, 2);
			putc('\t', out);
			print_time(out, st, 3);
			putc('\n', out);
		}
	}
	if (rc != SQLITE_DONE)
		log_error("%s: cannot read the state: %s", path, db != NULL ?
		    sqlite3_errmsg(db) : "out of memory");
	sqlite3_finalize(st);
	sqlite3_close(db);
	return rc == SQLITE_DONE ? 0 : -1;
}
