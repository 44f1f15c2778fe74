/* SPDX-License-Identifier: MIT */
/* faultinject: a test-only LD_PRELOAD library that makes chosen system
 * calls fail, and can step the wall clock, while feedd runs.
 *
 * $FEEDD_FAULTS names a control file, read again at every call, so a test
 * can start and stop a fault in a running daemon. One rule a line:
 *	OP ERRNO [SUBSTRING]	fail OP with ERRNO (a name such as ENOSPC)
 *				when the path contains SUBSTRING
 *	write SHORT [SUBSTRING]	let write and writev take at most 100
 *				bytes a call, as they may; each short call
 *				adds a line to the control file's name
 *				followed by ".hits"
 *	clock SECONDS		shift time(), gettimeofday() and
 *				CLOCK_REALTIME by SECONDS (may be negative)
 *	open PAUSE@N SUBSTRING	each open of a path containing SUBSTRING
 *				adds a line to the ".hits" file; the N-th
 *				waits (10 s at most) while a file named as
 *				the control file followed by ".pause" exists,
 *				so that a test can change the file in between
 *	open SLEEP@MS SUBSTRING	each such open first sleeps MS
 *				milliseconds: a slow disk, to widen a window
 * OP is one of: create (openat with O_CREAT), open (any other openat,
 * and openat2), openat2 (the raw system call only, through syscall()),
 * write (write and
 * writev), fsync, rename, read, dlopen. For write, fsync and read the path
 * is the descriptor's, from /proc/self/fd; for dlopen the name it is
 * given, and a fault (any ERRNO) makes the real dlopen look for that name
 * in a folder that does not exist, so that dlerror() says what it would
 * for a missing library. A missing or empty file: no faults. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

/* Not an errno: write and writev take part of what they are given. */
#define SHORT_WRITE (-1)
#define SHORT_MAX 100
/* Nor this: the call waits, see PAUSE@N above. */
#define PAUSE (-2)
#define PAUSE_MAX_MS 10000
#define SLEEP (-3)

struct rule {
	char op[16];
	int err;
	char match[256];
	long clock_shift;
	long nth;		/* PAUSE's N, SLEEP's MS */
};

static const struct { const char *name; int value; } errnos[] = {
	{ "ENOSPC", ENOSPC }, { "EDQUOT", EDQUOT }, { "EIO", EIO },
	{ "EACCES", EACCES }, { "EROFS", EROFS }, { "ENOENT", ENOENT },
	{ "EPERM", EPERM }, { "EMFILE", EMFILE }, { "ENOMEM", ENOMEM },
	{ "ENOSYS", ENOSYS }, { "SHORT", SHORT_WRITE },
};

/* Reads the control file with raw system calls: never through the
 * functions this library replaces. */
static size_t
read_rules(struct rule *rules, size_t max)
{
	const char *path = getenv("FEEDD_FAULTS");
	char text[4096], *line, *save = NULL;
	size_t count = 0, i;
	long n;
	int fd;

	if (path == NULL)
		return 0;
	fd = (int)syscall(SYS_openat, AT_FDCWD, path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = syscall(SYS_read, fd, text, sizeof(text) - 1);
	syscall(SYS_close, fd);
	if (n <= 0)
		return 0;
	text[n] = '\0';
	for (line = strtok_r(text, "\n", &save); line != NULL && count < max;
	    line = strtok_r(NULL, "\n", &save)) {
		struct rule *r = &rules[count];
		char err[32] = "";
		memset(r, 0, sizeof(*r));
		if (sscanf(line, "clock %ld", &r->clock_shift) == 1) {
			strcpy(r->op, "clock");
			count++;
			continue;
		}
		if (sscanf(line, "%15s %31s %255s", r->op, err, r->match) < 2)
			continue;
		for (i = 0; i < sizeof(errnos) / sizeof(errnos[0]); i++)
			if (strcmp(err, errnos[i].name) == 0)
				r->err = errnos[i].value;
		if (sscanf(err, "PAUSE@%ld", &r->nth) == 1 && r->nth > 0)
			r->err = PAUSE;
		if (sscanf(err, "SLEEP@%ld", &r->nth) == 1 && r->nth > 0 &&
		    r->nth < 10000)
			r->err = SLEEP;
		if (r->err != 0)
			count++;
	}
	return count;
}

/* The errno to fail op on path with, or 0; *nth receives a PAUSE
 * rule's N. */
static int
fault_nth(const char *op, const char *path, long *nth)
{
	struct rule rules[32];
	size_t n = read_rules(rules, 32), i;

	for (i = 0; i < n; i++)
		if (strcmp(rules[i].op, op) == 0 && path != NULL &&
		    strstr(path, rules[i].match) != NULL) {
			*nth = rules[i].nth;
			return rules[i].err;
		}
	return 0;
}

static int
fault_for(const char *op, const char *path)
{
	long nth;

	return fault_nth(op, path, &nth);
}

static long
clock_shift(void)
{
	struct rule rules[32];
	size_t n = read_rules(rules, 32), i;

	for (i = 0; i < n; i++)
		if (strcmp(rules[i].op, "clock") == 0)
			return rules[i].clock_shift;
	return 0;
}

static int
fd_fault(const char *op, int fd)
{
	char link[64], path[4096];
	long n;

	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = syscall(SYS_readlinkat, AT_FDCWD, link, path, sizeof(path) - 1);
	if (n <= 0)
		return 0;
	path[n] = '\0';
	return fault_for(op, path);
}

#define REAL(name) ((__typeof__(&name))dlsym(RTLD_NEXT, #name))

static long note(const char *what);
static void pause_here(void);

/* For opens: the errno to fail with, or 0 once a PAUSE or SLEEP rule
 * has held the call. */
static int
open_fault(const char *op, const char *path)
{
	long nth = 0;
	int err = fault_nth(op, path, &nth);

	if (err == PAUSE) {
		if (note("open\n") == nth)
			pause_here();
		return 0;
	}
	if (err == SLEEP) {
		struct timespec ms = { nth / 1000, nth % 1000 * 1000 * 1000 };
		nanosleep(&ms, NULL);
		return 0;
	}
	return err;
}

int
openat(int dirfd, const char *path, int flags, ...)
{
	mode_t mode = 0;
	va_list ap;
	int err;

	if (flags & (O_CREAT | O_TMPFILE)) {
		va_start(ap, flags);
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
	}
	err = open_fault(flags & O_CREAT ? "create" : "open", path);
	if (err != 0) {
		errno = err;
		return -1;
	}
	return REAL(openat)(dirfd, path, flags, mode);
}

int
open(const char *path, int flags, ...)
{
	mode_t mode = 0;
	va_list ap;

	if (flags & (O_CREAT | O_TMPFILE)) {
		va_start(ap, flags);
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
	}
	return openat(AT_FDCWD, path, flags, mode);
}

/* With _FORTIFY_SOURCE (Debian's hardened builds), a call whose flags
 * are not a constant goes to these instead; they take no mode. */
int __openat_2(int dirfd, const char *path, int flags);
int __open_2(const char *path, int flags);

int
__openat_2(int dirfd, const char *path, int flags)
{
	return openat(dirfd, path, flags);
}

int
__open_2(const char *path, int flags)
{
	return openat(AT_FDCWD, path, flags);
}

/* Notes a fault in FEEDD_FAULTS.hits, so a test can tell that the
 * fault it set up did happen; returns how many lines it now has. */
static long
note(const char *what)
{
	const char *path = getenv("FEEDD_FAULTS");
	char hits[4096], text[4096];
	long n, lines = 0, i;
	int fd;

	if (path == NULL)
		return 0;
	snprintf(hits, sizeof(hits), "%s.hits", path);
	fd = (int)syscall(SYS_openat, AT_FDCWD, hits,
	    O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (fd < 0)
		return 0;
	syscall(SYS_write, fd, what, strlen(what));
	syscall(SYS_lseek, fd, 0L, SEEK_SET);
	while ((n = syscall(SYS_read, fd, text, sizeof(text))) > 0)
		for (i = 0; i < n; i++)
			lines += text[i] == '\n';
	syscall(SYS_close, fd);
	return lines;
}

static void
note_hit(void)
{
	note("short\n");
}

/* Waits while FEEDD_FAULTS.pause exists. */
static void
pause_here(void)
{
	const char *path = getenv("FEEDD_FAULTS");
	char pause[4096];
	struct timespec step = { 0, 10 * 1000 * 1000 };
	int waited;

	snprintf(pause, sizeof(pause), "%s.pause", path);
	for (waited = 0; waited < PAUSE_MAX_MS &&
	    syscall(SYS_faccessat, AT_FDCWD, pause, F_OK, 0) == 0;
	    waited += 10)
		nanosleep(&step, NULL);
}

/* openat2 has no wrapper in older C libraries: callers use syscall(). */
long
syscall(long number, ...)
{
	long a[6], nth = 0;
	va_list ap;
	int i, err;

	va_start(ap, number);
	for (i = 0; i < 6; i++)
		a[i] = va_arg(ap, long);
	va_end(ap);
#ifdef SYS_openat2
	if (number == SYS_openat2) {
		err = open_fault("openat2", (const char *)a[1]);
		if (err == 0)
			err = open_fault("open", (const char *)a[1]);
		if (err != 0) {
			errno = err;
			return -1;
		}
	}
#endif
	(void)err;
	(void)nth;
	return REAL(syscall)(number, a[0], a[1], a[2], a[3], a[4], a[5]);
}

ssize_t
write(int fd, const void *buf, size_t len)
{
	int err = fd > 2 ? fd_fault("write", fd) : 0;

	if (err == SHORT_WRITE && len > SHORT_MAX) {
		note_hit();
		len = SHORT_MAX;
	} else if (err > 0) {
		errno = err;
		return -1;
	}
	return REAL(write)(fd, buf, len);
}

/* Short: part of the first piece that is not empty, as a kernel may
 * return after any number of bytes. */
ssize_t
writev(int fd, const struct iovec *pieces, int count)
{
	int err = fd > 2 ? fd_fault("write", fd) : 0;
	int i;

	if (err == SHORT_WRITE) {
		for (i = 0; i < count && pieces[i].iov_len == 0; i++)
			;
		if (i < count && (count > i + 1 ||
		    pieces[i].iov_len > SHORT_MAX)) {
			note_hit();
			return REAL(write)(fd, pieces[i].iov_base,
			    pieces[i].iov_len < SHORT_MAX ?
			    pieces[i].iov_len : SHORT_MAX);
		}
	} else if (err > 0) {
		errno = err;
		return -1;
	}
	return REAL(writev)(fd, pieces, count);
}

ssize_t
read(int fd, void *buf, size_t len)
{
	int err = fd > 2 ? fd_fault("read", fd) : 0;

	if (err != 0) {
		errno = err;
		return -1;
	}
	return REAL(read)(fd, buf, len);
}

void *
dlopen(const char *name, int flags)
{
	char missing[4096];
	const char *base;

	if (name == NULL || fault_for("dlopen", name) == 0)
		return REAL(dlopen)(name, flags);
	base = strrchr(name, '/');
	snprintf(missing, sizeof(missing), "/nonexistent.faultinject/%s",
	    base != NULL ? base + 1 : name);
	return REAL(dlopen)(missing, flags);
}

int
fsync(int fd)
{
	int err = fd_fault("fsync", fd);

	if (err != 0) {
		errno = err;
		return -1;
	}
	return REAL(fsync)(fd);
}

int
renameat(int olddir, const char *from, int newdir, const char *to)
{
	int err = fault_for("rename", to);

	if (err != 0) {
		errno = err;
		return -1;
	}
	return REAL(renameat)(olddir, from, newdir, to);
}

time_t
time(time_t *out)
{
	time_t now = (time_t)syscall(SYS_time, NULL) + clock_shift();

	if (out != NULL)
		*out = now;
	return now;
}

int
clock_gettime(clockid_t id, struct timespec *ts)
{
	int rc = REAL(clock_gettime)(id, ts);

	if (rc == 0 && (id == CLOCK_REALTIME || id == CLOCK_REALTIME_COARSE))
		ts->tv_sec += clock_shift();
	return rc;
}

int
gettimeofday(struct timeval *tv, void *tz)
{
	int rc = REAL(gettimeofday)(tv, tz);

	if (rc == 0)
		tv->tv_sec += clock_shift();
	return rc;
}
