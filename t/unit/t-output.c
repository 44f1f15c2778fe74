/* SPDX-License-Identifier: MIT */
/* Unit tests for output.c: atomic, change-only, link-safe replacement,
 * and the removal of stale temporary files. */
#include "autoconfig.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/uio.h>
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

/* 200 files replaced by one output_replace_all, on parallel threads:
 * each written, no descriptor and no temporary file left. */
static void
test_replace_all(int dirfd, const char *dir)
{
	static struct output_file files[200];
	static char bytes[200][32];
	static struct iovec pieces[200];
	static char names[200][32];
	char path[300], back[32];
	int fds_before = count_open_fds(), i, right = 0, written = 0;
	FILE *f;

	for (i = 0; i < 200; i++) {
		snprintf(names[i], sizeof(names[i]), "f%03d.atom", i);
		snprintf(bytes[i], sizeof(bytes[i]), "old %d", i);
		output_replace(dirfd, names[i], bytes[i], strlen(bytes[i]),
		    path, sizeof(path));
	}
	for (i = 0; i < 200; i++) {
		snprintf(bytes[i], sizeof(bytes[i]), "new %d", i);
		pieces[i].iov_base = bytes[i];
		pieces[i].iov_len = strlen(bytes[i]);
		files[i].name = names[i];
		files[i].pieces = &pieces[i];
		files[i].count = 1;
	}
	/* One of them the same as before, one refused. */
	snprintf(bytes[7], sizeof(bytes[7]), "old 7");
	pieces[7].iov_len = strlen(bytes[7]);
	files[9].name = "../f009.atom";
	output_replace_all(dirfd, files, 200);
	for (i = 0; i < 200; i++)
		written += files[i].result == OUTPUT_WRITTEN;
	is_int(written, 198, "198 of 200 written");
	is_int(files[7].result, OUTPUT_UNCHANGED, "the one with the same "
	    "bytes is unchanged");
	is_int(files[9].result, OUTPUT_FAILED, "the bad name fails");
	ok(strstr(files[9].err, "not a plain file name") != NULL,
	    "and says why");
	is_int(count_open_fds(), fds_before, "no descriptor is left open");
	for (i = 0; i < 200; i++) {
		snprintf(path, sizeof(path), "%s/f%03d.atom", dir, i);
		memset(back, 0, sizeof(back));
		if ((f = fopen(path, "r")) != NULL) {
			right += fread(back, 1, sizeof(back) - 1, f) ==
			    strlen(i == 9 ? "old 9" : bytes[i]) &&
			    strcmp(back, i == 9 ? "old 9" : bytes[i]) == 0;
			fclose(f);
		}
		unlink(path);
	}
	is_int(right, 200, "each holds the bytes it should");
	is_int(count_hidden(dir), 0, "no temporary file is left");
}

/* 1,000 files, each replacing one, under a limit of 200 descriptors: the
 * replacement holds a bounded number open, whatever the number of feeds. */
static void
test_replace_many(int dirfd, const char *dir)
{
	enum { MANY = 1000 };
	static struct output_file files[MANY];
	static struct iovec pieces[MANY];
	static char names[MANY][16];
	struct rlimit saved, low;
	char err[300];
	int i, written = 0;

	for (i = 0; i < MANY; i++) {
		snprintf(names[i], sizeof(names[i]), "m%04d.rss", i);
		output_replace(dirfd, names[i], "old", 3, err, sizeof(err));
		pieces[i].iov_base = (void *)"new bytes";
		pieces[i].iov_len = 9;
		files[i].name = names[i];
		files[i].pieces = &pieces[i];
		files[i].count = 1;
	}
	ok(getrlimit(RLIMIT_NOFILE, &saved) == 0, "read the descriptor limit");
	low = saved;
	low.rlim_cur = 200;
	ok(setrlimit(RLIMIT_NOFILE, &low) == 0, "lower it to 200");
	output_replace_all(dirfd, files, MANY);
	ok(setrlimit(RLIMIT_NOFILE, &saved) == 0, "and back");
	for (i = 0; i < MANY; i++)
		written += files[i].result == OUTPUT_WRITTEN;
	is_int(written, MANY, "1,000 files replaced under that limit");
	for (i = 0; i < MANY; i++)
		unlinkat(dirfd, names[i], 0);
	is_int(count_hidden(dir), 0, "no temporary file is left");
}

/* Cuts bytes into count pieces at pseudo-random places, some of them
 * empty, the way a feed is a head, its items and an end. */
static size_t
cut_into_pieces(const char *bytes, size_t len, struct iovec *pieces,
    size_t count, unsigned seed)
{
	size_t i, at = 0;

	for (i = 0; i + 1 < count; i++) {
		size_t step = len - at == 0 ? 0 :
		    (seed = seed * 1103515245u + 12345u) % (2 * len / count + 1);
		step = step > len - at ? len - at : step;
		pieces[i].iov_base = (char *)bytes + at;
		pieces[i].iov_len = i % 7 == 3 ? 0 : step;
		at += pieces[i].iov_len;
	}
	pieces[i].iov_base = (char *)bytes + at;
	pieces[i].iov_len = len - at;
	return count;
}

static bool
file_holds(const char *path, const char *bytes, size_t len)
{
	char *back = malloc(len + 1);
	FILE *f = fopen(path, "r");
	bool same = false;

	if (f != NULL && back != NULL)
		same = fread(back, 1, len + 1, f) == len &&
		    memcmp(back, bytes, len) == 0;
	if (f != NULL)
		fclose(f);
	free(back);
	return same;
}

static enum output_result
replace_in_pieces(int dirfd, const char *name, const char *bytes, size_t len,
    size_t count, unsigned seed)
{
	struct iovec *pieces = calloc(count, sizeof(*pieces));
	enum output_result result;
	char err[512];

	cut_into_pieces(bytes, len, pieces, count, seed);
	result = output_replacev(dirfd, name, pieces, count, err, sizeof(err));
	free(pieces);
	return result;
}

/* A file given as pieces: written whole past IOV_MAX pieces, and
 * compared right whatever the cuts, across the 4 KB and 64 KB reads of
 * the old file. */
static void
test_pieces(int dirfd, const char *dir)
{
	size_t len = 300000, i, right = 0, unchanged = 0, changed = 0;
	char *bytes = malloc(len), path[300];
	static const size_t counts[] = { 1, 2, 52, 1023, 1024, 1025, 3000 };
	unsigned seed = 12345;

	if (bytes == NULL)
		abort();
	/* Bytes that never repeat in a short period, so that a piece
	 * written or compared at a wrong offset cannot go unseen. */
	for (i = 0; i < len; i++) {
		seed = seed * 1103515245u + 12345u;
		bytes[i] = (char)(' ' + (seed >> 16) % 95);
	}
	snprintf(path, sizeof(path), "%s/p.atom", dir);
	is_int(replace_in_pieces(dirfd, "p.atom", bytes, len, 52, 1),
	    OUTPUT_WRITTEN, "300,000 bytes in 52 pieces are written");
	ok(file_holds(path, bytes, len), "and the file holds them in order");
	for (i = 0; i < sizeof(counts) / sizeof(counts[0]); i++)
		unchanged += replace_in_pieces(dirfd, "p.atom", bytes, len,
		    counts[i], (unsigned)i + 7) == OUTPUT_UNCHANGED;
	is_int((long)unchanged, 7, "the same bytes cut 7 other ways (1 to "
	    "3000 pieces, some empty) are found unchanged");
	/* One byte changed near the start, on either side of the first
	 * read's end (4096), at the second read's end (4096 + 65536) and at
	 * the very end. */
	static const size_t at[] = { 10, 4095, 4096, 69632, 299999 };
	for (i = 0; i < sizeof(at) / sizeof(at[0]); i++) {
		bytes[at[i]] ^= 0x20;
		changed += replace_in_pieces(dirfd, "p.atom", bytes, len,
		    counts[i + 2], (unsigned)i) == OUTPUT_WRITTEN;
		right += file_holds(path, bytes, len);
	}
	is_int((long)changed, 5, "a byte changed anywhere is seen, across "
	    "pieces of every size");
	is_int((long)right, 5, "and each time the file holds the new bytes, "
	    "written in up to 3000 pieces");
	is_int(replace_in_pieces(dirfd, "p.atom", bytes, len - 1, 1025, 3),
	    OUTPUT_WRITTEN, "one byte shorter is a change");
	ok(file_holds(path, bytes, len - 1), "and is written so");
	unlink(path);
	free(bytes);
}

/* Creates NAME in dir: a regular file, or a link to "target" when link. */
static bool
plant(const char *dir, const char *name, bool link)
{
	char path[300];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (link)
		return symlink("target", path) == 0;
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644)) < 0)
		return false;
	close(fd);
	return true;
}

static bool
exists(const char *dir, const char *name)
{
	char path[300];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return lstat(path, &st) == 0;
}

/* Only regular files named ".NAME.XXXXXX" (six lowercase hex digits) go. */
static void
test_remove_stale(int dirfd, const char *dir)
{
	static const char *const stale[] = { ".all.rss.0a1b2c",
	    ".all.atom.ffffff", "..feedd.state.123abc", ".x.000000" };
	static const char *const kept[] = { ".all.rss.0A1B2C",
	    ".all.rss.0a1b2", ".all.rss.0a1b2c3", "all.rss.0a1b2c",
	    ".all.rss.0a1b2g", ".all.rss-0a1b2c", "..0a1b2c", ".htaccess",
	    "index.html", ".a.rss.abcdef.x" };
	char path[300], err[512];
	size_t i, removed = 99, gone = 0, still = 0;

	for (i = 0; i < sizeof(stale) / sizeof(stale[0]); i++)
		ok(plant(dir, stale[i], false), "plant %s", stale[i]);
	for (i = 0; i < sizeof(kept) / sizeof(kept[0]); i++)
		ok(plant(dir, kept[i], false), "plant %s", kept[i]);
	ok(plant(dir, ".link.rss.abcdef", true), "plant a link with a "
	    "temporary file's name");
	snprintf(path, sizeof(path), "%s/.dir.rss.abcdef", dir);
	ok(mkdir(path, 0755) == 0, "and a folder");
	is_int(output_remove_stale(dirfd, &removed, err, sizeof(err)), 0,
	    "output_remove_stale succeeds");
	is_int((long)removed, 4, "it removed 4 files");
	for (i = 0; i < sizeof(stale) / sizeof(stale[0]); i++)
		gone += !exists(dir, stale[i]);
	is_int((long)gone, 4, "the 4 temporary files are gone");
	for (i = 0; i < sizeof(kept) / sizeof(kept[0]); i++) {
		still += exists(dir, kept[i]);
		snprintf(path, sizeof(path), "%s/%s", dir, kept[i]);
		unlink(path);
	}
	is_int((long)still, 10, "the 10 look-alikes are still there");
	ok(exists(dir, ".link.rss.abcdef"), "so is the link");
	ok(exists(dir, ".dir.rss.abcdef"), "and the folder");
	snprintf(path, sizeof(path), "%s/.link.rss.abcdef", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/.dir.rss.abcdef", dir);
	rmdir(path);
	is_int(output_remove_stale(dirfd, &removed, err, sizeof(err)), 0,
	    "a second call succeeds");
	is_int((long)removed, 0, "and has nothing to remove");
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

	test_replace_all(dirfd, dir);
	test_replace_many(dirfd, dir);
	test_remove_stale(dirfd, dir);
	test_pieces(dirfd, dir);

	snprintf(path, sizeof(path), "%s/a.rss", dir);
	unlink(path);
	rmdir(dir);
	is_int(output_replace(dirfd, "a.rss", "x", 1, err, sizeof(err)),
	    OUTPUT_FAILED, "a vanished folder fails cleanly");
	ok(strstr(err, "a.rss") != NULL, "the message names the file");
	close(dirfd);
	return tap_done();
}
