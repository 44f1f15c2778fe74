/* SPDX-License-Identifier: MIT */
/* output: writes feeds so that web servers and readers only ever see a
 * whole file, and see a new mtime only when the bytes changed. */
#include "autoconfig.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
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

/* Where a comparison has got to in the new bytes. */
struct piece_cursor {
	const struct iovec *piece, *end;
	size_t offset;		/* into *piece */
};

/* Do the next n new bytes equal these? Moves the cursor past them. */
static bool
cursor_matches(struct piece_cursor *c, const char *bytes, size_t n)
{
	while (n > 0 && c->piece < c->end) {
		size_t left = c->piece->iov_len - c->offset;
		size_t step = left < n ? left : n;
		if (memcmp((const char *)c->piece->iov_base + c->offset, bytes,
		    step) != 0)
			return false;
		bytes += step;
		n -= step;
		c->offset += step;
		if (c->offset == c->piece->iov_len) {
			c->piece++;
			c->offset = 0;
		}
	}
	return n == 0;
}

/* Compares the current file with the new bytes without reading it all
 * into memory. When they differ, *old_fd keeps the current file open (or
 * is -1): see struct staged. */
static bool
holds_same_bytes(int dirfd, const char *name, const struct iovec *pieces,
    size_t count, size_t len, int *old_fd)
{
	struct piece_cursor cursor = { pieces, pieces + count, 0 };
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
		if (n <= 0 || !cursor_matches(&cursor, chunk, (size_t)n))
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

/* Writes the pieces in full and starts their writeback, so that the
 * fsyncs of a batch wait for disks already at work on every file. The
 * writeback starts once the whole file is in: started on its first part
 * alone, the file system allocated the file in two steps, and an edit
 * took 0.7 ms longer in bench/, not less. */
static int
write_pieces(int fd, const struct iovec *pieces, size_t count)
{
	struct iovec *copy, *v;
	size_t batch, sum;
	ssize_t n;
	int rc = 0, saved;

	copy = xreallocarray(NULL, count ? count : 1, sizeof(*copy));
	if (count > 0)
		memcpy(copy, pieces, count * sizeof(*copy));
	v = copy;
	while (count > 0) {
		for (batch = 0, sum = 0; batch < count && batch < IOV_MAX;
		    batch++)
			sum += v[batch].iov_len;
		n = writev(fd, v, (int)batch);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || (n == 0 && sum > 0)) {
			if (n == 0)
				errno = EIO;	/* a file never takes nothing */
			rc = -1;
			break;
		}
		while (count > 0 && (size_t)n >= v->iov_len) {
			n -= (ssize_t)v->iov_len;
			v++;
			count--;
		}
		if (count > 0) {
			v->iov_base = (char *)v->iov_base + n;
			v->iov_len -= (size_t)n;
		}
	}
	saved = errno;
	free(copy);
	errno = saved;
	if (rc == 0)
		(void)sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
	return rc;
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

size_t
output_batch_add(struct output_batch *b, const char *name,
    const struct iovec *pieces, size_t count)
{
	struct staged *f;
	size_t len = 0, i;

	b->files = xreallocarray(b->files, b->count + 1, sizeof(*b->files));
	f = &b->files[b->count];
	memset(f, 0, sizeof(*f));
	f->fd = f->old_fd = -1;
	snprintf(f->name, sizeof(f->name), "%s", name);
	for (i = 0; i < count; i++)
		len += pieces[i].iov_len;
	if (name[0] == '\0' || strcmp(name, ".") == 0 ||
	    strcmp(name, "..") == 0 || strchr(name, '/') != NULL ||
	    strlen(name) > 200) {
		snprintf(f->err, sizeof(f->err), "%.200s: refused: not a plain "
		    "file name", name);
		f->result = OUTPUT_FAILED;
		return b->count++;
	}
	if (holds_same_bytes(b->dirfd, name, pieces, count, len,
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
	else if (write_pieces(f->fd, pieces, count) != 0)
		fail_staged(b, f, "write");
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

/* After its rename: the data is synced, so a failure to close is most
 * unlikely; it is still reported, and the feed is checked again at the
 * next build. */
static void
close_renamed(struct staged *f)
{
	if (f->fd < 0)
		return;
	if (close(f->fd) != 0) {
		snprintf(f->err, sizeof(f->err), "%s: the new file is in place, "
		    "but closing it failed: %s", f->name, strerror(errno));
		f->result = OUTPUT_FAILED;
	}
	f->fd = -1;
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
		if (renameat(b->dirfd, f->temp, b->dirfd, f->name) != 0) {
			fail_staged(b, f, "rename");
			continue;
		}
		renamed = true;
	}
	/* Closing a file just written releases what the file system set
	 * aside for it, which readers of the new feeds need not wait for. */
	for (i = 0; i < b->count; i++)
		close_renamed(&b->files[i]);
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
	struct iovec piece = { (void *)bytes, len };
	enum output_result result;
	const char *message;

	output_batch_add(b, name, &piece, 1);
	output_batch_commit(b);
	result = output_batch_result(b, 0, &message);
	snprintf(err, errlen, "%s", message);
	output_batch_free(b);
	return result;
}
