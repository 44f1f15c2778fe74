/* SPDX-License-Identifier: MIT */
/* output: atomic, change-only replacement of files in the output folder. */
#ifndef FEEDD_OUTPUT_H
#define FEEDD_OUTPUT_H

#include <stddef.h>
#include <sys/uio.h>

/* Opens the output folder, creating it (not its parents) when missing.
 * Returns a descriptor, or -1 with the reason in err. */
int output_open_dir(const char *path, char *err, size_t errlen);

enum output_result {
	OUTPUT_FAILED = -1,
	OUTPUT_UNCHANGED = 0,	/* the file already held these bytes */
	OUTPUT_WRITTEN = 1,
};

/* Replaces NAME in the folder dirfd with bytes, unless it holds them
 * already: a temporary file in the same folder, mode 0644, fsync, rename.
 * name must be a plain file name (no '/', not . or ..). A symbolic link at NAME is
 * replaced, never followed. On failure the old file is left as it was and
 * no temporary file remains. */
enum output_result output_replace(int dirfd, const char *name,
    const char *bytes, size_t len, char *err, size_t errlen);

/* Several files replaced together: each is staged (compared, written to
 * a temporary file) by output_batch_add, then output_batch_commit syncs
 * and renames them all, and syncs the folder once (a batch holding many
 * files commits the ones staged so far by itself). The same guarantees as
 * output_replace, for each file; the files replaced are released when the
 * batch is freed. */
struct output_batch;

struct output_batch *output_batch_new(int dirfd);
/* The file's bytes are the pieces, in order (see writev). Returns the
 * file's index in the batch, for output_batch_result. */
size_t output_batch_add(struct output_batch *batch, const char *name,
    const struct iovec *pieces, size_t count);
void output_batch_commit(struct output_batch *batch);
/* After the commit: what became of a file; err is borrowed from the
 * batch (set when the result is OUTPUT_FAILED). */
enum output_result output_batch_result(const struct output_batch *batch,
    size_t index, const char **err);
/* Removes the temporary files of anything not committed. */
void output_batch_free(struct output_batch *batch);

#endif
