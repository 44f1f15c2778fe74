/* SPDX-License-Identifier: MIT */
/* state: what must survive restarts -- for each article path, the id it was
 * published under, when feedd first saw it and the date a feed published
 * it with. Kept in memory for lookups and in an SQLite database (WAL) on
 * disk; state_commit writes what changed since the last commit, in one
 * transaction. The only module that sees sqlite3.h. Not thread-safe: the
 * event loop's thread only (a commit may run on a thread of the state's
 * own: see state_commit_start). */
#ifndef FEEDD_STATE_H
#define FEEDD_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <time.h>

struct state_record {
	char *path;		/* relative to the articles folder */
	char *id;
	time_t first_seen;	/* signed: files dated before 1970 keep it */
	/* The date a feed first carried the item with, fixed for good
	 * once set (state_set_published); meaningless unless has_published. */
	time_t published;
	bool has_published;
};

struct state;

/* Opens the database at path, creating it (mode 0600, missing folders
 * 0700) or importing an old text state file found there, and reads every
 * record into memory. A file that is no state (corrupt, not SQLite,
 * another program's) is reported, moved aside (PATH.corrupt) and started
 * afresh. Returns NULL (logged) when path is not a regular file (a FIFO,
 * a device, a folder, a symbolic link: never opened for reading), or the
 * database cannot be opened (busy, unreadable: left as it is) or made. */
struct state *state_load(const char *path);

/* The path the state was loaded from. */
const char *state_file_name(const struct state *state);

/* Borrowed; valid until the record is forgotten or the state freed. */
struct state_record *state_get(struct state *state, const char *path);
struct state_record *state_add(struct state *state, const char *path,
    const char *id, time_t first_seen);
void state_forget(struct state *state, const char *path);
/* Records the date a feed published the item with; a record that has one
 * keeps it. */
void state_set_published(struct state *state, struct state_record *record,
    time_t published);

/* Forgets every record for which keep returns false: after a full scan,
 * the articles deleted while feedd was not running. */
void state_retain(struct state *state,
    bool (*keep)(const char *path, void *context), void *context);

/* Writes the records changed since the last commit in one durable
 * transaction: call it before any feed carrying them is renamed into
 * place. Costs O(changed). Returns 0, or -1 (logged; the changes stay
 * pending for the next call). */
int state_commit(struct state *state);

/* The same in two halves, so that the transaction runs on a thread of its
 * own while the caller does other work (a build serialising its feeds):
 * between them, the caller must not touch the state at all, but for
 * state_commit_finish, which waits for the transaction and returns what
 * state_commit would. */
void state_commit_start(struct state *state);
int state_commit_finish(struct state *state);

/* Prints the database at path, one article a line, sorted by path:
 * "path TAB id TAB first-seen TAB published" (RFC 3339 times, "-" for no
 * published date; tab, newline and backslash escaped as \t \n \\). Opens
 * it read-only. Returns 0, or -1 (logged). */
int state_dump(const char *path, FILE *out);

void state_free(struct state *state);

#endif
