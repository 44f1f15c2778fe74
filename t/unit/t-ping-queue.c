/* SPDX-License-Identifier: MIT */
/* Unit tests for ping_queue.c: coalescing, backoff, giving up. */
#include "autoconfig.h"

#include <stdio.h>

#include "ping_queue.h"
#include "tap.h"

#define HUB "http://127.0.0.1:9/hub"
#define TOPIC "https://n.example/feeds/europe.atom"

static void
test_coalescing(void)
{
	struct ping_queue *q = ping_queue_new();
	struct ping *p;
	int i;

	for (i = 0; i < 5; i++)
		ping_queue_publish(q, HUB, TOPIC, 100);
	is_int(ping_queue_count(q), 1, "five changes before sending: one ping");
	is_int(ping_queue_wait_ms(q, 100), 0, "due at once");
	p = ping_queue_next(q, 100);
	ok(p != NULL && p->state == PING_SENDING, "sent");
	ok(ping_queue_next(q, 100) == NULL, "nothing else due");
	is_int(ping_queue_wait_ms(q, 100), -1, "nothing waits while it is out");
	for (i = 0; i < 5; i++)
		ping_queue_publish(q, HUB, TOPIC, 150);
	is_int(ping_queue_count(q), 1, "five changes while sending: still one");
	ok(p->state == PING_SENDING_AGAIN, "marked to be sent again");
	ok(!ping_queue_done(q, p, true, 200), "answered");
	p = ping_queue_next(q, 200);
	ok(p != NULL, "one more ping for the changes made meanwhile");
	ping_queue_done(q, p, true, 250);
	is_int(ping_queue_count(q), 0, "then nothing is owed");
	ok(ping_queue_next(q, 10000) == NULL, "and nothing is sent");
	ping_queue_publish(q, HUB, TOPIC, 300);
	ping_queue_publish(q, "http://127.0.0.1:9/other", TOPIC, 300);
	ping_queue_publish(q, HUB, "https://n.example/feeds/all.rss", 300);
	is_int(ping_queue_count(q), 3, "each hub and topic pinged apart");
	ping_queue_free(q);
}

static void
test_backoff(void)
{
	struct ping_queue *q = ping_queue_new();
	struct ping *p;
	long long now = 0;
	unsigned i;

	is_int(ping_backoff_ms(1), 1000, "first retry after 1 s");
	is_int(ping_backoff_ms(2), 2000, "then 2 s");
	is_int(ping_backoff_ms(5), 16000, "doubling");
	is_int(ping_backoff_ms(40), PING_BACKOFF_MAX_MS, "capped");
	ping_queue_publish(q, HUB, TOPIC, now);
	p = ping_queue_next(q, now);
	ok(!ping_queue_done(q, p, false, now), "a failure is not the end");
	ok(p->state == PING_WAITING, "waiting to retry");
	is_int(ping_queue_wait_ms(q, now), 1000, "retry in 1 s");
	ok(ping_queue_next(q, now + 999) == NULL, "not before");
	ping_queue_publish(q, HUB, TOPIC, now + 500);
	is_int(ping_queue_wait_ms(q, now + 500), 500,
	    "a change meanwhile does not hurry the retry");
	p = ping_queue_next(q, now + 1000);
	ok(p != NULL, "retried on time");
	ping_queue_done(q, p, false, now + 1000);
	is_int(ping_queue_wait_ms(q, now + 1000), 2000, "second retry in 2 s");
	p = ping_queue_next(q, now + 3000);
	ping_queue_done(q, p, true, now + 3000);
	is_int(ping_queue_count(q), 0, "an answer ends the episode");
	ping_queue_publish(q, HUB, TOPIC, now);
	for (i = 1; i < PING_MAX_ATTEMPTS; i++) {
		p = ping_queue_next(q, now);
		if (p == NULL || ping_queue_done(q, p, false, now))
			break;
		now = p->due_ms;
	}
	is_int(i, PING_MAX_ATTEMPTS, "retried up to the limit");
	p = ping_queue_next(q, now);
	ok(p != NULL && ping_queue_done(q, p, false, now), "then given up");
	is_int(ping_queue_count(q), 0, "and forgotten");
	ping_queue_free(q);
}

int
main(void)
{
	test_coalescing();
	test_backoff();
	return tap_done();
}
