/* SPDX-License-Identifier: MIT */
/* Unit tests for state.c and state_path.c: the database round trip, writes
 * of changed rows only, the import of old text states, corrupt files,
 * FIFOs, modes, the dump, the default place and the refused places. */
#include "autoconfig.h"

#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "log.h"
#include "state.h"
#include "state_legacy.h"
#include "state_path.h"
#include "tap.h"

static char dir[] = "/tmp/feedd-t-state.XXXXXX";

static char *
in_dir(const char *name)
{
	static char path[4][512];
	static int next;
	char *p = path[next++ % 4];

	snprintf(p, sizeof(path[0]), "%s/%s", dir, name);
	return p;
}

static void
write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (f == NULL)
		return;
	fputs(text, f);
	fclose(f);
}

static bool
starts_with_file(const char *path, const char *magic)
{
	char head[32] = "";
	FILE *f = fopen(path, "r");
	size_t n;

	if (f == NULL)
		return false;
	n = fread(head, 1, sizeof(head) - 1, f);
	fclose(f);
	return n >= strlen(magic) && memcmp(head, magic, strlen(magic)) == 0;
}

static void
test_round_trip(void)
{
	const char *path = in_dir("round.sqlite");
	struct state *state = state_load(path), *again;
	struct state_record *rec;
	struct stat st;

	if (!ok(state != NULL, "a new state is made"))
		return;
	ok(stat(path, &st) == 0 && (st.st_mode & 07777) == 0600,
	    "the database is made with mode 0600");
	state_add(state, "we\tird\nname\\.txt", "tag:x,2000:w", 1234);
	rec = state_add(state, "old.txt", "tag:x,2000:old", -31536000);
	state_set_published(state, rec, -31536000);
	state_set_published(state, rec, 99);
	state_add(state, "gone.txt", "tag:x,2000:gone", 5);
	is_int(state_commit(state), 0, "committed");
	state_forget(state, "gone.txt");
	again = state_load(path);
	ok(again != NULL && state_get(again, "gone.txt") != NULL,
	    "nothing reaches the disk before a commit");
	state_free(again);
	is_int(state_commit(state), 0, "committed again");
	state_free(state);

	state = state_load(path);
	if (!ok(state != NULL, "the state opens again"))
		return;
	rec = state_get(state, "we\tird\nname\\.txt");
	ok(rec != NULL && rec->first_seen == 1234 && !rec->has_published &&
	    strcmp(rec->id, "tag:x,2000:w") == 0,
	    "tabs, newlines and backslashes survive a round trip");
	rec = state_get(state, "old.txt");
	ok(rec != NULL && rec->first_seen == -31536000,
	    "a first-seen time before 1970 is kept, not clamped to 0");
	ok(rec != NULL && rec->has_published && rec->published == -31536000,
	    "a published date is kept, and never moved once set");
	ok(state_get(state, "gone.txt") == NULL, "a forgotten record is gone");
	state_free(state);
}

/* The sqlite3 program changes a row behind the state's back: a commit of
 * another change leaves it, so commits write changed rows only. */
static void
test_changed_rows_only(void)
{
	const char *path = in_dir("rows.sqlite");
	struct state *state = state_load(path);
	struct state_record *rec;
	char command[1024];

	if (state == NULL)
		return;
	state_add(state, "a.txt", "tag:x,2000:a", 1);
	state_add(state, "b.txt", "tag:x,2000:b", 2);
	state_commit(state);
	snprintf(command, sizeof(command), "sqlite3 '%s' \"UPDATE articles "
	    "SET id = 'changed-outside' WHERE path = 'b.txt'\" 2>/dev/null",
	    path);
	if (system(command) != 0) {
		ok(true, "# SKIP no sqlite3 program");
		state_free(state);
		return;
	}
	state_add(state, "a.txt", "tag:x,2000:a2", 1);
	state_commit(state);
	state_free(state);
	state = state_load(path);
	rec = state != NULL ? state_get(state, "b.txt") : NULL;
	ok(rec != NULL && strcmp(rec->id, "changed-outside") == 0,
	    "a commit writes the changed rows, not the whole state");
	rec = state != NULL ? state_get(state, "a.txt") : NULL;
	ok(rec != NULL && strcmp(rec->id, "tag:x,2000:a2") == 0,
	    "and the changed row is written");
	state_free(state);
}

static void
test_import(void)
{
	const char *path = in_dir("text.state"), *old = in_dir("old.state");
	struct state *state;
	struct state_record *rec;

	write_file(path, "feedd-state 1\na\\tb.txt\ttag:x,2000:ab\t1400000000\n"
	    "c.txt\ttag:x,2000:c\t0\n");
	state = state_load(path);
	rec = state != NULL ? state_get(state, "a\tb.txt") : NULL;
	ok(rec != NULL && rec->first_seen == 1400000000 &&
	    strcmp(rec->id, "tag:x,2000:ab") == 0,
	    "an old text state at the path is imported");
	ok(starts_with_file(path, "SQLite format 3"),
	    "and replaced by the database");
	write_file(old, "feedd-state 1\nc.txt\ttag:x,2000:other\t7\n"
	    "d.txt\ttag:x,2000:d\t8\n");
	is_int(state != NULL ? state_import_legacy(state, old) : -1, 0,
	    "an old state elsewhere is imported");
	rec = state != NULL ? state_get(state, "d.txt") : NULL;
	ok(rec != NULL && rec->first_seen == 8, "its records are added");
	rec = state != NULL ? state_get(state, "c.txt") : NULL;
	ok(rec != NULL && strcmp(rec->id, "tag:x,2000:c") == 0,
	    "records the state has already win");
	ok(access(old, F_OK) != 0, "the old file is removed");
	write_file(old, "feedd-state 1\ne.txt\ttag:x,2000:e\t9\nbroken\n");
	is_int(state != NULL ? state_import_legacy(state, old) : -1, 0,
	    "a corrupt old state elsewhere is no error");
	ok(state != NULL && state_get(state, "e.txt") == NULL,
	    "nothing of it is imported, not even its good lines");
	ok(access(old, F_OK) != 0, "and it is removed all the same");
	write_file(old, "not feedd's\n");
	if (state != NULL)
		state_import_legacy(state, old);
	ok(access(old, F_OK) == 0, "a file that is not an old state is left");
	state_free(state);
	state = state_load(path);
	ok(state != NULL && state_get(state, "d.txt") != NULL,
	    "the import was committed");
	state_free(state);
}

static void
test_corrupt(void)
{
	const char *path = in_dir("corrupt.sqlite");
	struct state *state;
	char garbage[8192], command[1024];

	write_file(path, "\001\002 not a state\n");
	state = state_load(path);
	ok(state != NULL && state_get(state, "a.txt") == NULL,
	    "a file that is no state starts an empty state");
	ok(starts_with_file(in_dir("corrupt.sqlite.corrupt"), "\001\002"),
	    "the file is moved aside");
	if (state != NULL) {
		state_add(state, "a.txt", "tag:x,2000:a", 1);
		is_int(state_commit(state), 0, "the new state is usable");
	}
	state_free(state);

	memset(garbage, 'x', sizeof(garbage));
	memcpy(garbage, "SQLite format 3", 16);
	garbage[sizeof(garbage) - 1] = '\0';
	write_file(path, garbage);
	state = state_load(path);
	ok(state != NULL && state_get(state, "a.txt") == NULL,
	    "a corrupt database is reported and started afresh");
	state_free(state);

	snprintf(command, sizeof(command), "sqlite3 '%s' 'CREATE TABLE "
	    "other (x)' 2>/dev/null", in_dir("foreign.sqlite"));
	if (system(command) == 0) {
		state = state_load(in_dir("foreign.sqlite"));
		ok(state != NULL && access(in_dir("foreign.sqlite.corrupt"),
		    F_OK) == 0, "another program's database is moved aside");
		state_free(state);
	}

	write_file(path, "feedd-state 1\nbroken line\n");
	state = state_load(path);
	ok(state != NULL && state_get(state, "a.txt") == NULL,
	    "a corrupt old text state starts afresh");
	state_free(state);
}

static void
on_alarm(int sig)
{
	(void)sig;
	printf("not ok - state_load hangs on a FIFO\n");
	_exit(1);
}

static void
test_not_a_file(void)
{
	const char *fifo = in_dir("fifo.sqlite"), *folder = in_dir("folder");

	signal(SIGALRM, on_alarm);
	alarm(10);
	if (mkfifo(fifo, 0600) == 0)
		ok(state_load(fifo) == NULL, "a FIFO at the path is refused at "
		    "once");
	mkdir(folder, 0700);
	ok(state_load(folder) == NULL, "so is a folder");
	if (symlink("round.sqlite", in_dir("link.sqlite")) == 0)
		ok(state_load(in_dir("link.sqlite")) == NULL,
		    "and a symbolic link");
	alarm(0);
}

static void
test_dump(void)
{
	const char *path = in_dir("dump.sqlite"), *out = in_dir("dump.out");
	struct state *state = state_load(path);
	struct state_record *rec;
	char text[512] = "";
	FILE *f;
	size_t n;

	if (state == NULL)
		return;
	state_add(state, "z.txt", "tag:x,2000:z", 0);
	rec = state_add(state, "a\tb.txt", "tag:x,2000:ab", 1463756100);
	state_set_published(state, rec, 1463756100);
	state_commit(state);
	state_free(state);
	f = fopen(out, "w+");
	if (f == NULL)
		return;
	is_int(state_dump(path, f), 0, "the state is dumped");
	rewind(f);
	n = fread(text, 1, sizeof(text) - 1, f);
	text[n] = '\0';
	fclose(f);
	is_str(text, "a\\tb.txt\ttag:x,2000:ab\t2016-05-20T14:55:00Z\t"
	    "2016-05-20T14:55:00Z\nz.txt\ttag:x,2000:z\t1970-01-01T00:00:00Z\t-\n",
	    "one line an article, sorted, escaped, with RFC 3339 times");
	is_int(state_dump(in_dir("missing.sqlite"), stdout), -1,
	    "a missing state cannot be dumped");
}

static void
test_default_path(void)
{
	char *a, *b;

	setenv("STATE_DIRECTORY", "/var/lib/feedd:/other", 1);
	a = state_default_path("/etc/feedd/feedd.conf");
	is_str(a, "/var/lib/feedd/etc-feedd-feedd.conf.sqlite",
	    "$STATE_DIRECTORY, named after the config's path");
	b = state_default_path("/etc/feedd-feedd.conf");
	ok(strcmp(a, b) != 0, "two configs never share a state");
	free(a);
	free(b);
	unsetenv("STATE_DIRECTORY");
	setenv("XDG_STATE_HOME", "/home/u/.state", 1);
	a = state_default_path("/srv/my site/feedd.conf");
	is_str(a, "/home/u/.state/feedd/srv-my_20site-feedd.conf.sqlite",
	    "else $XDG_STATE_HOME/feedd");
	free(a);
	unsetenv("XDG_STATE_HOME");
}

static void
check_config(const char *site, const char *where, const char *want,
    const char *what)
{
	char text[1024], err[512] = "";
	struct config *config = NULL;

	snprintf(text, sizeof(text), "[site]\ntitle = T\nurl = https://t/\n"
	    "article_url = https://t/{path}\ntimezone = UTC\n%s"
	    "[all]\ntitle = All\nsections = *\n", site);
	if (config_parse(in_dir("feedd.conf"), text, strlen(text), &config,
	    err, sizeof(err)) != 0) {
		ok(false, "%s: %s", what, err);
		return;
	}
	state_path_apply_default(config);
	if (state_path_check(config, err, sizeof(err)) == 0)
		strcpy(err, "accepted");
	ok(strstr(err, where) != NULL && strstr(err, want) != NULL, "%s (%s)",
	    what, err);
	config_free(config);
}

static void
test_refused_places(void)
{
	check_config("articles = in\noutput = out\n", "accepted", "",
	    "separate folders are fine");
	check_config("articles = in\noutput = out\nstate_file = out/s\n",
	    "feedd.conf:8: state_file '", "/out/s' is inside the output folder",
	    "a state in the output folder is refused");
	check_config("articles = in\noutput = out\nstate_file = in/x/s\n",
	    "feedd.conf:8: state_file '", "/in/x/s' is inside the articles",
	    "a state in the articles folder is refused");
	check_config("articles = in\noutput = in/feeds\n", "feedd.conf:7: "
	    "output '", "/in/feeds' is inside the articles folder",
	    "an output folder in the articles folder is refused");
	check_config("articles = out/../out/in\noutput = out\n",
	    "feedd.conf:6: articles '", "/out/../out/in' is inside the output",
	    "an articles folder in the output folder is refused");
}

static off_t
file_size(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? st.st_size : -1;
}

/* A commit in two halves: the rows are in when finish returns; a big one
 * is then copied from the WAL into the database by the state's thread,
 * off the build's path, so that closing has little left to do. */
static void
test_commit_in_halves(void)
{
	const char *path = in_dir("halves.state");
	struct state *state = state_load(path);
	char name[64], id[64];
	size_t i, count;
	FILE *dump;
	int c;

	if (state == NULL) {
		ok(false, "a state to commit in halves");
		return;
	}
	for (i = 0; i < 16000; i++) {
		snprintf(name, sizeof(name), "world/2026/article-%06zu.txt", i);
		snprintf(id, sizeof(id), "tag:news.example.org,2026:%06zu", i);
		state_add(state, name, id, (time_t)1700000000 + (time_t)i);
	}
	state_commit_start(state);
	is_int(state_commit_finish(state), 0, "the rows are in");
	state_commit_start(state);	/* nothing to write: waits for the copy */
	ok(file_size(path) > 1024 * 1024,
	    "a big commit is copied into the database while the state is open");
	state_forget(state, "world/2026/article-000000.txt");
	state_commit_start(state);
	is_int(state_commit_finish(state), 0, "the next commit goes on");
	state_free(state);
	dump = fopen(in_dir("halves.dump"), "w+");
	ok(dump != NULL && state_dump(path, dump) == 0, "dumped");
	count = 0;
	if (dump != NULL) {
		rewind(dump);
		while ((c = getc(dump)) != EOF)
			count += c == '\n';
		fclose(dump);
	}
	is_int((int)count, 15999, "every row but the forgotten one");
}

int
main(void)
{
	char command[600];

	if (mkdtemp(dir) == NULL) {
		printf("1..0 # SKIP no temporary folder\n");
		return 0;
	}
	log_set_level(LOG_LEVEL_ERROR);
	umask(022);
	if (chdir(dir) != 0)
		return 1;
	test_round_trip();
	test_changed_rows_only();
	test_import();
	test_corrupt();
	test_not_a_file();
	test_dump();
	test_commit_in_halves();
	test_default_path();
	test_refused_places();
	snprintf(command, sizeof(command), "rm -rf %s", dir);
	if (system(command) != 0)
		printf("# could not remove %s\n", dir);
	return tap_done();
}
