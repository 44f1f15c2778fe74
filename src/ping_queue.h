/* SPDX-License-Identifier: MIT */
/* ping_queue: which hub must hear of which feed, and when. Pure
 * bookkeeping, no I/O and no clock of its own (times are given in
 * milliseconds on any monotonic scale), so that coalescing and backoff
 * are tested alone. Not thread-safe; one owner (websub).
 *
 * A ping is one (hub, topic) pair and is in one state:
 *
 *   publish:  (none) -> DUE now     DUE, WAITING -> unchanged
 *             SENDING -> SENDING_AGAIN    SENDING_AGAIN -> unchanged
 *   next:     DUE, WAITING whose time came -> SENDING
 *   done ok:  SENDING -> (gone)     SENDING_AGAIN -> DUE now
 *   failed:   SENDING, SENDING_AGAIN -> WAITING after the backoff
 *             (1 s, doubling, at most PING_BACKOFF_MAX_MS), or (gone)
 *             after PING_MAX_ATTEMPTS attempts
 *
 * So any number of changes while a ping is due are one ping, and changes
 * while one is on its way are one more, sent once it is answered: the hub
 * may have fetched the feed before they were made. */
#ifndef FEEDD_PING_QUEUE_H
#define FEEDD_PING_QUEUE_H

#include <stdbool.h>
#include <stddef.h>

#define PING_BACKOFF_FIRST_MS 1000
#define PING_BACKOFF_MAX_MS (5 * 60 * 1000)
#define PING_MAX_ATTEMPTS 10

enum ping_state {
	PING_DUE,		/* to be sent at due_ms */
	PING_SENDING,		/* on its way */
	PING_SENDING_AGAIN,	/* on its way, and changed again since */
	PING_WAITING,		/* failed; to be sent again at due_ms */
};

struct ping {
	char *hub;		/* owned */
	char *topic;		/* owned */
	enum ping_state state;
	unsigned attempts;	/* failed in a row */
	long long due_ms;
};

struct ping_queue;

struct ping_queue *ping_queue_new(void);
void ping_queue_free(struct ping_queue *queue);

/* The topic's bytes changed: the hub must hear of it. */
void ping_queue_publish(struct ping_queue *queue, const char *hub,
    const char *topic, long long now_ms);

/* A ping whose time has come, now SENDING, or NULL. The pointer is good
 * until ping_queue_done is called for it. */
struct ping *ping_queue_next(struct ping_queue *queue, long long now_ms);

/* The hub answered (ok: with a 2xx) or the ping failed. Returns whether
 * the ping is given up (only after PING_MAX_ATTEMPTS failures). */
bool ping_queue_done(struct ping_queue *queue, struct ping *ping, bool ok,
    long long now_ms);

/* Milliseconds until a ping falls due (0: one is due now), or -1 when
 * none is waiting to be sent. */
long long ping_queue_wait_ms(const struct ping_queue *queue,
    long long now_ms);

/* Pings not yet answered, sending or not. */
size_t ping_queue_count(const struct ping_queue *queue);

/* The backoff after that many failures in a row (1, 2, ...). */
long long ping_backoff_ms(unsigned attempts);

#endif
