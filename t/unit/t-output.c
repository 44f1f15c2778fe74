/* SPDX-License-Identifier: MIT */
/* Unit tests for output.c: atomic, change-only, link-safe replacement. */
#include "autoconfig.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "output.h"
#include "tap.h"

static int
count_hidden(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	int n = 0;

	if (d == NULL)
		return -1;
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] == '.' && strcmp(e->d_name, ".") != 0 &&
		    strcmp(e->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

int
main(void)
{
	char dir[] = "/tmp/feedd-t-output.XXXXXX", path[256], outside[256];
	char err[512], bytes[64];
	struct stat before, after;
	int dirfd, fd;
	FILE *f;

	if (mkdtemp(dir) == NULL) {
		printf("1..0 # SKIP cannot make a temporary folder\n");
		return 0;
	}
	umask(077);
	dirfd = output_open_dir(dir, err, sizeof(err));
	ok(dirfd >= 0, "open the output folder");
	snprintf(path, sizeof(path), "%s/a.rss", dir);

	is_int(output_replace(dirfd, "a.rss", "one", 3, err, sizeof(err)),
	    OUTPUT_WRITTEN, "a new file is written");
	ok(stat(path, &before) == 0 && (before.st_mode & 0777) == 0644,
	    "mode 0644 whatever the umask");
	is_int(output_replace(dirfd, "a.rss", "one", 3, err, sizeof(err)),
	    OUTPUT_UNCHANGED, "same bytes: nothing written");
	ok(stat(path, &after) == 0 && after.st_ino == before.st_ino &&
	    after.st_mtim.tv_nsec == before.st_mtim.tv_nsec &&
	    after.st_mtim.tv_sec == before.st_mtim.tv_sec,
	    "same inode and mtime");
	is_int(output_replace(dirfd, "a.rss", "two!", 4, err, sizeof(err)),
	    OUTPUT_WRITTEN, "new bytes: written");
	f = fopen(path, "r");
	ok(f != NULL && fgets(bytes, sizeof(bytes), f) != NULL &&
	    strcmp(bytes, "two!") == 0, "file holds the new bytes");
	if (f != NULL)
		fclose(f);
	ok(stat(path, &after) == 0 && after.st_ino != before.st_ino,
	    "replaced by rename (new inode)");
	is_int(count_hidden(dir), 0, "no temporary file left");

	is_int(output_replace(dirfd, "../x", "x", 1, err, sizeof(err)),
	    OUTPUT_FAILED, "a name with '/' is refused");
	is_int(output_replace(dirfd, "..", "x", 1, err, sizeof(err)),
	    OUTPUT_FAILED, "'..' is refused");

	snprintf(outside, sizeof(outside), "%s.outside", dir);
	fd = open(outside, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	ok(fd >= 0 && write(fd, "keep", 4) == 4, "a file outside the folder");
	if (fd >= 0)
		close(fd);
	snprintf(path, sizeof(path), "%s/link.atom", dir);
	ok(symlink(outside, path) == 0, "a symlink in the folder points out");
	is_int(output_replace(dirfd, "link.atom", "feed", 4, err, sizeof(err)),
	    OUTPUT_WRITTEN, "writing over the symlink");
	ok(lstat(path, &after) == 0 && S_ISREG(after.st_mode),
	    "the symlink became a regular file");
	ok(stat(outside, &after) == 0 && after.st_size == 4,
	    "the file outside is untouched");
	unlink(outside);
	unlink(path);

	snprintf(path, sizeof(path), "%s/a.rss", dir);
	unlink(path);
	rmdir(dir);
	is_int(output_replace(dirfd, "a.rss", "x", 1, err, sizeof(err)),
	    OUTPUT_FAILED, "a vanished folder fails cleanly");
	ok(strstr(err, "a.rss") != NULL, "the message names the file");
	close(dirfd);
	return tap_done();
}
