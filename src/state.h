/* SPDX-License-Identifier: MIT */
/* state: what must survive restarts — for each article path, the id it was
 * published under and when feedd first saw it. */
#ifndef FEEDD_STATE_H
#define FEEDD_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

struct state_record {
	char *path;		/* relative to the articles folder */
	char *id;
	time_t first_seen;
	bool seen;		/* by the scan in progress; not saved */
};

struct state;

/* Reads the state file. A missing file gives an empty state; a corrupt one
 * is reported (logged) and an empty state is returned, never NULL. */
struct state *state_load(const char *path);

/* Borrowed; valid until the record is forgotten or the state freed. */
struct state_record *state_get(struct state *state, const char *path);
struct state_record *state_add(struct state *state, const char *path,
    const char *id, time_t first_seen);
void state_forget(struct state *state, const char *path);

/* Forgets every record for which keep returns false: after a full scan,
 * the articles deleted while feedd was not running. */
void state_retain(struct state *state,
    bool (*keep)(const char *path, void *context), void *context);

/* Writes the file atomically when anything changed since the last save.
 * Returns 0, or -1 (logged). */
int state_save(struct state *state);

/* Has anything changed since the last save? */
bool state_dirty(const struct state *state);

void state_free(struct state *state);

#endif
