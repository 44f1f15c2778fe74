/* SPDX-License-Identifier: MIT */
/* output: atomic, change-only replacement of files in the output folder. */
#ifndef FEEDD_OUTPUT_H
#define FEEDD_OUTPUT_H

#include <stddef.h>

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

#endif
