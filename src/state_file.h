/* SPDX-License-Identifier: MIT */
/* state_file: the state database's file as a file, for state.c: checks
 * that never block, its folders made, and a database (with its -wal and
 * -shm files) removed or moved aside. Knows nothing of SQLite. Main
 * thread only: it logs. */
#ifndef FEEDD_STATE_FILE_H
#define FEEDD_STATE_FILE_H

#include <stddef.h>
#include <sys/types.h>

/* Checks, without ever blocking, that path is a regular file (creating it
 * with mode 0600, and its missing folders with mode 0700), and reads its
 * first size bytes into head. Returns their count, or -1 (logged, with
 * what to do: a link, a FIFO, a folder are refused). */
ssize_t state_file_check(const char *path, char *head, size_t size);

/* Removes the database at path with its WAL and shared-memory files. */
void state_file_remove(const char *path);

/* Renames path to PATH.corrupt, so that it can be looked at, and removes
 * what is left of the database there. */
void state_file_move_aside(const char *path);

#endif
