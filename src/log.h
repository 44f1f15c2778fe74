/* SPDX-License-Identifier: MIT */
/* log: the one place feedd reports to the user, with levels. Every message
 * is escaped here, so that file names and values from articles and configs
 * can be logged as they are: control bytes and invalid UTF-8 are written
 * as \xNN, and a message is always one line. Main thread only: code that
 * runs on worker threads does not log. */
#ifndef FEEDD_LOG_H
#define FEEDD_LOG_H

#include <stdbool.h>

enum log_level {
	LOG_LEVEL_ERROR = 0,
	LOG_LEVEL_WARNING,
	LOG_LEVEL_NOTICE,
	LOG_LEVEL_INFO,
	LOG_LEVEL_DEBUG,
};

/* Messages above this level are dropped; the default is LOG_LEVEL_NOTICE. */
void log_set_level(enum log_level level);

/* Under systemd (JOURNAL_STREAM set) lines carry "<N>" priority prefixes
 * so the journal keeps the levels; elsewhere they read "feedd: warning: ". */
void log_init(const char *progname);

/* Sends messages to syslog(3) (facility daemon) instead of stderr. */
void log_use_syslog(void);

void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_notice(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The same followed by ": " and strerror(errno), errno as it was on entry
 * (like warn(3) beside warnx(3)). errno is left unchanged. */
void log_error_errno(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
void log_warning_errno(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
void log_debug_errno(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

/* For start-up failures and out-of-memory only: logs and exits with one
 * of the statuses in exitcode.h. */
_Noreturn void log_fatal(int status, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* A failure that repeats at every attempt (a full disk, a missing folder)
 * is logged as an error once when it starts, at debug level while it
 * lasts, and once at notice level when it ends: the log says when a
 * problem began and ended without filling up in between. Start it zeroed
 * (LOG_EPISODE_INIT, or calloc). */
struct log_episode {
	bool failing;
};
#define LOG_EPISODE_INIT { false }

void log_episode_fail(struct log_episode *episode, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The same, starting with a warning instead of an error: for a failure
 * that costs the user little (a hub that misses a ping). */
void log_episode_warn(struct log_episode *episode, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Logs fmt only when an episode was in progress, and ends it. */
void log_episode_recover(struct log_episode *episode, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
