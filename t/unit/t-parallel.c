/* SPDX-License-Identifier: MIT */
/* Unit tests for parallel.c: every index exactly once, whatever the count. */
#include "autoconfig.h"

#include <pthread.h>
#include <stdlib.h>

#include "parallel.h"
#include "tap.h"

struct tally {
	unsigned char *calls;	/* per index: how many times it was called */
	pthread_t *by;		/* per index: which thread called it */
};

static void
count_call(void *context, size_t i)
{
	struct tally *t = context;

	t->calls[i]++;
	t->by[i] = pthread_self();
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
		parallel_for(n, count_call, &t);
		for (i = 0; i < n; i++) {
			once += t.calls[i] == 1;
			others += !pthread_equal(t.by[i], pthread_self());
		}
		ok(once == n && t.calls[n] == 0, "%zu items: each called once, "
		    "none past the end", n);
		if (n == 100000)
			ok(threads == 1 || others > 0, "100000 items: other "
			    "threads did some (%zu)", others);
		free(t.calls);
		free(t.by);
	}
	return tap_done();
}
