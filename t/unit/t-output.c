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

static int
count_open_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0;

	if (d == NULL)
		return -1;
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n - 1;		/* not opendir's own */
}

/* 200 files replaced in one batch: more than it keeps open at once, so it
 * must commit by itself on the way, and hold (then release) only some of
 * the old files. */
static void
test_big_batch(int dirfd, const char *dir)
{
	struct output_batch *b;
	char name[32], bytes[32], path[300], back[32];
	int fds_before = count_open_fds(), most = 0, i, n, right = 0, written = 0;
	const char *err;
	FILE *f;

	for (i = 0; i < 200; i++) {
		snprintf(name, sizeof(name), "f%03d.atom", i);
		snprintf(bytes, sizeof(bytes), "old %d", i);
		output_replace(dirfd, name, bytes, strlen(bytes), path,
		    sizeof(path));
	}
	b = output_batch_new(dirfd);
	for (i = 0; i < 200; i++) {
		snprintf(name, sizeof(name), "f%03d.atom", i);
		snprintf(bytes, sizeof(bytes), "new %d", i);
		output_batch_add(b, name, bytes, strlen(bytes));
		n = count_open_fds() - fds_before;
		most = n > most ? n : most;
	}
	output_batch_commit(b);
	for (i = 0; i < 200; i++)
		written += output_batch_result(b, (size_t)i, &err) ==
		    OUTPUT_WRITTEN;
	output_batch_free(b);
	ok(most <= 2 * 64, "a batch of 200 holds at most 128 descriptors "
	    "(held %d)", most);
	is_int(count_open_fds(), fds_before, "freeing the batch closes "
	    "every descriptor, old files included");
	is_int(written, 200, "all 200 written");
	for (i = 0; i < 200; i++) {
		snprintf(path, sizeof(path), "%s/f%03d.atom", dir, i);
		snprintf(bytes, sizeof(bytes), "new %d", i);
		memset(back, 0, sizeof(back));
		if ((f = fopen(path, "r")) != NULL) {
			right += fread(back, 1, sizeof(back) - 1, f) ==
			    strlen(bytes) && strcmp(back, bytes) == 0;
			fclose(f);
		}
		unlink(path);
	}
	is_int(right, 200, "each holds its new bytes");
	is_int(count_hidden(dir), 0, "no temporary file is left");
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

	test_big_batch(dirfd, dir);

	snprintf(path, sizeof(path), "%s/a.rss", dir);
	unlink(path);
	rmdir(dir);
	is_int(output_replace(dirfd, "a.rss", "x", 1, err, sizeof(err)),
	    OUTPUT_FAILED, "a vanished folder fails cleanly");
	ok(strstr(err, "a.rss") != NULL, "the message names the file");
	close(dirfd);
	return tap_done();
}
