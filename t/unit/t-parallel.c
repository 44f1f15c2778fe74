/* SPDX-License-Identifier: MIT */
/* Unit tests for parallel.c: every index exactly once, whatever the count,
 * in one call or in two halves. */
#include "autoconfig.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>

#include "parallel.h"
#include "tap.h"

struct tally {
	unsigned char *calls;	/* per index: how many times it was called */
	pthread_t *by;		/* per index: which thread called it */
	pthread_t caller;
	bool wait_for_others;	/* item 0 waits until another thread works */
	atomic_bool others;
};

static void
count_call(void *context, size_t i)
{
	struct tally *t = context;
	int waited;

	t->calls[i]++;
	t->by[i] = pthread_self();
	if (!pthread_equal(t->by[i], t->caller))
		atomic_store(&t->others, true);
	/* Trivial items could all be done before a second thread starts:
	 * hold one back (2 s at most) so that the test cannot depend on
	 * that race. */
	for (waited = 0; i == 0 && t->wait_for_others && waited < 2000 &&
	    !atomic_load(&t->others); waited++)
		nanosleep(&(struct timespec){ 0, 1000000 }, NULL);
}

/* parallel_start returns at once, the other threads at work; the caller
 * waits here (2 s at most) until they have done some, then finishes. */
static void
test_start_finish(size_t threads)
{
	struct parallel_job job;
	struct tally t;
	size_t n = 5000, once = 0, i;
	int waited;

	t.calls = calloc(n + 1, 1);
	t.by = calloc(n + 1, sizeof(*t.by));
	t.caller = pthread_self();
	t.wait_for_others = false;
	atomic_init(&t.others, false);
	parallel_start(&job, n, 16, count_call, &t);
	for (waited = 0; threads > 1 && waited < 2000 &&
	    !atomic_load(&t.others); waited++)
		nanosleep(&(struct timespec){ 0, 1000000 }, NULL);
	ok(threads == 1 || atomic_load(&t.others),
	    "started: the other threads work while the caller does not");
	parallel_finish(&job);
	for (i = 0; i < n; i++)
		once += t.calls[i] == 1;
	ok(once == n && t.calls[n] == 0, "finished: each item called once");
	free(t.calls);
	free(t.by);
}

int
main(void)
{
	static const size_t counts[] = { 0, 1, 5, 63, 64, 65, 1000, 100000 };
	size_t threads = parallel_threads(), c, i;

	ok(threads >= 1 && threads <= 8, "1 to 8 threads (%zu here)", threads);
	for (c = 0; c < sizeof(counts) / sizeof(counts[0]); c++) {
		struct tally t;
		size_t n = counts[c], once = 0, others = 0;
		t.calls = calloc(n + 1, 1);
		t.by = calloc(n + 1, sizeof(*t.by));
		t.caller = pthread_self();
		t.wait_for_others = n == 100000 && threads > 1;
		atomic_init(&t.others, false);
		parallel_for(n, n % 2 ? 1 : 16, count_call, &t);
		for (i = 0; i < n; i++) {
			once += t.calls[i] == 1;
			others += !pthread_equal(t.by[i], pthread_self());
		}
		ok(once == n && t.calls[n] == 0, "%zu items (chunks of %d): each "
		    "called once, none past the end", n, n % 2 ? 1 : 16);
		if (n == 100000)
			ok(threads == 1 || others > 0, "100000 items: other "
			    "threads did some (%zu)", others);
		free(t.calls);
		free(t.by);
	}
	test_start_finish(threads);
	return tap_done();
}
