/* SPDX-License-Identifier: MIT */
/* readall: the full build's baseline. Walks the articles folder as feedd
 * does (recursively, links not followed, hidden names skipped, *.txt
 * files only) and opens and reads every article in full, 64 KiB at a
 * time, doing nothing else with the bytes. Prints
 * "FILES BYTES CHECKSUM" so that the file set can be compared with the
 * corpus and the reads cannot be optimised away.
 *
 * usage: readall DIR */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static unsigned long long files, bytes;
static uint64_t checksum;

static int
wanted(const char *name)
{
	size_t n = strlen(name);

	return name[0] != '.' && n > 4 && strcmp(name + n - 4, ".txt") == 0;
}

static void
read_file(int dirfd, const char *name)
{
	static char chunk[65536];
	ssize_t n, i;
	int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);

	if (fd < 0) {
		fprintf(stderr, "readall: %s: %s\n", name, strerror(errno));
		return;
	}
	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "readall: %s: %s\n", name,
			    strerror(errno));
			break;
		}
		bytes += (unsigned long long)n;
		for (i = 0; i < n; i += 512)
			checksum = checksum * 31 + (unsigned char)chunk[i];
	}
	close(fd);
	files++;
}

static void
walk(int dirfd)
{
	struct dirent *d;
	struct stat st;
	DIR *dir;
	int sub, fd = dup(dirfd);

	if (fd < 0 || (dir = fdopendir(fd)) == NULL) {
		perror("readall: folder");
		if (fd >= 0)
			close(fd);
		return;
	}
	while ((d = readdir(dir)) != NULL) {
		if (d->d_name[0] == '.')
			continue;
		if (fstatat(dirfd, d->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			sub = openat(dirfd, d->d_name, O_RDONLY | O_DIRECTORY |
			    O_NOFOLLOW | O_CLOEXEC);
			if (sub >= 0) {
				walk(sub);
				close(sub);
			}
		} else if (S_ISREG(st.st_mode) && wanted(d->d_name)) {
			read_file(dirfd, d->d_name);
		}
	}
	closedir(dir);
}

int
main(int argc, char **argv)
{
	int root;

	if (argc != 2) {
		fprintf(stderr, "usage: readall DIR\n");
		return 64;
	}
	root = open(argv[1], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (root < 0) {
		fprintf(stderr, "readall: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	walk(root);
	close(root);
	printf("%llu %llu %016llx\n", files, bytes,
	    (unsigned long long)checksum);
	return 0;
}
