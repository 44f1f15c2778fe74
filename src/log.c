/* SPDX-License-Identifier: MIT */
/* log: levelled messages on stderr, journald-aware, escaped so that no
 * byte of a hostile name can forge a line or drive a terminal. */
#include "autoconfig.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>

#include "log.h"
#include "text.h"

/* Longer messages are cut (the end marked with "..."): room for two
 * paths of PATH_MAX. Escaping makes a byte at most four. */
#define LOG_MESSAGE_MAX 8192
#define LOG_ESCAPED_MAX (4 * LOG_MESSAGE_MAX + 1)

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

/* Is the code point one a terminal or a log reader acts on rather than
 * shows: C0 controls (newline, CR, ESC, BEL...), DEL, C1 controls? */
static int
is_control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp < 0xA0);
}

/* Copies msg to out with control characters and bytes that are not UTF-8
 * written as \xNN: what is logged is always one line of printable text. */
static void
escape_message(const char *msg, char out[LOG_ESCAPED_MAX])
{
	static const char hex[] = "0123456789abcdef";
	size_t len = strlen(msg), i = 0, step, o = 0;
	uint32_t cp;

	while (i < len) {
		step = text_utf8_decode(msg + i, len - i, &cp);
		if (step != 0 && !is_control(cp)) {
			memcpy(out + o, msg + i, step);
			o += step;
			i += step;
			continue;
		}
		if (step == 0)
			step = 1;
		for (; step > 0; step--, i++) {
			unsigned char c = (unsigned char)msg[i];
			out[o++] = '\\';
			out[o++] = 'x';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 0xF];
		}
	}
	out[o] = '\0';
}

static void
log_vwrite(enum log_level level, int errnum, const char *fmt, va_list ap)
{
	/* syslog(3) priorities: err, warning, notice, info, debug. */
	static const int priority[] = { 3, 4, 5, 6, 7 };
	static const char *const label[] = {
		"error: ", "warning: ", "", "", "debug: "
	};
	char msg[LOG_MESSAGE_MAX], line[LOG_ESCAPED_MAX];
	int saved_errno = errno, n;
	size_t used;

	if (level > current_level)
		return;
	n = vsnprintf(msg, sizeof(msg), fmt, ap);
	if (n < 0)
		n = snprintf(msg, sizeof(msg), "(unprintable message: %s)",
		    fmt);
	used = strlen(msg);
	if (errnum != 0 && (size_t)n < sizeof(msg))
		n += snprintf(msg + used, sizeof(msg) - used, ": %s",
		    strerror(errnum));
	if (n < 0 || (size_t)n >= sizeof(msg))
		memcpy(msg + sizeof(msg) - 4, "...", 4);
	escape_message(msg, line);
	if (to_syslog)
		syslog(priority[level], "%s", line);
	else if (journal_prefixes)
		fprintf(stderr, "<%d>%s\n", priority[level], line);
	else
		fprintf(stderr, "%s: %s%s\n", program_name, label[level], line);
	errno = saved_errno;
}

#define LOG_FUNCTION(name, level, with_errno)                          \
	void name(const char *fmt, ...)                                \
	{                                                              \
		va_list ap;                                            \
		int errnum = with_errno ? errno : 0;                   \
		va_start(ap, fmt);                                     \
		log_vwrite(level, errnum, fmt, ap);                    \
		va_end(ap);                                            \
	}

LOG_FUNCTION(log_error, LOG_LEVEL_ERROR, 0)
LOG_FUNCTION(log_warning, LOG_LEVEL_WARNING, 0)
LOG_FUNCTION(log_notice, LOG_LEVEL_NOTICE, 0)
LOG_FUNCTION(log_info, LOG_LEVEL_INFO, 0)
LOG_FUNCTION(log_debug, LOG_LEVEL_DEBUG, 0)
LOG_FUNCTION(log_error_errno, LOG_LEVEL_ERROR, 1)
LOG_FUNCTION(log_warning_errno, LOG_LEVEL_WARNING, 1)
LOG_FUNCTION(log_debug_errno, LOG_LEVEL_DEBUG, 1)

void
log_fatal(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vwrite(LOG_LEVEL_ERROR, 0, fmt, ap);
	va_end(ap);
	exit(status);
}

static void
episode_vfail(struct log_episode *episode, enum log_level first,
    const char *fmt, va_list ap)
{
	log_vwrite(episode->failing ? LOG_LEVEL_DEBUG : first, 0, fmt, ap);
	episode->failing = true;
}

void
log_episode_fail(struct log_episode *episode, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	episode_vfail(episode, LOG_LEVEL_ERROR, fmt, ap);
	va_end(ap);
}

void
log_episode_warn(struct log_episode *episode, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	episode_vfail(episode, LOG_LEVEL_WARNING, fmt, ap);
	va_end(ap);
}

void
log_episode_recover(struct log_episode *episode, const char *fmt, ...)
{
	va_list ap;

	if (!episode->failing)
		return;
	va_start(ap, fmt);
	log_vwrite(LOG_LEVEL_NOTICE, 0, fmt, ap);
	va_end(ap);
	episode->failing = false;
}
