/* SPDX-License-Identifier: MIT */
/* state_file: the state's file as a file, before and apart from SQLite:
 * what it is, its folders, and moving a bad one out of the way. */
#include "autoconfig.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "state_file.h"
#include "xalloc.h"

/* Makes the folders leading to path that are missing, mode 0700. */
static void
make_parents(const char *path)
{
	char *copy = xstrdup(path), *p;

	for (p = copy + 1; (p = strchr(p, '/')) != NULL; p++) {
		*p = '\0';
		if (mkdir(copy, 0700) != 0 && errno != EEXIST)
			break;
		*p = '/';
	}
	free(copy);
}

static const char *
file_kind(mode_t mode)
{
	return S_ISFIFO(mode) ? "a FIFO" : S_ISDIR(mode) ? "a folder" :
	    S_ISCHR(mode) || S_ISBLK(mode) ? "a device" :
	    S_ISSOCK(mode) ? "a socket" : "not a regular file";
}

ssize_t
state_file_check(const char *path, char *head, size_t size)
{
	struct stat st;
	ssize_t n;
	int fd;

	make_parents(path);
	fd = open(path, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT)
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
		    O_CLOEXEC, 0600);
	if (fd < 0 && errno == ELOOP) {
		log_error("%s: the state file is a symbolic link: set "
		    "state_file to the file it points to", path);
		return -1;
	}
	if (fd < 0) {
		log_error_errno("%s: cannot open the state file", path);
		return -1;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		log_error("%s: the state file is %s: move it away, or set "
		    "state_file to a regular file", path, file_kind(st.st_mode));
		close(fd);
		return -1;
	}
	n = pread(fd, head, size, 0);
	close(fd);
	return n < 0 ? 0 : n;
}

void
state_file_remove(const char *path)
{
	char *wal = xasprintf("%s-wal", path), *shm = xasprintf("%s-shm", path);

	unlink(path);
	unlink(wal);
	unlink(shm);
	free(wal);
	free(shm);
}

void
state_file_move_aside(const char *path)
{
	char *aside = xasprintf("%s.corrupt", path);

	rename(path, aside);
	state_file_remove(path);
	free(aside);
}
