/* SPDX-License-Identifier: MIT */
/* state: an in-memory map for lookups, backed by an SQLite database in WAL
 * mode. Changes are queued and written by state_commit in one transaction,
 * so that recording an edit costs the rows it touched, never the whole
 * state; feeds are renamed into place only after it. */
#include "autoconfig.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buffer.h"
#include "log.h"
#include "state.h"
#include "state_file.h"
#include "state_legacy.h"
#include "strmap.h"
#include "xalloc.h"

#define SQLITE_MAGIC "SQLite format 3"
/* PRAGMA application_id: 0x66656464, "fedd", so that file(1) and feedd
 * tell the database from any other SQLite file. */
#define APPLICATION_ID 1717920868
/* How long a commit waits for another connection's write lock. */
#define BUSY_TIMEOUT_MS 5000
/* The rows live in memory (the map); SQLite only writes what changed, so
 * its page cache need not hold the table: 256 KiB, not the default 2 MB. */
#define CACHE_PRAGMA "PRAGMA cache_size = -256; "
/* The WAL is copied into the database, off the build's path, once it
 * holds this many pages (4 KiB each); what is left is copied on closing. */
#define CHECKPOINT_PAGES 256
#define STRINGIFY(x) #x
#define DECIMAL(x) STRINGIFY(x)
#define SCHEMA \
	"CREATE TABLE IF NOT EXISTS articles (" \
	" path TEXT PRIMARY KEY NOT NULL," \
	" id TEXT NOT NULL," \
	" first_seen INTEGER NOT NULL," \
	" published INTEGER" \
	") WITHOUT ROWID;"

/* A record and whether its path is in the queue of changes already. */
struct entry {
	struct state_record rec;
	bool queued;
};

/* A commit runs on a thread of its own while the build serialises feeds:
 * IDLE -> RUNNING (state_commit_start, with changes) -> SETTLING
 * (state_commit_finish: the rows are in; the thread may still be copying
 * the WAL into the database) -> IDLE (the next start, or state_free,
 * joins it). IDLE -> RAN (start, no thread to be had: the caller's did
 * it) -> IDLE (finish). While RUNNING nothing but finish and free may be
 * called; while SETTLING the map is the caller's again, the database the
 * thread's. */
enum commit_phase { COMMIT_IDLE, COMMIT_RUNNING, COMMIT_SETTLING, COMMIT_RAN };

struct state {
	char *path;
	sqlite3 *db;
	sqlite3_stmt *upsert, *delete;
	struct strmap *by_path;		/* path -> struct entry */
	char **changed;			/* paths to write at the next commit */
	size_t changed_count, changed_cap;
	bool foreign;			/* an SQLite file that is not feedd's */
	enum commit_phase commit;
	pthread_t committer;
	pthread_mutex_t commit_lock;	/* guards commit_done */
	pthread_cond_t commit_signal;
	bool commit_done;		/* the rows are in, or failed */
	int commit_rc;			/* the thread's result */
	char commit_err[256];		/* SQLite's word, when it failed */
	int wal_pages;			/* in the WAL after the last commit */
};

/* ---- the in-memory map ---- */

static void
queue_change(struct state *state, const char *path)
{
	if (state->changed_count == state->changed_cap) {
		state->changed_cap = state->changed_cap ? 2 * state->changed_cap
		    : 64;
		state->changed = xreallocarray(state->changed,
		    state->changed_cap, sizeof(*state->changed));
	}
	state->changed[state->changed_count++] = xstrdup(path);
}

static void
free_entry(struct entry *e)
{
	free(e->rec.path);
	free(e->rec.id);
	free(e);
}

/* Puts a record in the map without queueing it: loading. */
static struct entry *
put_record(struct state *state, const char *path, const char *id,
    time_t first_seen)
{
	struct entry *e = xcalloc(1, sizeof(*e));

	e->rec.path = xstrdup(path);
	e->rec.id = xstrdup(id);
	e->rec.first_seen = first_seen;
	strmap_put(state->by_path, e->rec.path, e);
	return e;
}

struct state_record *
state_add(struct state *state, const char *path, const char *id,
    time_t first_seen)
{
	struct entry *old = strmap_remove(state->by_path, path), *e;
	bool queued = old != NULL && old->queued;

	if (old != NULL)
		free_entry(old);
	e = put_record(state, path, id, first_seen);
	if (!queued)
		queue_change(state, path);
	e->queued = true;
	return &e->rec;
}

struct state_record *
state_get(struct state *state, const char *path)
{
	struct entry *e = strmap_get(state->by_path, path);

	return e != NULL ? &e->rec : NULL;
}

void
state_forget(struct state *state, const char *path)
{
	struct entry *e = strmap_remove(state->by_path, path);

	if (e == NULL)
		return;
	if (!e->queued)
		queue_change(state, path);
	free_entry(e);
}

void
state_set_published(struct state *state, struct state_record *rec,
    time_t published)
{
	struct entry *e = (struct entry *)rec;

	if (rec->has_published)
		return;
	rec->published = published;
	rec->has_published = true;
	if (!e->queued)
		queue_change(state, rec->path);
	e->queued = true;
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

static void
clear_records(struct state *state)
{
	struct strmap_iter it;
	const char *key;
	void *value;
	size_t i;

	strmap_iter_init(&it, state->by_path);
	while (strmap_iter_next(&it, &key, &value))
		free_entry(value);
	strmap_free(state->by_path);
	state->by_path = strmap_new();
	for (i = 0; i < state->changed_count; i++)
		free(state->changed[i]);
	state->changed_count = 0;
}

/* ---- the database ---- */

static int
db_fail(struct state *state, const char *what)
{
	log_error("%s: %s: %s", state->path, what, state->db != NULL ?
	    sqlite3_errmsg(state->db) : "out of memory");
	return -1;
}

static int
write_change(struct state *state, const char *path)
{
	struct state_record *rec = state_get(state, path);
	sqlite3_stmt *st = rec != NULL ? state->upsert : state->delete;
	int rc;

	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
	if (rec != NULL) {
		sqlite3_bind_text(st, 2, rec->id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, (sqlite3_int64)rec->first_seen);
		if (rec->has_published)
			sqlite3_bind_int64(st, 4, (sqlite3_int64)rec->published);
		else
			sqlite3_bind_null(st, 4);
	}
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int
compare_paths(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Runs on the committer thread: touches only the database and reads the
 * map, which nobody changes meanwhile; logs nothing (log.c is the main
 * thread's), leaving the error for state_commit_finish. Rows go in in key
 * order: a first full scan then appends to the tree instead of touching
 * pages all over it. */
static int
commit_rows(struct state *state)
{
	size_t i;

	qsort(state->changed, state->changed_count, sizeof(*state->changed),
	    compare_paths);
	if (sqlite3_exec(state->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) !=
	    SQLITE_OK) {
		snprintf(state->commit_err, sizeof(state->commit_err), "%s",
		    sqlite3_errmsg(state->db));
		return -1;
	}
	for (i = 0; i < state->changed_count; i++)
		if (write_change(state, state->changed[i]) != 0)
			break;
	if (i == state->changed_count && sqlite3_exec(state->db, "COMMIT",
	    NULL, NULL, NULL) == SQLITE_OK)
		return 0;
	snprintf(state->commit_err, sizeof(state->commit_err), "%s",
	    sqlite3_errmsg(state->db));
	sqlite3_exec(state->db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

/* SQLite calls it after each commit, on the committing thread; having a
 * hook turns its own checkpoints off, which would run inside the commit
 * that a build waits for. */
static int
note_wal_pages(void *context, sqlite3 *db, const char *name, int pages)
{
	struct state *state = context;

	(void)db;
	(void)name;
	state->wal_pages = pages;
	return SQLITE_OK;
}

/* Once the rows are in, the build may go on: the WAL is copied into the
 * database afterwards, by this thread, while the feeds are written. A
 * failed copy is left to the next one, or to closing (PASSIVE never
 * waits for readers such as feedd --dump-state). */
static void *
commit_and_settle(void *arg)
{
	struct state *state = arg;
	int rc = commit_rows(state);

	pthread_mutex_lock(&state->commit_lock);
	state->commit_rc = rc;
	state->commit_done = true;
	pthread_cond_signal(&state->commit_signal);
	pthread_mutex_unlock(&state->commit_lock);
	if (rc == 0 && state->wal_pages >= CHECKPOINT_PAGES)
		sqlite3_wal_checkpoint_v2(state->db, NULL,
		    SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
	return NULL;
}

/* A thread SETTLING is done with the database once joined. */
static void
settle(struct state *state)
{
	if (state->commit == COMMIT_SETTLING) {
		pthread_join(state->committer, NULL);
		state->commit = COMMIT_IDLE;
	}
}

void
state_commit_start(struct state *state)
{
	settle(state);
	if (state->commit != COMMIT_IDLE || state->changed_count == 0)
		return;
	state->commit_done = false;
	state->commit = COMMIT_RUNNING;
	if (pthread_create(&state->committer, NULL, commit_and_settle,
	    state) != 0) {
		state->commit_rc = commit_rows(state);
		state->commit = COMMIT_RAN;
	}
}

int
state_commit_finish(struct state *state)
{
	struct entry *e;
	size_t i;

	if (state->commit == COMMIT_IDLE || state->commit == COMMIT_SETTLING)
		return 0;
	if (state->commit == COMMIT_RUNNING) {
		pthread_mutex_lock(&state->commit_lock);
		while (!state->commit_done)
			pthread_cond_wait(&state->commit_signal,
			    &state->commit_lock);
		pthread_mutex_unlock(&state->commit_lock);
		state->commit = COMMIT_SETTLING;
	} else {
		state->commit = COMMIT_IDLE;
	}
	if (state->commit_rc != 0) {
		log_error("%s: cannot record ids: %s", state->path,
		    state->commit_err);
		return -1;
	}
	for (i = 0; i < state->changed_count; i++) {
		if ((e = strmap_get(state->by_path, state->changed[i])) != NULL)
			e->queued = false;
		free(state->changed[i]);
	}
	log_debug("%s: %zu record%s written", state->path,
	    state->changed_count, state->changed_count == 1 ? "" : "s");
	state->changed_count = 0;
	return 0;
}

int
state_commit(struct state *state)
{
	state_commit_start(state);
	return state_commit_finish(state);
}

static int
load_rows(struct state *state)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(state->db, "SELECT path, id, first_seen, "
	    "published FROM articles", -1, &st, NULL) != SQLITE_OK)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *path = (const char *)sqlite3_column_text(st, 0);
		const char *id = (const char *)sqlite3_column_text(st, 1);
		struct entry *e;
		if (path == NULL || id == NULL)
			continue;
		e = put_record(state, path, id,
		    (time_t)sqlite3_column_int64(st, 2));
		if (sqlite3_column_type(st, 3) != SQLITE_NULL) {
			e->rec.published = (time_t)sqlite3_column_int64(st, 3);
			e->rec.has_published = true;
		}
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int
pragma_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	int value = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		value = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return value;
}

static void
close_db(struct state *state)
{
	sqlite3_finalize(state->upsert);
	sqlite3_finalize(state->delete);
	sqlite3_close(state->db);
	state->upsert = state->delete = NULL;
	state->db = NULL;
}

/* A connection is used by one thread at a time (the main one, or the
 * committer while the main one waits or leaves the database alone), so
 * SQLite's mutexes on it are needless, and feedd never reads its memory
 * statistics: both cost a lock per allocation and statement. Taken only
 * before SQLite starts; refused, harmlessly, after. */
static pthread_once_t sqlite_configured = PTHREAD_ONCE_INIT;

static void
configure_sqlite(void)
{
	sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/* synchronous = FULL: in WAL mode, each commit is synced before it
 * returns, which is what makes an id durable before its feed is out.
 * Opening an existing state writes nothing, so that it works while
 * another connection (an admin's sqlite3) holds the write lock. */
static int
open_db(struct state *state, const char *path)
{
	int app;

	pthread_once(&sqlite_configured, configure_sqlite);
	if (sqlite3_open_v2(path, &state->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOFOLLOW, NULL) != SQLITE_OK)
		return -1;
	sqlite3_busy_timeout(state->db, BUSY_TIMEOUT_MS);
	sqlite3_wal_hook(state->db, note_wal_pages, state);
	if ((app = pragma_int(state->db, "PRAGMA application_id")) < 0)
		return -1;
	state->foreign = (app != 0 && app != APPLICATION_ID) ||
	    pragma_int(state->db, "SELECT count(*) FROM sqlite_master WHERE "
	    "name != 'articles'") != 0;
	if (state->foreign)
		return -1;
	if (sqlite3_exec(state->db, "PRAGMA journal_mode = WAL; "
	    "PRAGMA synchronous = FULL; " CACHE_PRAGMA SCHEMA, NULL, NULL, NULL) !=
	    SQLITE_OK || (app == 0 && sqlite3_exec(state->db,
	    "PRAGMA application_id = " DECIMAL(APPLICATION_ID), NULL, NULL,
	    NULL) != SQLITE_OK))
		return -1;
	if (sqlite3_prepare_v2(state->db, "INSERT OR REPLACE INTO articles "
	    "(path, id, first_seen, published) VALUES (?1, ?2, ?3, ?4)", -1,
	    &state->upsert, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(state->db, "DELETE FROM articles WHERE path = "
	    "?1", -1, &state->delete, NULL) != SQLITE_OK)
		return -1;
	return load_rows(state);
}

/* Only a file that is no state is moved aside: a state that is busy or
 * cannot be read now is left for the next start. */
static bool
is_corrupt(const struct state *state)
{
	int code = state->db != NULL ? sqlite3_errcode(state->db) :
	    SQLITE_NOMEM;

	return state->foreign || code == SQLITE_CORRUPT ||
	    code == SQLITE_NOTADB;
}

/* ---- opening ---- */

/* An old text state at the database's own path (state_file set by hand):
 * the database is made next to it and renamed over it once complete, so
 * that the path always holds one whole state. */
static int
convert_in_place(struct state *state, struct buffer *text)
{
	char *temp = xasprintf("%s.new", state->path);
	int lines, rc = -1;

	state_file_remove(temp);
	lines = state_legacy_parse(state, state->path, text);
	if (lines >= 0 && state_file_check(temp, text->data, 0) == 0 &&
	    open_db(state, temp) == 0 && state_commit(state) == 0) {
		close_db(state);
		if (rename(temp, state->path) == 0)
			rc = 0;
	}
	close_db(state);
	if (rc == 0)
		log_notice("%s: %d record%s of the old text state imported; "
		    "the file is an SQLite database now", state->path, lines,
		    lines == 1 ? "" : "s");
	free(temp);
	clear_records(state);
	return rc;
}

static bool
open_state(struct state *state)
{
	char head[32];
	ssize_t n = state_file_check(state->path, head, sizeof(head));
	struct buffer text = BUFFER_INIT;

	if (n < 0)
		return false;
	if ((size_t)n >= strlen(STATE_LEGACY_MAGIC) && memcmp(head,
	    STATE_LEGACY_MAGIC, strlen(STATE_LEGACY_MAGIC)) == 0 &&
	    state_legacy_read(state->path, &text) == 0) {
		if (convert_in_place(state, &text) != 0) {
			log_warning("%s: the old state file cannot be "
			    "converted: starting afresh (ids are derived again "
			    "from file names)", state->path);
			state_file_move_aside(state->path);
		}
		buffer_free(&text);
		if (state_file_check(state->path, head, sizeof(head)) < 0)
			return false;
	} else if (n > 0 && ((size_t)n < sizeof(SQLITE_MAGIC) ||
	    memcmp(head, SQLITE_MAGIC, sizeof(SQLITE_MAGIC)) != 0)) {
		log_warning("%s: not a feedd state file: moved to %s.corrupt; "
		    "starting afresh (ids are derived again from file names)",
		    state->path, state->path);
		state_file_move_aside(state->path);
		if (state_file_check(state->path, head, sizeof(head)) < 0)
			return false;
	}
	if (open_db(state, state->path) == 0)
		return true;
	if (!is_corrupt(state)) {
		db_fail(state, "cannot open the state database (left as it "
		    "is)");
		return false;
	}
	log_warning("%s: corrupt state database (%s): moved to %s.corrupt; "
	    "starting afresh (ids are derived again from file names)",
	    state->path, state->foreign ? "another program's tables" :
	    sqlite3_errmsg(state->db), state->path);
	close_db(state);
	clear_records(state);
	state_file_move_aside(state->path);
	if (state_file_check(state->path, head, sizeof(head)) < 0)
		return false;
	if (open_db(state, state->path) == 0)
		return true;
	db_fail(state, "cannot make the state database");
	return false;
}

const char *
state_file_name(const struct state *state)
{
	return state->path;
}

struct state *
state_load(const char *path)
{
	struct state *state = xcalloc(1, sizeof(*state));

	state->path = xstrdup(path);
	state->by_path = strmap_new();
	pthread_mutex_init(&state->commit_lock, NULL);
	pthread_cond_init(&state->commit_signal, NULL);
	if (!open_state(state)) {
		state_free(state);
		return NULL;
	}
	if (strmap_count(state->by_path) == 0)
		log_info("%s: no records yet", path);
	else
		log_info("%s: %zu record%s", path, strmap_count(state->by_path),
		    strmap_count(state->by_path) == 1 ? "" : "s");
	return state;
}

void
state_free(struct state *state)
{
	if (state == NULL)
		return;
	state_commit_finish(state);
	settle(state);
	clear_records(state);
	strmap_free(state->by_path);
	free(state->changed);
	close_db(state);
	pthread_mutex_destroy(&state->commit_lock);
	pthread_cond_destroy(&state->commit_signal);
	free(state->path);
	free(state);
}
