/* SPDX-License-Identifier: MIT */
/* article_file: opens and reads article files as hostile input: only
 * beneath the articles folder, never through a link unless
 * follow_symlinks, only regular files, never more than max_article_size
 * bytes. Thread-safe: it touches nothing but its arguments and logs
 * nothing, so the scan runs it on worker threads.
 *
 * article_file_open is the one way to open anything under the articles
 * folder: every article read (the walk's and the build's) and every
 * folder walked goes through it, so that what is opened is what the path
 * names beneath the folder now, whatever was swapped in since the path
 * was queued.
 *
 * follow_symlinks = no: no link anywhere on the way, the last component
 * or any folder before it (openat2 with RESOLVE_BENEATH |
 * RESOLVE_NO_SYMLINKS; on kernels without openat2, one openat with
 * O_NOFOLLOW per component). A path with "..", or absolute, is refused.
 *
 * follow_symlinks = yes: links are followed wherever they lead, as the
 * walk follows them (that is what the key is for: folders kept elsewhere
 * and linked in). Resolving beneath the articles folder would refuse
 * exactly those, and a list of the links the walk accepted would not
 * stop anyone who can make a link there either: the next walk accepts
 * the new link as it accepted the others. Whoever turns it on trusts the
 * writers of the folder with everything feedd can read, and
 * feedd.conf(5) says so. */
#ifndef FEEDD_ARTICLE_FILE_H
#define FEEDD_ARTICLE_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

#include "buffer.h"
#include "config.h"

/* Room for the reason article_file_read gives. */
#define ARTICLE_FILE_ERROR_SIZE 300

/* Opens path, relative to rootfd (the articles folder), as the rules above
 * say, with flags (O_CLOEXEC added; O_NOFOLLOW too unless following).
 * Returns the descriptor, or -1 with errno set (ELOOP: a link on the way,
 * EXDEV: outside the folder). */
int article_file_open(int rootfd, const char *path, int flags,
    bool follow_symlinks);

/* fstatat of path beneath rootfd: its folder is opened by
 * article_file_open, the last component not followed unless following. */
int article_file_stat(int rootfd, const char *path, bool follow_symlinks,
    struct stat *st);

/* Reads the whole file at path (relative to rootfd, opened by
 * article_file_open) into out; st receives what the open file is.
 * Returns 0, or -1 with the reason in err. */
int article_file_read(int rootfd, const char *path,
    const struct config *config, struct buffer *out, struct stat *st,
    char *err, size_t errlen);

#endif
