/* SPDX-License-Identifier: MIT */
/* output: atomic, change-only replacement of files in a folder; the one
 * way feedd writes a file that others read (feeds, pages, the state).
 * Nothing here logs or keeps state between calls: every function may be
 * called from any thread, on different files of one folder at once. */
#ifndef FEEDD_OUTPUT_H
#define FEEDD_OUTPUT_H

#include <stddef.h>
#include <sys/uio.h>

/* The longest file name output_replace accepts. */
#define OUTPUT_NAME_MAX 200

/* Opens the output folder, creating it (not its parents) when missing.
 * Returns a descriptor, or -1 with the reason in err. */
int output_open_dir(const char *path, char *err, size_t errlen);

enum output_result {
	OUTPUT_FAILED = -1,
	OUTPUT_UNCHANGED = 0,	/* the file already held these bytes */
	OUTPUT_WRITTEN = 1,
};

/* Replaces NAME in the folder dirfd with the pieces' bytes, in order (see
 * writev), unless it holds them already with mode 0644: the bytes go to a
 * temporary file ".NAME.XXXXXX" in the same folder, mode 0600 until it
 * is complete, then 0644, fsync, rename over NAME, fsync of the folder.
 * name must be a plain file name (no '/', not . or .., at most
 * OUTPUT_NAME_MAX bytes). A symbolic link at NAME is replaced, never
 * followed. On failure err says why; the old file is left as it was and
 * no temporary file remains, unless the process dies on the way: see
 * output_remove_stale. */
enum output_result output_replacev(int dirfd, const char *name,
    const struct iovec *pieces, size_t count, char *err, size_t errlen);

/* output_replacev for bytes in one piece. */
enum output_result output_replace(int dirfd, const char *name,
    const char *bytes, size_t len, char *err, size_t errlen);

/* A layer on output_replacev, for a build that changes several files of
 * one folder. 64 files at a time: each changed one is written to its
 * temporary file (on up to 16 threads at once), then all are synced at
 * once, so that their syncs wait for the disk together instead of one
 * after the other; then they are renamed in the order given, and the
 * folder is synced once. Readers see the new files within one series of
 * renames. Holds at most 128 descriptors at once. Returns when every
 * file is done; results and messages are in files. */
struct output_file {
	const char *name;		/* set by the caller */
	const struct iovec *pieces;
	size_t count;
	enum output_result result;	/* set by output_replace_all */
	char err[512];			/* when result is OUTPUT_FAILED */
};

void output_replace_all(int dirfd, struct output_file *files, size_t count);

/* Removes the temporary files a killed feedd left in the folder dirfd:
 * regular files named as output_replacev names them (a dot, a name, a
 * dot, six lowercase hex digits), nothing else, never through a link.
 * Call it before any replacement in the folder has started: it cannot
 * tell a stale file from one being written. Sets *removed to their
 * number; returns 0, or -1 with the first reason in err. */
int output_remove_stale(int dirfd, size_t *removed, char *err,
    size_t errlen);

#endif
