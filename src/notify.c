/* SPDX-License-Identifier: MIT */
/* notify: libsystemd's sd_notify where configure found it, else the same
 * datagram written by hand (the protocol is one AF_UNIX datagram). */
#include "autoconfig.h"

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#ifdef HAVE_LIBSYSTEMD
#include <systemd/sd-daemon.h>
#endif

#include "log.h"
#include "notify.h"

#ifndef HAVE_LIBSYSTEMD
static int
send_datagram(const char *message)
{
	const char *path = getenv("NOTIFY_SOCKET");
	struct sockaddr_un addr;
	socklen_t len;
	ssize_t sent;
	int fd;

	if (path == NULL || (path[0] != '/' && path[0] != '@') ||
	    strlen(path) >= sizeof(addr.sun_path))
		return 0;
	memset(&addr, 0, sizeof(addr));
	addr.sun_family = AF_UNIX;
	memcpy(addr.sun_path, path, strlen(path));
	if (path[0] == '@')
		addr.sun_path[0] = '\0';	/* the abstract namespace */
	len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) +
	    strlen(path));
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	sent = sendto(fd, message, strlen(message), MSG_NOSIGNAL,
	    (struct sockaddr *)&addr, len);
	close(fd);
	return sent < 0 ? -errno : 1;
}
#endif

void
notify_send(const char *fmt, ...)
{
	char message[1024];
	va_list ap;
	int rc;

	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
#ifdef HAVE_LIBSYSTEMD
	rc = sd_notify(0, message);
#else
	rc = send_datagram(message);
#endif
	if (rc < 0) {
		errno = -rc;
		log_debug_errno("sd_notify");
	}
}

void
notify_reloading(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	notify_send("RELOADING=1\nMONOTONIC_USEC=%llu",
	    (unsigned long long)ts.tv_sec * 1000000ULL +
	    (unsigned long long)ts.tv_nsec / 1000ULL);
}

double
notify_watchdog_interval(void)
{
	const char *usec = getenv("WATCHDOG_USEC");
	const char *pid = getenv("WATCHDOG_PID");
	char *end;
	unsigned long long value;

	if (usec == NULL)
		return 0;
	if (pid != NULL && strtol(pid, NULL, 10) != (long)getpid())
		return 0;
	value = strtoull(usec, &end, 10);
	if (*end != '\0' || value == 0)
		return 0;
	return (double)value / 2e6;
}

bool
notify_under_systemd(void)
{
	return getenv("INVOCATION_ID") != NULL ||
	    getenv("NOTIFY_SOCKET") != NULL;
}
