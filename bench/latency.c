/* SPDX-License-Identifier: MIT */
/* latency: the benchmark's outside view of a running feedd daemon (or
 * hugo server). Every time is CLOCK_MONOTONIC, every "feed written" is an
 * inotify event on the output folder, so nothing here trusts what the
 * program under test says about itself.
 *
 *   latency start -s SOCKET -l LOG [-t MS] -- COMMAND [ARG...]
 *       Starts COMMAND in its own session with NOTIFY_SOCKET=SOCKET, its
 *       stderr appended to LOG, and waits for READY=1 on that socket.
 *       Prints "SECONDS PID" (fork to READY=1) and leaves it running.
 *
 *   latency edit -o OUTDIR -f FILE -e REL[,REL...] [-F feedd|hugo] [-r N]
 *                [-d DEBOUNCE_MS] [-m MINUTE] [-p PID] [-q QUIET_MS] [-t MS]
 *                [-P 1]
 *       N times: rewrites FILE with a new date (2025-12-01 08:00 plus
 *       MINUTE plus the repetition, so the article becomes the newest)
 *       and one changed word, closes it, and waits until every REL
 *       (paths under OUTDIR) has been renamed into place (IN_MOVED_TO) or
 *       closed after writing (IN_CLOSE_WRITE), then until OUTDIR has
 *       been quiet for QUIET_MS and PID uses no CPU. With -F feedd, every
 *       file renamed into OUTDIR itself meanwhile (the RELs and whatever
 *       else the edit rewrote) is one the edit wrote. Prints per
 *       repetition "RAW_MS NET_MS FLOOR_MS FILES": close to the last of
 *       those events, the same minus DEBOUNCE_MS, and with -P 1 a round
 *       of "floor" (below) once all is quiet again, on exactly the files
 *       this edit renamed into OUTDIR (so both see the disk as it is at
 *       that moment; without -P 1, FLOOR_MS is "-"), and how many files
 *       those were. FILE keeps the last edit. Run with -r 1 on the PID
 *       "start" printed, it times the first edit of a restarted daemon
 *       (give each such run its own MINUTE, so that every edit changes
 *       the feeds).
 *
 *   latency burst -o OUTDIR -S STAGE -a ARTICLES -c PREFIX -k K [-t MS]
 *       Copies every file of STAGE into ARTICLES as fast as it can
 *       (create, write, close), then waits until OUTDIR/all.atom,
 *       OUTDIR/all.rss and OUTDIR/all.json all hold PREFIX K times (ids,
 *       guids; a missing all.json counts as holding them all). Prints
 *       "FROM_FIRST_WRITE_MS FROM_LAST_CLOSE_MS WRITING_MS".
 *
 *   latency floor -o OUTDIR -e REL[,REL...] -r N [-q QUIET_MS]
 *       N times: writes each REL's bytes (one bit changed each time) to
 *       a new file in OUTDIR.floor (made beside OUTDIR, removed at the
 *       end), starts its writeback, syncs them all at once, renames each
 *       over its copy from the round before: feedd's system calls for an
 *       edit, without feedd. Prints the milliseconds per repetition,
 *       waiting QUIET_MS between them.
 *
 *   latency copy -S STAGE -a DIR -k K
 *       The same writes into DIR, with nothing watching it: prints the
 *       milliseconds they take by themselves.
 *
 *   latency settle -o OUTDIR [-p PID] [-q QUIET_MS] [-t MS]
 *       Waits until OUTDIR has been quiet for QUIET_MS and PID idle.
 *
 *   latency idle -p PID -w SECONDS
 *       Prints the context switches (voluntary, involuntary, summed over
 *       its threads) and the CPU time (utime+stime, ms) that PID used
 *       over SECONDS: "VOLUNTARY INVOLUNTARY CPU_MS".
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "civil.h"

static void
die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "latency: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	exit(1);
}

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static char *
read_whole(const char *path, size_t *len)
{
	char *data = NULL;
	size_t cap = 0, n = 0;
	ssize_t r;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return NULL;
	for (;;) {
		if (n + 65536 + 1 > cap) {
			cap = (n + 65536 + 1) * 2;
			data = realloc(data, cap);
			if (data == NULL)
				die("out of memory");
		}
		r = read(fd, data + n, cap - n - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	data[n] = '\0';
	*len = n;
	return data;
}

static void
write_whole(const char *path, const char *data, size_t len, int flags)
{
	ssize_t r;
	int fd = open(path, O_WRONLY | O_CLOEXEC | flags, 0644);

	if (fd < 0)
		die("%s: %s", path, strerror(errno));
	while (len > 0) {
		r = write(fd, data, len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			die("%s: %s", path, strerror(errno));
		data += r;
		len -= (size_t)r;
	}
	if (close(fd) != 0)
		die("%s: %s", path, strerror(errno));
}

/* ---- the process under test ---- */

/* utime+stime in clock ticks and the state letter, from /proc/PID/stat. */
static long long
cpu_ticks(int pid, char *state)
{
	char path[64], buf[4096], *p;
	unsigned long long ut = 0, st = 0;
	size_t len;
	char *data;

	*state = '?';
	if (pid <= 0)
		return 0;
	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	data = read_whole(path, &len);
	if (data == NULL)
		return -1;
	snprintf(buf, sizeof(buf), "%s", data);
	free(data);
	p = strrchr(buf, ')');	/* the command name may hold spaces */
	if (p == NULL || sscanf(p + 2, "%c %*d %*d %*d %*d %*d %*u %*u %*u "
	    "%*u %*u %llu %llu", state, &ut, &st) != 3)
		return -1;
	return (long long)(ut + st);
}

/* Summed over the threads of PID. */
static void
ctx_switches(int pid, unsigned long long *vol, unsigned long long *nonvol)
{
	char path[PATH_MAX], *data, *p;
	struct dirent *d;
	size_t len;
	DIR *dir;

	*vol = *nonvol = 0;
	snprintf(path, sizeof(path), "/proc/%d/task", pid);
	dir = opendir(path);
	if (dir == NULL)
		die("%s: %s", path, strerror(errno));
	while ((d = readdir(dir)) != NULL) {
		if (d->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/proc/%d/task/%s/status", pid,
		    d->d_name);
		data = read_whole(path, &len);
		if (data == NULL)
			continue;
		if ((p = strstr(data, "\nvoluntary_ctxt_switches:")) != NULL)
			*vol += strtoull(p + 25, NULL, 10);
		if ((p = strstr(data, "\nnonvoluntary_ctxt_switches:")) != NULL)
			*nonvol += strtoull(p + 28, NULL, 10);
		free(data);
	}
	closedir(dir);
}

/* ---- inotify on the output ---- */

#define MAX_EXPECT 16
/* Files renamed into the output folder by one edit, at most: a feed's
 * three formats and page, all's, index.html and feeds.opml are 10. */
#define MAX_MOVED 64

struct expect {
	char *dir;		/* parent folder */
	char *name;		/* file name in it */
	int wd;
	bool seen;
};

struct outwatch {
	int fd;
	struct expect items[MAX_EXPECT];
	size_t count;
	int root_wd;
	/* With record set: every name renamed into the folder itself, once,
	 * and when the last such rename was read. */
	bool record;
	char *moved[MAX_MOVED];
	size_t moved_count;
	double last_moved;
};

static void
outwatch_init(struct outwatch *w, const char *outdir, const char *list)
{
	const uint32_t mask = IN_MOVED_TO | IN_CLOSE_WRITE;
	char *copy, *tok, *save = NULL, *slash;
	size_t i;

	memset(w, 0, sizeof(*w));
	w->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (w->fd < 0)
		die("inotify_init1: %s", strerror(errno));
	w->root_wd = inotify_add_watch(w->fd, outdir, mask);
	if (w->root_wd < 0)
		die("%s: %s", outdir, strerror(errno));
	if (list == NULL)
		return;
	copy = strdup(list);
	for (tok = strtok_r(copy, ",", &save); tok != NULL;
	    tok = strtok_r(NULL, ",", &save)) {
		struct expect *e;
		if (w->count == MAX_EXPECT)
			die("too many expected files");
		e = &w->items[w->count++];
		slash = strrchr(tok, '/');
		if (slash == NULL) {
			e->dir = strdup(outdir);
			e->name = strdup(tok);
		} else {
			*slash = '\0';
			if (asprintf(&e->dir, "%s/%s", outdir, tok) < 0)
				die("out of memory");
			e->name = strdup(slash + 1);
		}
		e->wd = inotify_add_watch(w->fd, e->dir, mask);
		if (e->wd < 0)
			die("%s: %s", e->dir, strerror(errno));
	}
	free(copy);
	for (i = 0; i < w->count; i++)
		w->items[i].seen = false;
}

static void
outwatch_note_moved(struct outwatch *w, const char *name)
{
	size_t i;

	w->last_moved = now_ms();
	for (i = 0; i < w->moved_count; i++)
		if (strcmp(w->moved[i], name) == 0)
			return;
	if (w->moved_count == MAX_MOVED)
		die("more than %d files renamed into the output folder",
		    MAX_MOVED);
	if ((w->moved[w->moved_count++] = strdup(name)) == NULL)
		die("out of memory");
}

/* Reads what is queued; returns how many events there were, marks the
 * expected files named and, when recording, notes the renames. */
static int
outwatch_read(struct outwatch *w, void (*each)(const char *name, void *),
    void *arg)
{
	char buf[65536] __attribute__((aligned(8)));
	const struct inotify_event *ev;
	ssize_t n;
	char *p;
	size_t i;
	int events = 0;

	for (;;) {
		n = read(w->fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return events;
		for (p = buf; p < buf + n; p += sizeof(*ev) + ev->len) {
			ev = (const struct inotify_event *)(void *)p;
			events++;
			if (ev->len == 0)
				continue;
			for (i = 0; i < w->count; i++)
				if (w->items[i].wd == ev->wd &&
				    strcmp(w->items[i].name, ev->name) == 0)
					w->items[i].seen = true;
			if (w->record && ev->wd == w->root_wd &&
			    (ev->mask & IN_MOVED_TO))
				outwatch_note_moved(w, ev->name);
			if (each != NULL && ev->wd == w->root_wd)
				each(ev->name, arg);
		}
	}
}

static bool
outwatch_all_seen(const struct outwatch *w)
{
	size_t i;

	for (i = 0; i < w->count; i++)
		if (!w->items[i].seen)
			return false;
	return true;
}

static void
outwatch_reset(struct outwatch *w)
{
	size_t i;

	for (i = 0; i < w->count; i++)
		w->items[i].seen = false;
	for (i = 0; i < w->moved_count; i++)
		free(w->moved[i]);
	w->moved_count = 0;
	w->last_moved = 0;
}

static int
compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names renamed into the folder since the reset, sorted, as
 * "A,B,...": what the floor then replaces. */
static char *
outwatch_moved_list(struct outwatch *w)
{
	size_t i, len = 1;
	char *list;

	qsort(w->moved, w->moved_count, sizeof(w->moved[0]), compare_names);
	for (i = 0; i < w->moved_count; i++)
		len += strlen(w->moved[i]) + 1;
	if ((list = malloc(len)) == NULL)
		die("out of memory");
	list[0] = '\0';
	for (i = 0; i < w->moved_count; i++) {
		if (i > 0)
			strcat(list, ",");
		strcat(list, w->moved[i]);
	}
	return list;
}

static bool
wait_readable(int fd, double deadline_ms)
{
	struct pollfd p = { fd, POLLIN, 0 };
	double left = deadline_ms - now_ms();
	int rc;

	if (left < 0)
		left = 0;
	rc = poll(&p, 1, (int)(left + 0.999));
	return rc > 0;
}

/* Quiet: no event on the output for quiet_ms, and the process neither
 * running nor using CPU over that time. Gives up after timeout_ms. */
static bool
settle(struct outwatch *w, int pid, double quiet_ms, double timeout_ms)
{
	double deadline = now_ms() + timeout_ms, since = now_ms();
	char state;
	long long ticks = cpu_ticks(pid, &state), t;

	while (now_ms() < deadline) {
		(void)wait_readable(w->fd, now_ms() + 10);
		if (outwatch_read(w, NULL, NULL) > 0) {
			since = now_ms();
			continue;
		}
		t = cpu_ticks(pid, &state);
		if (t != ticks || state == 'R') {
			ticks = t;
			since = now_ms();
			continue;
		}
		if (now_ms() - since >= quiet_ms)
			return true;
	}
	fprintf(stderr, "latency: not quiet after %.0f ms; going on\n",
	    timeout_ms);
	return false;
}

/* ---- edits ---- */

/* The date line for wall-clock minute 'minutes' after 2025-12-01 08:00. */
static void
date_line(bool hugo, long minutes, char *out, size_t size)
{
	static const char *const wd[7] = { "Thu", "Fri", "Sat", "Sun", "Mon",
	    "Tue", "Wed" };
	long total = days_from_civil(2025, 12, 1) * 1440 + 8 * 60 + minutes;
	long days = total / 1440;
	unsigned m, d, hh = (unsigned)(total % 1440 / 60),
	    mm = (unsigned)(total % 60);
	int y;

	civil_from_days(days, &y, &m, &d);
	if (hugo)
		snprintf(out, size, "date: %04d-%02u-%02uT%02u:%02u:00", y, m, d,
		    hh, mm);
	else
		snprintf(out, size, "Last update: %s, %02u/%02u/%04d - %02u:%02u",
		    wd[((days % 7) + 7) % 7], d, m, y, hh, mm);
}

struct text {
	char *data;
	size_t len, cap;
};

static void
append(struct text *t, const char *s, size_t n)
{
	if (t->len + n + 1 > t->cap) {
		t->cap = (t->len + n + 1) * 2;
		t->data = realloc(t->data, t->cap);
		if (t->data == NULL)
			die("out of memory");
	}
	memcpy(t->data + t->len, s, n);
	t->len += n;
	t->data[t->len] = '\0';
}

/* The original with its date line replaced and the first word of its
 * first paragraph changed. */
static void
edited(const char *orig, size_t len, bool hugo, long minutes, unsigned rep,
    struct text *out)
{
	const char *p = orig, *end = orig + len, *nl;
	const char *prefix = hugo ? "date: " : "Last update: ";
	bool date_done = false, word_done = false;
	int fences = 0;
	unsigned line = 0;
	char date[128], word[32];

	out->len = 0;
	date_line(hugo, minutes, date, sizeof(date));
	snprintf(word, sizeof(word), "Revision%u", rep + 1);
	while (p < end) {
		size_t n;
		nl = memchr(p, '\n', (size_t)(end - p));
		n = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);
		if (!date_done && n >= strlen(prefix) &&
		    memcmp(p, prefix, strlen(prefix)) == 0) {
			append(out, date, strlen(date));
			date_done = true;
		} else if (!word_done && n > 0 && ((!hugo && line >= 2) ||
		    (hugo && fences >= 2))) {
			/* The first paragraph: change its first word. */
			const char *sp = memchr(p, ' ', n);
			append(out, word, strlen(word));
			if (sp != NULL)
				append(out, sp, n - (size_t)(sp - p));
			word_done = true;
		} else {
			append(out, p, n);
		}
		if (hugo && n == 3 && memcmp(p, "---", 3) == 0)
			fences++;
		if (nl != NULL)
			append(out, "\n", 1);
		p = nl != NULL ? nl + 1 : end;
		line++;
	}
	if (!date_done || !word_done)
		die("the file has no %s line or no paragraph", prefix);
}

struct options {
	const char *outdir, *file, *expect, *format, *stage, *articles;
	const char *prefix, *socket, *log;
	long reps, debounce_ms, minute, pid, quiet_ms, timeout_ms, k, paired;
	double seconds;
	int cmd;		/* argv index of COMMAND for start */
};

static void *
sync_thread(void *arg)
{
	int *fd = arg;

	if (fsync(*fd) != 0)
		*fd = -1;
	return NULL;
}

/* The disk's share of an edit: the files an edit replaces, with feedd's
 * own sequence of system calls and nothing else (no parsing, no
 * serialising, no watching): each written to a new file beside it with
 * its writeback started, all synced at once, each renamed over a file of
 * the same size, the replaced files released after the clock stops. */
struct floor {
	char outdir[PATH_MAX / 2];
	char *list, *names[MAX_MOVED], *bytes[MAX_MOVED];
	size_t lens[MAX_MOVED], count;
};

static double
floor_round(struct floor *f)
{
	char tmp[PATH_MAX], dst[PATH_MAX];
	int fds[MAX_MOVED], old[MAX_MOVED], synced[MAX_MOVED];
	pthread_t threads[MAX_MOVED];
	double t0 = now_ms(), ms;
	size_t i;

	for (i = 0; i < f->count; i++) {
		snprintf(tmp, sizeof(tmp), "%s/.floor-%s", f->outdir,
		    f->names[i]);
		snprintf(dst, sizeof(dst), "%s/floor-%s", f->outdir,
		    f->names[i]);
		old[i] = open(dst, O_RDONLY | O_CLOEXEC);
		fds[i] = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
		    0644);
		f->bytes[i][f->lens[i] / 2] ^= 1;	/* new bytes each time */
		if (fds[i] < 0 || write(fds[i], f->bytes[i], f->lens[i]) !=
		    (ssize_t)f->lens[i])
			die("%s: %s", tmp, strerror(errno));
		sync_file_range(fds[i], 0, 0, SYNC_FILE_RANGE_WRITE);
	}
	for (i = 0; i < f->count; i++) {
		synced[i] = fds[i];
		if (pthread_create(&threads[i], NULL, sync_thread,
		    &synced[i]) != 0)
			die("pthread_create failed");
	}
	for (i = 0; i < f->count; i++)
		pthread_join(threads[i], NULL);
	for (i = 0; i < f->count; i++) {
		snprintf(tmp, sizeof(tmp), "%s/.floor-%s", f->outdir,
		    f->names[i]);
		snprintf(dst, sizeof(dst), "%s/floor-%s", f->outdir,
		    f->names[i]);
		if (synced[i] < 0 || rename(tmp, dst) != 0)
			die("%s: %s", dst, strerror(errno));
	}
	ms = now_ms() - t0;
	for (i = 0; i < f->count; i++) {
		close(fds[i]);
		if (old[i] >= 0)
			close(old[i]);
	}
	return ms;
}

/* Takes the bytes of each REL in OUTDIR as they are now, and makes the
 * files the timed rounds replace (an untimed round) in a folder of the
 * same file system beside it, OUTDIR.floor: in OUTDIR itself, their
 * creations and deletions would change where the program under test
 * finds free inodes. */
static void
floor_init(struct floor *f, const char *outdir, const char *expect)
{
	char *save = NULL, *name, path[PATH_MAX];

	memset(f, 0, sizeof(*f));
	snprintf(f->outdir, sizeof(f->outdir), "%s.floor", outdir);
	if (mkdir(f->outdir, 0755) != 0 && errno != EEXIST)
		die("%s: %s", f->outdir, strerror(errno));
	f->list = strdup(expect);
	for (name = strtok_r(f->list, ",", &save); name != NULL;
	    name = strtok_r(NULL, ",", &save)) {
		if (f->count == MAX_MOVED)
			die("more than %d files for the floor", MAX_MOVED);
		snprintf(path, sizeof(path), "%s/%s", outdir, name);
		f->bytes[f->count] = read_whole(path, &f->lens[f->count]);
		if (f->bytes[f->count] == NULL)
			die("%s: %s", path, strerror(errno));
		f->names[f->count++] = name;
	}
	(void)floor_round(f);
}

static void
floor_free(struct floor *f)
{
	char path[PATH_MAX];
	size_t i;

	for (i = 0; i < f->count; i++) {
		snprintf(path, sizeof(path), "%s/floor-%s", f->outdir,
		    f->names[i]);
		unlink(path);
		free(f->bytes[i]);
	}
	rmdir(f->outdir);
	free(f->list);
}

static int
cmd_edit(const struct options *o)
{
	bool hugo = o->format != NULL && strcmp(o->format, "hugo") == 0;
	struct text next = { NULL, 0, 0 };
	struct outwatch w;
	struct floor floor;
	char *orig, *floor_list = NULL;
	size_t len;
	long rep;

	if (o->outdir == NULL || o->file == NULL || o->expect == NULL)
		die("edit needs -o, -f and -e");
	if (o->paired && hugo)
		die("-P 1 is for feedd's output only");
	orig = read_whole(o->file, &len);
	if (orig == NULL)
		die("%s: %s", o->file, strerror(errno));
	outwatch_init(&w, o->outdir, o->expect);
	settle(&w, (int)o->pid, (double)o->quiet_ms, 30000);
	/* Hugo writes into subfolders and closes files in place: only
	 * feedd's renames into OUTDIR are the files an edit wrote. */
	w.record = !hugo;
	for (rep = 0; rep < o->reps; rep++) {
		double t0, t_last = 0, deadline;
		char *moved;
		edited(orig, len, hugo, o->minute + rep, (unsigned)rep, &next);
		(void)outwatch_read(&w, NULL, NULL);
		outwatch_reset(&w);
		write_whole(o->file, next.data, next.len, O_TRUNC);
		t0 = now_ms();
		deadline = t0 + (double)o->timeout_ms;
		while (!outwatch_all_seen(&w)) {
			if (!wait_readable(w.fd, deadline)) {
				size_t i;
				for (i = 0; i < w.count; i++)
					if (!w.items[i].seen)
						fprintf(stderr, "latency: %s/%s "
						    "not written within %ld ms\n",
						    w.items[i].dir,
						    w.items[i].name,
						    o->timeout_ms);
				if (floor_list != NULL)
					floor_free(&floor);
				return 1;
			}
			if (outwatch_read(&w, NULL, NULL) > 0)
				t_last = now_ms();
		}
		/* Files of the same edit renamed after the last expected one
		 * stop the clock too. */
		settle(&w, (int)o->pid, (double)o->quiet_ms, 30000);
		if (w.last_moved > t_last)
			t_last = w.last_moved;
		moved = outwatch_moved_list(&w);
		printf("%.3f %.3f", t_last - t0,
		    t_last - t0 - (double)o->debounce_ms);
		if (o->paired && w.moved_count == 0)
			die("the edit renamed no file into %s", o->outdir);
		if (o->paired) {
			/* A new set of files gets its own untimed round. */
			if (floor_list == NULL || strcmp(floor_list, moved) != 0) {
				if (floor_list != NULL)
					floor_free(&floor);
				free(floor_list);
				if ((floor_list = strdup(moved)) == NULL)
					die("out of memory");
				floor_init(&floor, o->outdir, floor_list);
				settle(&w, (int)o->pid, (double)o->quiet_ms,
				    30000);
			}
			printf(" %.3f", floor_round(&floor));
			settle(&w, (int)o->pid, (double)o->quiet_ms, 30000);
		} else {
			printf(" -");
		}
		printf(" %zu\n", w.moved_count);
		fflush(stdout);
		free(moved);
	}
	if (floor_list != NULL)
		floor_free(&floor);
	free(floor_list);
	free(orig);
	free(next.data);
	return 0;
}

struct staged {
	char *name;
	char *data;
	size_t len;
};

static size_t
count_in(const char *path, const char *needle)
{
	size_t len, count = 0, n = strlen(needle);
	char *data = read_whole(path, &len), *p;

	if (data == NULL)
		return 0;
	for (p = data; (p = memmem(p, len - (size_t)(p - data), needle,
	    n)) != NULL; p += n)
		count++;
	free(data);
	return count;
}

struct burst_check {
	const char *atom, *rss, *json, *prefix;
	size_t k;
	bool candidate;
};

static void
note_feed(const char *name, void *arg)
{
	struct burst_check *c = arg;

	if (strcmp(name, "all.atom") == 0 || strcmp(name, "all.rss") == 0 ||
	    strcmp(name, "all.json") == 0)
		c->candidate = true;
}

static struct staged *
load_stage(const struct options *o, size_t *countp)
{
	struct staged *files = NULL;
	struct dirent *d;
	char path[PATH_MAX];
	size_t count = 0;
	DIR *dir;

	dir = opendir(o->stage);
	if (dir == NULL)
		die("%s: %s", o->stage, strerror(errno));
	while ((d = readdir(dir)) != NULL) {
		if (d->d_name[0] == '.')
			continue;
		files = realloc(files, (count + 1) * sizeof(*files));
		files[count].name = strdup(d->d_name);
		snprintf(path, sizeof(path), "%s/%s", o->stage, d->d_name);
		files[count].data = read_whole(path, &files[count].len);
		if (files[count].data == NULL)
			die("%s: %s", path, strerror(errno));
		count++;
	}
	closedir(dir);
	if (count != (size_t)o->k)
		die("%s holds %zu files, not %ld", o->stage, count, o->k);
	*countp = count;
	return files;
}

static void
write_stage(const struct options *o, const struct staged *files,
    size_t count)
{
	char path[PATH_MAX];
	size_t i;

	for (i = 0; i < count; i++) {
		snprintf(path, sizeof(path), "%s/%s", o->articles,
		    files[i].name);
		write_whole(path, files[i].data, files[i].len,
		    O_CREAT | O_EXCL);
	}
}

static int
cmd_floor(const struct options *o)
{
	struct floor f;
	long rep;

	if (o->outdir == NULL || o->expect == NULL || o->reps <= 0)
		die("floor needs -o, -e and -r");
	floor_init(&f, o->outdir, o->expect);
	for (rep = 0; rep < o->reps; rep++) {
		usleep((useconds_t)o->quiet_ms * 1000);
		printf("%.3f\n", floor_round(&f));
		fflush(stdout);
	}
	floor_free(&f);
	return 0;
}

/* The same writes with nothing watching: what the burst costs by itself. */
static int
cmd_copy(const struct options *o)
{
	struct staged *files;
	size_t count;
	double t0;

	if (o->stage == NULL || o->articles == NULL || o->k <= 0)
		die("copy needs -S, -a and -k");
	files = load_stage(o, &count);
	t0 = now_ms();
	write_stage(o, files, count);
	printf("%.3f\n", now_ms() - t0);
	return 0;
}

static int
cmd_burst(const struct options *o)
{
	struct staged *files;
	size_t count;
	struct burst_check check;
	struct outwatch w;
	char atom[PATH_MAX], rss[PATH_MAX], json[PATH_MAX];
	double t0, t_closed, deadline;
	bool with_json;

	if (o->outdir == NULL || o->stage == NULL || o->articles == NULL ||
	    o->prefix == NULL || o->k <= 0)
		die("burst needs -o, -S, -a, -c and -k");
	files = load_stage(o, &count);
	snprintf(atom, sizeof(atom), "%s/all.atom", o->outdir);
	snprintf(rss, sizeof(rss), "%s/all.rss", o->outdir);
	snprintf(json, sizeof(json), "%s/all.json", o->outdir);
	/* A daemon that writes JSON has written it before the burst. */
	with_json = access(json, F_OK) == 0;
	check.atom = atom;
	check.rss = rss;
	check.json = json;
	check.prefix = o->prefix;
	check.k = (size_t)o->k;
	check.candidate = false;
	outwatch_init(&w, o->outdir, NULL);

	t0 = now_ms();
	write_stage(o, files, count);
	t_closed = now_ms();
	deadline = t_closed + (double)o->timeout_ms;
	for (;;) {
		double t;
		if (!wait_readable(w.fd, deadline)) {
			fprintf(stderr, "latency: the all feed does not hold "
			    "the %ld new articles after %ld ms (atom %zu, rss "
			    "%zu, json %zu)\n", o->k, o->timeout_ms,
			    count_in(atom, o->prefix), count_in(rss, o->prefix),
			    count_in(json, o->prefix));
			return 1;
		}
		check.candidate = false;
		if (outwatch_read(&w, note_feed, &check) == 0 ||
		    !check.candidate)
			continue;
		t = now_ms();
		if (count_in(atom, o->prefix) == check.k &&
		    count_in(rss, o->prefix) == check.k &&
		    (!with_json || count_in(json, o->prefix) == check.k)) {
			printf("%.3f %.3f %.3f\n", t - t0, t - t_closed,
			    t_closed - t0);
			return 0;
		}
	}
}

static int
cmd_settle(const struct options *o)
{
	struct outwatch w;

	if (o->outdir == NULL)
		die("settle needs -o");
	outwatch_init(&w, o->outdir, NULL);
	return settle(&w, (int)o->pid, (double)o->quiet_ms,
	    (double)o->timeout_ms) ? 0 : 1;
}

static int
cmd_idle(const struct options *o)
{
	unsigned long long v0, n0, v1, n1;
	long long c0, c1;
	char state;
	long hz = sysconf(_SC_CLK_TCK);
	struct timespec ts;

	if (o->pid <= 0 || o->seconds <= 0)
		die("idle needs -p and -w");
	ctx_switches((int)o->pid, &v0, &n0);
	c0 = cpu_ticks((int)o->pid, &state);
	ts.tv_sec = (time_t)o->seconds;
	ts.tv_nsec = (long)((o->seconds - (double)ts.tv_sec) * 1e9);
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
	ctx_switches((int)o->pid, &v1, &n1);
	c1 = cpu_ticks((int)o->pid, &state);
	if (c0 < 0 || c1 < 0)
		die("process %ld is gone", o->pid);
	printf("%llu %llu %.0f\n", v1 - v0, n1 - n0,
	    (double)(c1 - c0) * 1000.0 / (double)hz);
	return 0;
}

static int
cmd_start(const struct options *o, char **argv)
{
	struct sockaddr_un addr;
	char buf[4096], cwd[PATH_MAX], socket_path[PATH_MAX + 110];
	double t0, deadline;
	pid_t pid;
	int sock, logfd, status;

	if (o->socket == NULL || o->log == NULL || o->cmd == 0)
		die("start needs -s, -l and -- COMMAND");
	/* NOTIFY_SOCKET must be an absolute path. */
	if (o->socket[0] == '/') {
		snprintf(socket_path, sizeof(socket_path), "%s", o->socket);
	} else {
		if (getcwd(cwd, sizeof(cwd)) == NULL)
			die("getcwd: %s", strerror(errno));
		snprintf(socket_path, sizeof(socket_path), "%s/%s", cwd,
		    o->socket);
	}
	memset(&addr, 0, sizeof(addr));
	addr.sun_family = AF_UNIX;
	if (strlen(socket_path) >= sizeof(addr.sun_path))
		die("%s: socket path too long", socket_path);
	strcpy(addr.sun_path, socket_path);
	unlink(socket_path);
	sock = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (sock < 0 || bind(sock, (struct sockaddr *)&addr, sizeof(addr)) != 0)
		die("%s: %s", socket_path, strerror(errno));
	logfd = open(o->log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (logfd < 0)
		die("%s: %s", o->log, strerror(errno));
	t0 = now_ms();
	pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);
		setsid();
		dup2(null, 0);
		dup2(null, 1);
		dup2(logfd, 2);
		setenv("NOTIFY_SOCKET", socket_path, 1);
		unsetenv("WATCHDOG_USEC");
		unsetenv("WATCHDOG_PID");
		execvp(argv[o->cmd], argv + o->cmd);
		dprintf(2, "latency: %s: %s\n", argv[o->cmd], strerror(errno));
		_exit(127);
	}
	close(logfd);
	deadline = t0 + (double)o->timeout_ms;
	for (;;) {
		ssize_t n;
		if (waitpid(pid, &status, WNOHANG) == pid)
			die("%s exited before READY=1 (status %d); see %s",
			    argv[o->cmd], status, o->log);
		if (now_ms() > deadline) {
			kill(pid, SIGTERM);
			die("no READY=1 within %ld ms", o->timeout_ms);
		}
		if (!wait_readable(sock, now_ms() + 100))
			continue;
		n = recv(sock, buf, sizeof(buf) - 1, 0);
		if (n <= 0)
			continue;
		buf[n] = '\0';
		if (strncmp(buf, "READY=1", 7) == 0 ||
		    strstr(buf, "\nREADY=1") != NULL)
			break;
	}
	printf("%.6f %d\n", (now_ms() - t0) / 1e3, (int)pid);
	close(sock);
	unlink(socket_path);
	return 0;
}

int
main(int argc, char **argv)
{
	struct options o;
	const char *mode;
	int i;

	memset(&o, 0, sizeof(o));
	o.reps = 1;
	o.quiet_ms = 100;
	o.timeout_ms = 60000;
	if (argc < 2)
		die("usage: latency start|edit|floor|burst|copy|settle|idle "
		    "[options]");
	mode = argv[1];
	for (i = 2; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (strcmp(a, "--") == 0) {
			o.cmd = i + 1 < argc ? i + 1 : 0;
			break;
		}
		if (v == NULL || a[0] != '-' || a[1] == '\0' || a[2] != '\0')
			die("bad option %s", a);
		i++;
		switch (a[1]) {
		case 'o': o.outdir = v; break;
		case 'f': o.file = v; break;
		case 'e': o.expect = v; break;
		case 'F': o.format = v; break;
		case 'S': o.stage = v; break;
		case 'a': o.articles = v; break;
		case 'c': o.prefix = v; break;
		case 's': o.socket = v; break;
		case 'l': o.log = v; break;
		case 'r': o.reps = atol(v); break;
		case 'd': o.debounce_ms = atol(v); break;
		case 'm': o.minute = atol(v); break;
		case 'p': o.pid = atol(v); break;
		case 'q': o.quiet_ms = atol(v); break;
		case 't': o.timeout_ms = atol(v); break;
		case 'k': o.k = atol(v); break;
		case 'P': o.paired = atol(v); break;
		case 'w': o.seconds = atof(v); break;
		default: die("bad option %s", a);
		}
	}
	if (strcmp(mode, "start") == 0)
		return cmd_start(&o, argv);
	if (strcmp(mode, "edit") == 0)
		return cmd_edit(&o);
	if (strcmp(mode, "burst") == 0)
		return cmd_burst(&o);
	if (strcmp(mode, "copy") == 0)
		return cmd_copy(&o);
	if (strcmp(mode, "floor") == 0)
		return cmd_floor(&o);
	if (strcmp(mode, "settle") == 0)
		return cmd_settle(&o);
	if (strcmp(mode, "idle") == 0)
		return cmd_idle(&o);
	die("unknown mode %s", mode);
	return 64;
}
