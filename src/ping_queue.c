/* SPDX-License-Identifier: MIT */
/* ping_queue: the pings owed to hubs, with coalescing and backoff (the
 * transitions are written out in ping_queue.h). A queue holds a few
 * pings per feed file and hub at most: a plain array searched in full. */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "ping_queue.h"
#include "xalloc.h"

struct ping_queue {
	struct ping **pings;	/* each allocated alone, so pointers last */
	size_t count;
};

struct ping_queue *
ping_queue_new(void)
{
	return xcalloc(1, sizeof(struct ping_queue));
}

static void
ping_free(struct ping *p)
{
	free(p->hub);
	free(p->topic);
	free(p);
}

void
ping_queue_free(struct ping_queue *q)
{
	size_t i;

	if (q == NULL)
		return;
	for (i = 0; i < q->count; i++)
		ping_free(q->pings[i]);
	free(q->pings);
	free(q);
}

long long
ping_backoff_ms(unsigned attempts)
{
	long long ms = PING_BACKOFF_FIRST_MS;

	while (attempts-- > 1 && ms < PING_BACKOFF_MAX_MS)
		ms *= 2;
	return ms < PING_BACKOFF_MAX_MS ? ms : PING_BACKOFF_MAX_MS;
}

void
ping_queue_publish(struct ping_queue *q, const char *hub, const char *topic,
    long long now_ms)
{
	struct ping *p;
	size_t i;

	for (i = 0; i < q->count; i++) {
		p = q->pings[i];
		if (strcmp(p->hub, hub) != 0 || strcmp(p->topic, topic) != 0)
			continue;
		if (p->state == PING_SENDING)
			p->state = PING_SENDING_AGAIN;
		return;
	}
	p = xcalloc(1, sizeof(*p));
	p->hub = xstrdup(hub);
	p->topic = xstrdup(topic);
	p->state = PING_DUE;
	p->due_ms = now_ms;
	q->pings = xreallocarray(q->pings, q->count + 1, sizeof(*q->pings));
	q->pings[q->count++] = p;
}

static bool
waiting(const struct ping *p)
{
	return p->state == PING_DUE || p->state == PING_WAITING;
}

struct ping *
ping_queue_next(struct ping_queue *q, long long now_ms)
{
	size_t i;

	for (i = 0; i < q->count; i++)
		if (waiting(q->pings[i]) && q->pings[i]->due_ms <= now_ms) {
			q->pings[i]->state = PING_SENDING;
			return q->pings[i];
		}
	return NULL;
}

static void
remove_ping(struct ping_queue *q, struct ping *p)
{
	size_t i;

	for (i = 0; i < q->count; i++)
		if (q->pings[i] == p) {
			q->pings[i] = q->pings[--q->count];
			ping_free(p);
			return;
		}
}

bool
ping_queue_done(struct ping_queue *q, struct ping *p, bool ok,
    long long now_ms)
{
	bool again = p->state == PING_SENDING_AGAIN;

	if (ok) {
		p->attempts = 0;
		if (!again) {
			remove_ping(q, p);
			return false;
		}
		p->state = PING_DUE;
		p->due_ms = now_ms;
		return false;
	}
	if (++p->attempts >= PING_MAX_ATTEMPTS) {
		remove_ping(q, p);
		return true;
	}
	p->state = PING_WAITING;
	p->due_ms = now_ms + ping_backoff_ms(p->attempts);
	return false;
}

long long
ping_queue_wait_ms(const struct ping_queue *q, long long now_ms)
{
	long long soonest = -1;
	size_t i;

	for (i = 0; i < q->count; i++) {
		const struct ping *p = q->pings[i];
		long long wait = p->due_ms - now_ms;
		if (!waiting(p))
			continue;
		if (wait < 0)
			wait = 0;
		if (soonest < 0 || wait < soonest)
			soonest = wait;
	}
	return soonest;
}

size_t
ping_queue_count(const struct ping_queue *q)
{
	return q->count;
}
