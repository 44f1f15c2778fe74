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
#include "parallel.h"
#include "xalloc.h"

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
 * into memory. When they differ, *old_fd keeps the current file open (or
 * is -1): see struct staged. */
static bool
holds_same_bytes(int dirfd, const char *name, const char *bytes, size_t len,
    int *old_fd)
{
	char chunk[65536];
	struct stat st;
	size_t done = 0;
	ssize_t n;
	bool same = false;
	int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC |
	    O_NONBLOCK);

	if (old_fd != NULL)
		*old_fd = -1;
	st.st_mode = 0;
	if (fd < 0)
		return false;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    (size_t)st.st_size != len || (st.st_mode & 07777) != 0644)
		goto out;
	/* A changed feed usually differs in its first item: a small first
	 * read settles most comparisons. */
	while (done < len) {
		n = read(fd, chunk, done == 0 ? 4096 : sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0 || memcmp(chunk, bytes + done, (size_t)n) != 0)
			goto out;
		done += (size_t)n;
	}
	same = read(fd, chunk, 1) == 0;
out:
	if (!same && S_ISREG(st.st_mode) && old_fd != NULL)
		*old_fd = fd;
	else
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

/* One file staged in a batch. */
struct staged {
	char name[256];
	char temp[300];
	int fd;			/* open until committed; -1 when done */
	/* The file being replaced, held open until the batch is freed: the
	 * rename then only unlinks it, and releasing its blocks (a journal
	 * transaction, and a discard on SSDs mounted so) happens after every
	 * new feed is in place instead of inside each rename. */
	int old_fd;
	int sync_errno;		/* of its fsync, 0 when it succeeded */
	enum output_result result;
	char err[512];
};

/* A batch keeps two descriptors per changed file; past this many it
 * commits what it holds and stops holding old files, so that a config
 * with hundreds of feeds stays far below RLIMIT_NOFILE's usual 1024. */
#define BATCH_OPEN_MAX 64

struct output_batch {
	int dirfd;
	struct staged *files;
	size_t count;
	size_t open_temps;	/* staged, not yet committed */
	size_t held_old;	/* old files held open */
};

struct output_batch *
output_batch_new(int dirfd)
{
	struct output_batch *b = xcalloc(1, sizeof(*b));

	b->dirfd = dirfd;
	return b;
}

static void
fail_staged(struct output_batch *b, struct staged *f, const char *step)
{
	int saved = errno;

	if (f->fd >= 0)
		close(f->fd);
	f->fd = -1;
	unlinkat(b->dirfd, f->temp, 0);
	snprintf(f->err, sizeof(f->err), "%s: cannot %s: %s; the previous "
	    "file is unchanged", f->name, step, strerror(saved));
	f->result = OUTPUT_FAILED;
}

/* Writes the temporary file and starts its writeback, so that the fsyncs
 * of a batch wait for disks working in parallel, not one after another. */
size_t
output_batch_add(struct output_batch *b, const char *name, const char *bytes,
    size_t len)
{
	struct staged *f;

	b->files = xreallocarray(b->files, b->count + 1, sizeof(*b->files));
	f = &b->files[b->count];
	memset(f, 0, sizeof(*f));
	f->fd = f->old_fd = -1;
	snprintf(f->name, sizeof(f->name), "%s", name);
	if (name[0] == '\0' || strcmp(name, ".") == 0 ||
	    strcmp(name, "..") == 0 || strchr(name, '/') != NULL ||
	    strlen(name) > 200) {
		snprintf(f->err, sizeof(f->err), "%.200s: refused: not a plain "
		    "file name", name);
		f->result = OUTPUT_FAILED;
		return b->count++;
	}
	if (holds_same_bytes(b->dirfd, name, bytes, len,
	    b->held_old < BATCH_OPEN_MAX ? &f->old_fd : NULL)) {
		f->result = OUTPUT_UNCHANGED;
		return b->count++;
	}
	if (f->old_fd >= 0)
		b->held_old++;
	f->result = OUTPUT_WRITTEN;
	f->fd = create_temp(b->dirfd, name, f->temp, sizeof(f->temp));
	if (f->fd < 0) {
		snprintf(f->err, sizeof(f->err), "%s: cannot create a temporary "
		    "file: %s", name, strerror(errno));
		f->result = OUTPUT_FAILED;
		return b->count++;
	}
	/* The umask must not make a feed unreadable to the web server. */
	if (fchmod(f->fd, 0644) != 0)
		fail_staged(b, f, "set its mode");
	else if (write_all(f->fd, bytes, len) != 0)
		fail_staged(b, f, "write");
	else
		(void)sync_file_range(f->fd, 0, 0, SYNC_FILE_RANGE_WRITE);
	b->count++;
	if (f->fd >= 0 && ++b->open_temps >= BATCH_OPEN_MAX)
		output_batch_commit(b);
	return b->count - 1;
}

static void
sync_one(void *context, size_t i)
{
	struct staged *f = ((struct staged **)context)[i];

	f->sync_errno = fsync(f->fd) == 0 ? 0 : errno;
}

/* Every file is synced before any is renamed. The syncs run at once, on
 * as many threads as there are CPUs: the disk's round trips for each
 * file's inode and cache flush overlap instead of adding up. */
void
output_batch_commit(struct output_batch *b)
{
	struct staged **syncing;
	bool renamed = false;
	size_t i, count = 0;

	syncing = xreallocarray(NULL, b->count ? b->count : 1,
	    sizeof(*syncing));
	for (i = 0; i < b->count; i++)
		if (b->files[i].fd >= 0)
			syncing[count++] = &b->files[i];
	parallel_for(count, 1, sync_one, syncing);
	free(syncing);
	for (i = 0; i < b->count; i++) {
		struct staged *f = &b->files[i];
		if (f->fd < 0)
			continue;
		if (f->sync_errno != 0) {
			errno = f->sync_errno;
			fail_staged(b, f, "fsync");
			continue;
		}
		if (close(f->fd) != 0) {
			f->fd = -1;
			fail_staged(b, f, "close");
			continue;
		}
		f->fd = -1;
		if (renameat(b->dirfd, f->temp, b->dirfd, f->name) != 0) {
			fail_staged(b, f, "rename");
			continue;
		}
		renamed = true;
	}
	b->open_temps = 0;
	/* Makes the renames themselves durable, once for all of them. */
	if (renamed)
		(void)fsync(b->dirfd);
}

enum output_result
output_batch_result(const struct output_batch *b, size_t index,
    const char **err)
{
	*err = b->files[index].err;
	return b->files[index].result;
}

void
output_batch_free(struct output_batch *b)
{
	size_t i;

	if (b == NULL)
		return;
	for (i = 0; i < b->count; i++) {
		if (b->files[i].fd >= 0) {
			close(b->files[i].fd);
			unlinkat(b->dirfd, b->files[i].temp, 0);
		}
		if (b->files[i].old_fd >= 0)
			close(b->files[i].old_fd);
	}
	free(b->files);
	free(b);
}

enum output_result
output_replace(int dirfd, const char *name, const char *bytes, size_t len,
    char *err, size_t errlen)
{
	struct output_batch *b = output_batch_new(dirfd);
	enum output_result result;
	const char *message;

	output_batch_add(b, name, bytes, len);
	output_batch_commit(b);
	result = output_batch_result(b, 0, &message);
	snprintf(err, errlen, "%s", message);
	output_batch_free(b);
	return result;
}
