/* SPDX-License-Identifier: MIT */
/* parallel: threads that take items from a shared counter in small
 * chunks, so that uneven items (a long article, a slow disk block) even
 * out; made for one call and joined at its end, so an idle daemon has no
 * threads to wake. */
#include "autoconfig.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>

#include "parallel.h"

size_t
parallel_threads(void)
{
	cpu_set_t set;
	int n;

	if (sched_getaffinity(0, sizeof(set), &set) != 0)
		return 1;
	n = CPU_COUNT(&set);
	return n < 1 ? 1 : n > PARALLEL_MAX_THREADS ? PARALLEL_MAX_THREADS :
	    (size_t)n;
}

static void *
run(void *arg)
{
	struct parallel_job *job = arg;
	size_t start, i, end;

	while ((start = atomic_fetch_add(&job->next, job->chunk)) <
	    job->count) {
		end = job->count - start > job->chunk ? start + job->chunk :
		    job->count;
		for (i = start; i < end; i++)
			job->work(job->context, i);
	}
	return NULL;
}

void
parallel_start(struct parallel_job *job, size_t count, size_t chunk,
    parallel_work work, void *context)
{
	size_t wanted = parallel_threads();

	job->work = work;
	job->context = context;
	job->count = count;
	job->chunk = chunk > 0 ? chunk : 1;
	job->started = 0;
	atomic_init(&job->next, 0);
	/* A thread costs tens of microseconds: not worth it for one chunk. */
	if (count <= job->chunk)
		wanted = 1;
	else if (wanted > (count + job->chunk - 1) / job->chunk)
		wanted = (count + job->chunk - 1) / job->chunk;
	while (job->started + 1 < wanted &&
	    pthread_create(&job->threads[job->started], NULL, run, job) == 0)
		job->started++;
}

void
parallel_finish(struct parallel_job *job)
{
	size_t i;

	run(job);
	for (i = 0; i < job->started; i++)
		pthread_join(job->threads[i], NULL);
	job->started = 0;
}

void
parallel_for(size_t count, size_t chunk, parallel_work work, void *context)
{
	struct parallel_job job;

	parallel_start(&job, count, chunk, work, context);
	parallel_finish(&job);
}
