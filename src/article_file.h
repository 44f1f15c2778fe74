/* SPDX-License-Identifier: MIT */
/* article_file: reads one article file as a hostile input: never through
 * a link unless follow_symlinks, only regular files, never more than
 * max_article_size bytes. Thread-safe: it touches nothing but its
 * arguments and logs nothing, so the scan runs it on worker threads. */
#ifndef FEEDD_ARTICLE_FILE_H
#define FEEDD_ARTICLE_FILE_H

#include <stddef.h>
#include <sys/stat.h>

#include "buffer.h"
#include "config.h"

/* Room for the reason article_file_read gives. */
#define ARTICLE_FILE_ERROR_SIZE 300

/* Reads the whole file at path (relative to dirfd) into out; st receives
 * what the open file is. Returns 0, or -1 with the reason in err. */
int article_file_read(int dirfd, const char *path, const struct config *config,
    struct buffer *out, struct stat *st, char *err, size_t errlen);

#endif
