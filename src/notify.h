/* SPDX-License-Identifier: MIT */
/* notify: the systemd notification protocol (sd_notify(3)); silent when
 * feedd does not run under systemd. */
#ifndef FEEDD_NOTIFY_H
#define FEEDD_NOTIFY_H

#include <stdbool.h>

/* Sends "KEY=value\n..." to $NOTIFY_SOCKET. Failures are logged at debug
 * level only: notification is a courtesy, never a reason to stop. */
void notify_send(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Tells systemd a reload has begun (RELOADING=1 with MONOTONIC_USEC). */
void notify_reloading(void);

/* Whether a service manager started feedd ($INVOCATION_ID or
 * $NOTIFY_SOCKET set): its unit, not the file system, may be what forbids
 * a write. */
bool notify_under_systemd(void);

/* Seconds between WATCHDOG=1 pings (half of WatchdogSec), or 0 when no
 * watchdog is asked for. */
double notify_watchdog_interval(void);

#endif
