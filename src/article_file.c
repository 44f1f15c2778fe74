/* SPDX-License-Identifier: MIT */
/* article_file: one read per file in the common case: the size fstat
 * gives, plus one byte to see the end (or growth) in the same call. */
#include "autoconfig.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "article_file.h"

/* What one read asks for once the file is past the size fstat gave. */
#define READ_STEP 65536

/* Reads straight into out, and stops at the first short read: for a
 * regular file that is the end. */
int
article_file_read(int dirfd, const char *path, const struct config *config,
    struct buffer *out, struct stat *st, char *err, size_t errlen)
{
	size_t limit = config->max_article_size, want;
	ssize_t n;
	int fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC | O_NONBLOCK |
	    (config->follow_symlinks ? 0 : O_NOFOLLOW));

	if (fd < 0) {
		snprintf(err, errlen, "cannot open: %s", strerror(errno));
		return -1;
	}
	if (fstat(fd, st) != 0 || !S_ISREG(st->st_mode)) {
		snprintf(err, errlen, "not a regular file");
		close(fd);
		return -1;
	}
	if ((size_t)st->st_size > limit) {
		snprintf(err, errlen, "%jd bytes is over max_article_size "
		    "(%zu): raise it in feedd.conf to include this file",
		    (intmax_t)st->st_size, limit);
		close(fd);
		return -1;
	}
	for (;;) {
		/* One byte past the size fstat gave, to see the end (or
		 * growth) in the same read; never more than the limit + 1. */
		size_t expected = (size_t)st->st_size + 1;
		want = out->len < expected ? expected - out->len : READ_STEP;
		if (want > limit + 1 - out->len)
			want = limit + 1 - out->len;
		n = read(fd, buffer_space(out, want), want);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			snprintf(err, errlen, "cannot read: %s", strerror(errno));
			close(fd);
			return -1;
		}
		buffer_commit(out, (size_t)n);
		if (out->len > limit) {
			snprintf(err, errlen, "grew past max_article_size "
			    "(%zu) while being read", limit);
			close(fd);
			return -1;
		}
		if ((size_t)n < want)
			break;
	}
	close(fd);
	return 0;
}
