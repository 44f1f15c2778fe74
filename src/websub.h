/* SPDX-License-Identifier: MIT */
/* websub: tells WebSub hubs (W3C Recommendation) which feed files changed,
 * with a hub.mode=publish POST (hub.url and hub.topic, form-encoded) per
 * hub and file. The only module that includes curl/curl.h.
 *
 * It never blocks: the event loop owner drives it through two hooks (a
 * socket to watch, a timer to set) and calls back websub_socket_ready and
 * websub_timer_fired; daemon_websub.c is that adapter for libev. Without hooks
 * (feedd --once) websub_wait drives it instead, for a bounded time.
 *
 * libcurl is loaded (dlopen) when a hub is first named, never before, and
 * is not a link-time dependency. When it cannot be loaded, that is logged
 * as an error once per websub_set_hubs naming hubs, nothing is sent, and
 * loading is tried again the next time hubs are named (a reload).
 *
 * Coalescing and backoff are ping_queue's. A hub's failures are logged
 * once per episode (when it starts and when it ends). A 2xx answer is
 * success. Not thread-safe: use it from the loop's thread only. */
#ifndef FEEDD_WEBSUB_H
#define FEEDD_WEBSUB_H

#include <stdbool.h>
#include <stddef.h>

struct websub_hooks {
	void *ctx;
	/* Watch fd for reading and/or writing; neither: stop watching it
	 * (it is about to be closed). */
	void (*watch_socket)(void *ctx, int fd, bool read, bool write);
	/* Call websub_timer_fired in ms milliseconds (replacing any earlier
	 * request), or never when ms is -1. */
	void (*set_timer)(void *ctx, long ms);
};

struct websub;

/* hooks is copied; NULL: websub_wait drives it. */
struct websub *websub_new(const struct websub_hooks *hooks);
/* Drops the pings still owed (they are logged). */
void websub_free(struct websub *websub);

/* The hubs to tell (copied) and how long one ping may take. Pings already
 * owed still go to the hubs they were meant for. */
void websub_set_hubs(struct websub *websub, char *const *hubs, size_t count,
    size_t timeout_ms);

/* The feed at topic_url changed: every hub will hear of it (without
 * libcurl: none will, and the ping is counted as not sent). */
void websub_publish(struct websub *websub, const char *topic_url);

/* For the loop: a watched socket is ready; the timer fired. */
void websub_socket_ready(struct websub *websub, int fd, bool readable,
    bool writable);
void websub_timer_fired(struct websub *websub);

/* Without hooks: sends what is owed and waits for the answers (and
 * retries), at most max_ms. Returns the pings still unanswered. Without
 * libcurl it returns 0 at once, having logged how many pings were not
 * sent. */
size_t websub_wait(struct websub *websub, long max_ms);

/* For tests only: the file dlopen() is given instead of libcurl.so.4,
 * from the next attempt to load libcurl on (none once it is loaded). */
void websub_use_libcurl(const char *soname);

#endif
