/* SPDX-License-Identifier: MIT */
/* output: writes files so that web servers and readers only ever see a
 * whole file, and see a new mtime only when the bytes changed. Every file
 * goes through output_replacev. */
#include "autoconfig.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "output.h"

/* A temporary file's name: ".NAME." and this many lowercase hex digits. */
#define TEMP_DIGITS 6
/* Its mode until it is complete: nobody else may read a half-written file. */
#define TEMP_MODE 0600
/* The mode of every file in place: readable by the web server. */
#define FILE_MODE 0644
/* Pieces given to one writev: a feed's head, items and end, a few at a
 * time (IOV_MAX is 1024 on Linux). */
#define WRITE_WINDOW 64
/* Files output_replace_all replaces at once, at most. */
#define REPLACE_THREADS_MAX 16
/* Files it holds open at once, at most (each with the file it replaces):
 * a site of many feeds must not run out of descriptors. */
#define REPLACE_WINDOW 64

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

static bool
plain_name(const char *name)
{
	return name[0] != '\0' && strcmp(name, ".") != 0 &&
	    strcmp(name, "..") != 0 && strchr(name, '/') == NULL &&
	    strlen(name) <= OUTPUT_NAME_MAX;
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
 * into memory. A file of another mode is never the same: it is written
 * again with the right one. When it differs, *old is left open on it (or
 * -1): see struct staged. */
static bool
holds_same_bytes(int dirfd, const char *name, const struct iovec *pieces,
    size_t count, size_t len, int *old)
{
	struct piece_cursor cursor = { pieces, pieces + count, 0 };
	char chunk[65536];
	struct stat st;
	size_t done = 0;
	ssize_t n;
	int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC |
	    O_NONBLOCK);

	*old = -1;
	if (fd < 0)
		return false;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return false;
	}
	*old = fd;
	if ((size_t)st.st_size != len || (st.st_mode & 07777) != FILE_MODE)
		return false;
	/* A changed feed usually differs in its first item: a small first
	 * read settles most comparisons. */
	while (done < len) {
		n = read(fd, chunk, done == 0 ? 4096 : sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0 || !cursor_matches(&cursor, chunk, (size_t)n))
			return false;
		done += (size_t)n;
	}
	if (read(fd, chunk, 1) != 0)
		return false;
	close(fd);
	*old = -1;
	return true;
}

/* Writes the pieces in full, WRITE_WINDOW at a time: no allocation, so
 * that it may run on any thread. */
static int
write_pieces(int fd, const struct iovec *pieces, size_t count)
{
	struct iovec window[WRITE_WINDOW];
	size_t done = 0;	/* bytes of pieces[0] already written */
	size_t n, sum, left;
	ssize_t w;

	while (count > 0) {
		for (n = 0, sum = 0; n < count && n < WRITE_WINDOW; n++) {
			window[n] = pieces[n];
			sum += pieces[n].iov_len;
		}
		window[0].iov_base = (char *)window[0].iov_base + done;
		window[0].iov_len -= done;
		sum -= done;
		w = writev(fd, window, (int)n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		if (w == 0 && sum > 0) {
			errno = EIO;	/* a file never takes nothing */
			return -1;
		}
		for (left = done + (size_t)w; count > 0 &&
		    left >= pieces->iov_len; pieces++, count--)
			left -= pieces->iov_len;
		done = left;
	}
	return 0;
}

/* ".NAME.XXXXXX": hidden, so nothing serves or indexes a half-written
 * file, and of a form output_remove_stale knows. Safe on any thread. */
static int
create_temp(int dirfd, const char *name, char *temp, size_t size)
{
	static atomic_ulong counter;
	struct timespec ts;
	int attempt, fd;

	for (attempt = 0; attempt < 100; attempt++) {
		clock_gettime(CLOCK_MONOTONIC, &ts);
		snprintf(temp, size, ".%s.%0*lx", name, TEMP_DIGITS,
		    ((unsigned long)ts.tv_nsec ^ ((unsigned long)getpid() << 8) ^
		    atomic_fetch_add(&counter, 1)) & 0xFFFFFF);
		fd = openat(dirfd, temp, O_WRONLY | O_CREAT | O_EXCL |
		    O_NOFOLLOW | O_CLOEXEC, TEMP_MODE);
		if (fd >= 0 || errno != EEXIST)
			return fd;
	}
	return -1;
}

/* A file between its first byte and its rename: its temporary copy, open
 * until synced, and the file it replaces, held open until every rename
 * of the call is done. The last close of a replaced file, not the
 * rename, then releases its blocks: on a file system mounted with
 * "discard", that waits for the disk, and would hold up the next
 * rename. */
struct staged {
	char temp[OUTPUT_NAME_MAX + TEMP_DIGITS + 3];
	int fd;
	int old;
};

static void
release_replaced(struct staged *s)
{
	if (s->old != -1)
		close(s->old);
	s->old = -1;
}

static void
fail_staged(int dirfd, const char *name, struct staged *s, const char *step,
    int error, char *err, size_t errlen)
{
	if (s->fd != -1)
		close(s->fd);
	s->fd = -1;
	if (s->temp[0] != '\0')
		unlinkat(dirfd, s->temp, 0);
	s->temp[0] = '\0';
	release_replaced(s);
	snprintf(err, errlen, "%s: cannot %s: %s; the previous file is "
	    "unchanged", name, step, strerror(error));
}

/* Writes the new bytes to a temporary file, complete and readable, unless
 * NAME holds them already. OUTPUT_WRITTEN means staged: s holds the open
 * temporary file. */
static enum output_result
stage(int dirfd, const char *name, const struct iovec *pieces, size_t count,
    struct staged *s, char *err, size_t errlen)
{
	const char *step;
	size_t len = 0, i;

	s->fd = -1;
	s->old = -1;
	s->temp[0] = '\0';
	if (!plain_name(name)) {
		snprintf(err, errlen, "%.200s: refused: not a plain file name",
		    name);
		return OUTPUT_FAILED;
	}
	for (i = 0; i < count; i++)
		len += pieces[i].iov_len;
	if (holds_same_bytes(dirfd, name, pieces, count, len, &s->old))
		return OUTPUT_UNCHANGED;
	step = "create a temporary file";
	if ((s->fd = create_temp(dirfd, name, s->temp, sizeof(s->temp))) ==
	    -1) {
		s->temp[0] = '\0';
		goto fail;
	}
	step = "write";
	if (write_pieces(s->fd, pieces, count) == -1)
		goto fail;
	/* Readable once whole; set here because the umask may not allow it. */
	step = "set its mode";
	if (fchmod(s->fd, FILE_MODE) == -1)
		goto fail;
	return OUTPUT_WRITTEN;
fail:
	fail_staged(dirfd, name, s, step, errno, err, errlen);
	return OUTPUT_FAILED;
}

/* Makes a staged file's bytes durable and closes it. */
static enum output_result
sync_staged(int dirfd, const char *name, struct staged *s, char *err,
    size_t errlen)
{
	int fd = s->fd;

	s->fd = -1;
	if (fsync(fd) == -1) {
		s->fd = fd;
		fail_staged(dirfd, name, s, "fsync", errno, err, errlen);
		return OUTPUT_FAILED;
	}
	if (close(fd) == -1) {
		fail_staged(dirfd, name, s, "close", errno, err, errlen);
		return OUTPUT_FAILED;
	}
	return OUTPUT_WRITTEN;
}

static enum output_result
install(int dirfd, const char *name, struct staged *s, char *err,
    size_t errlen)
{
	if (renameat(dirfd, s->temp, dirfd, name) == -1) {
		fail_staged(dirfd, name, s, "rename", errno, err, errlen);
		return OUTPUT_FAILED;
	}
	return OUTPUT_WRITTEN;
}

static void
folder_sync_failed(const char *name, int error, char *err, size_t errlen)
{
	snprintf(err, errlen, "%s: the new file is in place, but syncing its "
	    "folder failed: %s", name, strerror(error));
}

enum output_result
output_replacev(int dirfd, const char *name, const struct iovec *pieces,
    size_t count, char *err, size_t errlen)
{
	struct staged s;
	enum output_result r;

	r = stage(dirfd, name, pieces, count, &s, err, errlen);
	if (r == OUTPUT_WRITTEN)
		r = sync_staged(dirfd, name, &s, err, errlen);
	if (r == OUTPUT_WRITTEN)
		r = install(dirfd, name, &s, err, errlen);
	/* The rename itself is durable once the folder is synced. */
	if (r == OUTPUT_WRITTEN && fsync(dirfd) != 0) {
		folder_sync_failed(name, errno, err, errlen);
		r = OUTPUT_FAILED;
	}
	release_replaced(&s);
	return r;
}

enum output_result
output_replace(int dirfd, const char *name, const char *bytes, size_t len,
    char *err, size_t errlen)
{
	struct iovec piece = { (void *)bytes, len };

	return output_replacev(dirfd, name, &piece, 1, err, errlen);
}

/* The threads of output_replace_all share this. Every file is staged
 * before any is synced, so that one journal commit of the file system
 * carries them all, as one sync of a file commits every change made
 * before it. */
struct replace_all {
	int dirfd;
	struct output_file *files;
	struct staged *staged;
	size_t count;
	atomic_size_t next_staged, next_synced;
	pthread_mutex_t lock;
	pthread_cond_t all_staged;
	size_t done_staging;	/* under lock */
};

static void
stage_some(struct replace_all *all)
{
	struct output_file *f;
	size_t i;

	while ((i = atomic_fetch_add(&all->next_staged, 1)) < all->count) {
		f = &all->files[i];
		f->result = stage(all->dirfd, f->name, f->pieces, f->count,
		    &all->staged[i], f->err, sizeof(f->err));
		/* The disk starts on these bytes while the other files are
		 * written: the syncs that follow mostly wait for work under
		 * way. */
		if (f->result == OUTPUT_WRITTEN)
			(void)sync_file_range(all->staged[i].fd, 0, 0,
			    SYNC_FILE_RANGE_WRITE);
		pthread_mutex_lock(&all->lock);
		if (++all->done_staging == all->count)
			pthread_cond_broadcast(&all->all_staged);
		pthread_mutex_unlock(&all->lock);
	}
	pthread_mutex_lock(&all->lock);
	while (all->done_staging < all->count)
		pthread_cond_wait(&all->all_staged, &all->lock);
	pthread_mutex_unlock(&all->lock);
}

static void *
replace_some(void *context)
{
	struct replace_all *all = context;
	struct output_file *f;
	size_t i;

	stage_some(all);
	while ((i = atomic_fetch_add(&all->next_synced, 1)) < all->count) {
		f = &all->files[i];
		if (f->result == OUTPUT_WRITTEN)
			f->result = sync_staged(all->dirfd, f->name,
			    &all->staged[i], f->err, sizeof(f->err));
	}
	return NULL;
}

/* Renames in the callers' order, then one sync of the folder for them
 * all. */
static void
install_all(struct replace_all *all)
{
	struct output_file *f;
	size_t i, renamed = 0;
	int error;

	for (i = 0; i < all->count; i++) {
		f = &all->files[i];
		if (f->result != OUTPUT_WRITTEN)
			continue;
		f->result = install(all->dirfd, f->name, &all->staged[i],
		    f->err, sizeof(f->err));
		renamed += f->result == OUTPUT_WRITTEN;
	}
	if (renamed == 0 || fsync(all->dirfd) == 0)
		return;
	error = errno;
	for (i = 0; i < all->count; i++) {
		f = &all->files[i];
		if (f->result != OUTPUT_WRITTEN)
			continue;
		folder_sync_failed(f->name, error, f->err, sizeof(f->err));
		f->result = OUTPUT_FAILED;
	}
}

/* A thread per file, not per CPU: each spends its time waiting for the
 * disk. */
static void
replace_window(int dirfd, struct output_file *files, size_t count)
{
	pthread_t threads[REPLACE_THREADS_MAX];
	struct staged staged[REPLACE_WINDOW];
	struct replace_all all;
	size_t started = 0, i;

	all.dirfd = dirfd;
	all.files = files;
	all.staged = staged;
	all.count = count;
	atomic_init(&all.next_staged, 0);
	atomic_init(&all.next_synced, 0);
	pthread_mutex_init(&all.lock, NULL);
	pthread_cond_init(&all.all_staged, NULL);
	all.done_staging = 0;
	/* The caller's thread is one of them; when no thread can be made,
	 * it replaces every file itself. */
	while (started + 1 < count && started + 1 < REPLACE_THREADS_MAX &&
	    pthread_create(&threads[started], NULL, replace_some, &all) == 0)
		started++;
	replace_some(&all);
	for (i = 0; i < started; i++)
		pthread_join(threads[i], NULL);
	install_all(&all);
	for (i = 0; i < count; i++)
		release_replaced(&staged[i]);
	pthread_cond_destroy(&all.all_staged);
	pthread_mutex_destroy(&all.lock);
}

void
output_replace_all(int dirfd, struct output_file *files, size_t count)
{
	size_t done, n;

	for (done = 0; done < count; done += n) {
		n = count - done < REPLACE_WINDOW ? count - done :
		    REPLACE_WINDOW;
		replace_window(dirfd, files + done, n);
	}
}

/* Is this the name create_temp gives: a dot, a name, a dot, then exactly
 * TEMP_DIGITS lowercase hex digits? */
static bool
temp_name(const char *name)
{
	size_t len = strlen(name), i;

	if (len < TEMP_DIGITS + 3 || name[0] != '.' ||
	    name[len - TEMP_DIGITS - 1] != '.')
		return false;
	for (i = len - TEMP_DIGITS; i < len; i++)
		if (!((name[i] >= '0' && name[i] <= '9') ||
		    (name[i] >= 'a' && name[i] <= 'f')))
			return false;
	return true;
}

int
output_remove_stale(int dirfd, size_t *removed, char *err, size_t errlen)
{
	struct dirent *e;
	struct stat st;
	DIR *dir;
	int fd, rc = 0;

	*removed = 0;
	/* fdopendir takes the descriptor it is given: give it its own. */
	if ((fd = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) ==
	    -1 || (dir = fdopendir(fd)) == NULL) {
		snprintf(err, errlen, "cannot list the folder: %s",
		    strerror(errno));
		if (fd != -1)
			close(fd);
		return -1;
	}
	while ((e = readdir(dir)) != NULL) {
		if (!temp_name(e->d_name))
			continue;
		/* Links, folders and the like are someone else's. */
		if (fstatat(dirfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
		    !S_ISREG(st.st_mode))
			continue;
		if (unlinkat(dirfd, e->d_name, 0) == 0)
			(*removed)++;
		else if (errno != ENOENT && rc == 0) {
			snprintf(err, errlen, "%s: cannot remove a stale "
			    "temporary file: %s", e->d_name, strerror(errno));
			rc = -1;
		}
	}
	closedir(dir);
	return rc;
}
