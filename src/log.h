/* SPDX-License-Identifier: MIT */
/* log: the one place feedd reports to the user, with levels. */
#ifndef FEEDD_LOG_H
#define FEEDD_LOG_H

enum log_level {
	LOG_LEVEL_ERROR = 0,
	LOG_LEVEL_WARNING,
	LOG_LEVEL_NOTICE,
	LOG_LEVEL_INFO,
	LOG_LEVEL_DEBUG,
};

/* Messages above this level are dropped; the default is LOG_LEVEL_NOTICE. */
void log_set_level(enum log_level level);
enum log_level log_get_level(void);

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

/* For start-up failures and out-of-memory only: logs and exits. */
_Noreturn void log_fatal(int status, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
