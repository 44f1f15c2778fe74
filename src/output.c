/* SPDX-License-Identifier: MIT */
/* output: writes feeds so that web servers and readers only ever see a
 * whole file, and see a new mtime only when the bytes changed. */
#include "autoconfig.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "output.h"

int
output_open_dir(const char *path, char *err, size_t errlen)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0 && errno == ENOENT && mkdir(path, 0755) == 0)
		fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		snprintf(err, errlen, "%s: cannot open the folder: %s", path,
		    strerror(errno));
	return fd;
}

/* Compares the current file with the new bytes without reading it all
 * into memory. */
static bool
holds_same_bytes(int dirfd, const char *name, const char *bytes, size_t len)
{
	char chunk[65536];
	struct stat st;
	size_t done = 0;
	ssize_t n;
	bool same = false;
	int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC |
	    O_NONBLOCK);

	if (fd < 0)
		return false;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    (size_t)st.st_size != len || (st.st_mode & 07777) != 0644)
		goto out;
	while (done < len) {
		n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0 || memcmp(chunk, bytes + done, (size_t)n) != 0)
			goto out;
		done += (size_t)n;
	}
	same = read(fd, chunk, 1) == 0;
out:
	close(fd);
	return same;
}

static int
write_all(int fd, const char *bytes, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = write(fd, bytes, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		bytes += n;
		len -= (size_t)n;
	}
	return 0;
}

/* ".NAME.XXXXXX": hidden, so nothing serves or indexes a half-written feed. */
static int
create_temp(int dirfd, const char *name, char *temp, size_t size)
{
	static unsigned long counter;
	struct timespec ts;
	int attempt, fd;

	for (attempt = 0; attempt < 100; attempt++) {
		clock_gettime(CLOCK_MONOTONIC, &ts);
		snprintf(temp, size, ".%s.%06lx", name, ((unsigned long)ts.tv_nsec ^
		    ((unsigned long)getpid() << 8) ^ ++counter) & 0xFFFFFF);
		fd = openat(dirfd, temp, O_WRONLY | O_CREAT | O_EXCL |
		    O_NOFOLLOW | O_CLOEXEC, 0644);
		if (fd >= 0 || errno != EEXIST)
			return fd;
	}
	return -1;
}

enum output_result
output_replace(int dirfd, const char *name, const char *bytes, size_t len,
    char *err, size_t errlen)
{
	char temp[300];
	const char *step;
	int fd, saved;

	if (name[0] == '\0' || strcmp(name, ".") == 0 ||
	    strcmp(name, "..") == 0 || strchr(name, '/') != NULL ||
	    strlen(name) > 200) {
		snprintf(err, errlen, "%s: refused: not a plain file name", name);
		return OUTPUT_FAILED;
	}
	if (holds_same_bytes(dirfd, name, bytes, len))
		return OUTPUT_UNCHANGED;
	fd = create_temp(dirfd, name, temp, sizeof(temp));
	if (fd < 0) {
		snprintf(err, errlen, "%s: cannot create a temporary file: %s",
		    name, strerror(errno));
		return OUTPUT_FAILED;
	}
	/* The umask must not make a feed unreadable to the web server. */
	step = "set its mode";
	if (fchmod(fd, 0644) != 0)
		goto fail;
	step = "write";
	if (write_all(fd, bytes, len) != 0)
		goto fail;
	step = "fsync";
	if (fsync(fd) != 0)
		goto fail;
	step = "close";
	if (close(fd) != 0) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	step = "rename";
	if (renameat(dirfd, temp, dirfd, name) != 0)
		goto fail;
	/* Makes the rename itself durable. */
	(void)fsync(dirfd);
	return OUTPUT_WRITTEN;
fail:
	saved = errno;
	if (fd >= 0)
		close(fd);
	unlinkat(dirfd, temp, 0);
	snprintf(err, errlen, "%s: cannot %s: %s; the previous file is "
	    "unchanged", name, step, strerror(saved));
	return OUTPUT_FAILED;
}
