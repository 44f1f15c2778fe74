/* SPDX-License-Identifier: MIT */
/* article_file: opening beneath the articles folder (openat2 where the
 * kernel has it, else a walk one component at a time), and one read per
 * file in the common case: the size fstat gives, plus one byte to see the
 * end (or growth) in the same call. */
#include "autoconfig.h"

#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#if defined(__has_include)
#if __has_include(<linux/openat2.h>)
#include <linux/openat2.h>
#define HAVE_OPENAT2_H 1
#endif
#endif

#include "article_file.h"
#include "file_read.h"
#include "xalloc.h"

#define OPENAT2_TRIES 8

/* Set once openat2 said ENOSYS: the kernel is older than 5.6. */
static atomic_bool no_openat2;

/* Returns -2 when the kernel cannot do it. */
static int
open_by_openat2(int rootfd, const char *path, int flags)
{
#if defined(HAVE_OPENAT2_H) && defined(SYS_openat2)
	struct open_how how;
	long fd;
	int tries = 0;

	if (atomic_load_explicit(&no_openat2, memory_order_relaxed))
		return -2;
	memset(&how, 0, sizeof(how));
	how.flags = (uint64_t)(flags | O_CLOEXEC | O_NOFOLLOW);
	how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS |
	    RESOLVE_NO_MAGICLINKS;
	/* EAGAIN: a rename raced the lookup; a few more tries, not for
	 * ever. */
	do
		fd = syscall(SYS_openat2, rootfd, path, &how, sizeof(how));
	while (fd < 0 && (errno == EINTR || (errno == EAGAIN &&
	    ++tries < OPENAT2_TRIES)));
	if (fd >= 0 || errno != ENOSYS)
		return (int)fd;
	atomic_store_explicit(&no_openat2, true, memory_order_relaxed);
#else
	(void)rootfd;
	(void)path;
	(void)flags;
#endif
	return -2;
}

static bool
is_link(int dirfd, const char *name)
{
	struct stat st;

	return fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	    S_ISLNK(st.st_mode);
}

/* Without openat2: each folder on the way opened by itself, refusing a
 * link (O_NOFOLLOW | O_DIRECTORY fails on one), then the last component
 * with O_NOFOLLOW. */
static int
open_by_components(int rootfd, const char *path, int flags)
{
	char *copy = xstrdup(path), *name = copy, *slash;
	int dirfd = rootfd, fd, saved;

	while ((slash = strchr(name, '/')) != NULL) {
		*slash = '\0';
		if (strcmp(name, "..") == 0) {
			fd = -1;
			errno = EXDEV;
		} else
			fd = openat(dirfd, name, O_PATH | O_DIRECTORY |
			    O_NOFOLLOW | O_CLOEXEC);
		saved = errno;
		if (fd < 0 && saved == ENOTDIR && is_link(dirfd, name))
			saved = ELOOP;
		if (dirfd != rootfd)
			close(dirfd);
		if (fd < 0) {
			free(copy);
			errno = saved;
			return -1;
		}
		dirfd = fd;
		name = slash + 1;
	}
	if (strcmp(name, "..") == 0) {
		fd = -1;
		errno = EXDEV;
	} else
		fd = openat(dirfd, name, flags | O_CLOEXEC | O_NOFOLLOW);
	saved = errno;
	if (dirfd != rootfd)
		close(dirfd);
	free(copy);
	errno = saved;
	return fd;
}

int
article_file_open(int rootfd, const char *path, int flags,
    bool follow_symlinks)
{
	int fd;

	if (follow_symlinks)
		return openat(rootfd, path, flags | O_CLOEXEC);
	if (path[0] == '/') {
		errno = EXDEV;
		return -1;
	}
	fd = open_by_openat2(rootfd, path, flags);
	return fd != -2 ? fd : open_by_components(rootfd, path, flags);
}

int
article_file_stat(int rootfd, const char *path, bool follow_symlinks,
    struct stat *st)
{
	const char *slash = strrchr(path, '/');
	char *folder;
	int dirfd, rc, saved;

	if (slash == NULL)
		return fstatat(rootfd, path, st, follow_symlinks ? 0 :
		    AT_SYMLINK_NOFOLLOW);
	folder = xstrndup(path, (size_t)(slash - path));
	dirfd = article_file_open(rootfd, folder, O_PATH | O_DIRECTORY,
	    follow_symlinks);
	free(folder);
	if (dirfd < 0)
		return -1;
	rc = fstatat(dirfd, slash + 1, st, follow_symlinks ? 0 :
	    AT_SYMLINK_NOFOLLOW);
	saved = errno;
	close(dirfd);
	errno = saved;
	return rc;
}

/* Reads straight into out, the size fstat gave plus one byte in one call
 * in the common case (file_read_all). */
int
article_file_read(int rootfd, const char *path, const struct config *config,
    struct buffer *out, struct stat *st, char *err, size_t errlen)
{
	size_t limit = config->max_article_size;
	int fd = article_file_open(rootfd, path, O_RDONLY | O_NONBLOCK,
	    config->follow_symlinks);

	if (fd < 0 && (errno == ELOOP || errno == EXDEV)) {
		snprintf(err, errlen, "cannot open: a symbolic link on the "
		    "way (see follow_symlinks)");
		return -1;
	}
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
	if (file_read_all(fd, (size_t)st->st_size, limit, out) != 0) {
		if (errno == EFBIG)
			snprintf(err, errlen, "grew past max_article_size "
			    "(%zu) while being read", limit);
		else
			snprintf(err, errlen, "cannot read: %s",
			    strerror(errno));
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}
