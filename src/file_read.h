/* SPDX-License-Identifier: MIT */
/* file_read: the one loop that reads a whole file into memory, for every
 * caller that opens one itself (the config, the old text state, an
 * article). Thread-safe: it touches nothing but its arguments and logs
 * nothing. */
#ifndef FEEDD_FILE_READ_H
#define FEEDD_FILE_READ_H

#include <stddef.h>

#include "buffer.h"

/* Appends the rest of the regular file open at fd to out. expected is the
 * size fstat(2) gave (0: unknown): the first read asks for one byte more,
 * so that a file that has not changed is read, end included, in one call;
 * a short read is the end (fd must be a regular file, not a pipe). EINTR
 * is retried. Returns 0, or -1 with errno set: EFBIG when the file holds
 * more than limit bytes (out then has limit + 1 of them), else read(2)'s
 * error. */
int file_read_all(int fd, size_t expected, size_t limit, struct buffer *out);

#endif
