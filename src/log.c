/* SPDX-License-Identifier: MIT */
/* log: levelled messages on stderr, journald-aware. */
#include "autoconfig.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>

#include "log.h"

static enum log_level current_level = LOG_LEVEL_NOTICE;
static const char *program_name = "feedd";
static int journal_prefixes;
static int to_syslog;

/* systemd sets JOURNAL_STREAM to the device and inode of the stream it
 * connected; it may be inherited by a process whose stderr is elsewhere. */
static int
stderr_is_journal(void)
{
	const char *stream = getenv("JOURNAL_STREAM");
	unsigned long long dev, ino;
	struct stat st;

	if (stream == NULL || sscanf(stream, "%llu:%llu", &dev, &ino) != 2 ||
	    fstat(STDERR_FILENO, &st) != 0)
		return 0;
	return (unsigned long long)st.st_dev == dev &&
	    (unsigned long long)st.st_ino == ino;
}

void
log_init(const char *progname)
{
	if (progname != NULL)
		program_name = progname;
	journal_prefixes = stderr_is_journal();
}

void
log_use_syslog(void)
{
	openlog(program_name, LOG_PID | LOG_NDELAY, LOG_DAEMON);
	to_syslog = 1;
}

void
log_set_level(enum log_level level)
{
	current_level = level;
}

enum log_level
log_get_level(void)
{
	return current_level;
}

static void
log_vwrite(enum log_level level, const char *fmt, va_list ap)
{
	/* syslog(3) priorities: err, warning, notice, info, debug. */
	static const int priority[] = { 3, 4, 5, 6, 7 };
	static const char *const label[] = {
		"error: ", "warning: ", "", "", "debug: "
	};
	int saved_errno = errno;

	if (level > current_level)
		return;
	if (to_syslog) {
		vsyslog(priority[level], fmt, ap);
		errno = saved_errno;
		return;
	}
	if (journal_prefixes)
		fprintf(stderr, "<%d>", priority[level]);
	else
		fprintf(stderr, "%s: %s", program_name, label[level]);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	errno = saved_errno;
}

#define LOG_FUNCTION(name, level)                \
	void name(const char *fmt, ...)          \
	{                                        \
		va_list ap;                      \
		va_start(ap, fmt);               \
		log_vwrite(level, fmt, ap);      \
		va_end(ap);                      \
	}

LOG_FUNCTION(log_error, LOG_LEVEL_ERROR)
LOG_FUNCTION(log_warning, LOG_LEVEL_WARNING)
LOG_FUNCTION(log_notice, LOG_LEVEL_NOTICE)
LOG_FUNCTION(log_info, LOG_LEVEL_INFO)
LOG_FUNCTION(log_debug, LOG_LEVEL_DEBUG)

void
log_fatal(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vwrite(LOG_LEVEL_ERROR, fmt, ap);
	va_end(ap);
	exit(status);
}
