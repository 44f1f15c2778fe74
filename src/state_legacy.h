/* SPDX-License-Identifier: MIT */
/* state_legacy: imports the text state file of earlier versions. Used by
 * the state modules only. */
#ifndef FEEDD_STATE_LEGACY_H
#define FEEDD_STATE_LEGACY_H

#include "buffer.h"
#include "state.h"

#define STATE_LEGACY_MAGIC "feedd-state 1\n"

/* Reads a whole file if it is a regular one, never blocking on a FIFO.
 * Returns 0, or -1 with errno set. */
int state_legacy_read(const char *path, struct buffer *out);

/* Adds the records of the old text state in text that the state lacks
 * (name is for messages). Returns the number of records read, or -1 when
 * text is not an old state or is corrupt (logged). */
int state_legacy_parse(struct state *state, const char *name,
    const struct buffer *text);

/* Imports, once, the records of an old text state file at old_path that
 * the state lacks, commits them and removes the old file. Nothing happens
 * when there is no such file. Returns 0, or -1 (logged). */
int state_import_legacy(struct state *state, const char *old_path);

#endif
