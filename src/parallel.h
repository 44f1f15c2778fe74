/* SPDX-License-Identifier: MIT */
/* parallel: one function run over many items on the CPUs feedd may use.
 *
 * Everything run under parallel_for (or between parallel_start and
 * parallel_finish) runs on worker threads at once: it must be thread-safe
 * (touch only what belongs to its item, or what no call writes, the
 * caller's own work in between included) and must not log (log.c is not
 * thread-safe, and a log line from a worker would interleave out of
 * order). Report through the item instead (an error text, a return
 * code), and log on the caller's thread once the work has returned. */
#ifndef FEEDD_PARALLEL_H
#define FEEDD_PARALLEL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>

typedef void (*parallel_work)(void *context, size_t index);

/* How many threads parallel_for uses: the CPUs this process may run on
 * (sched_getaffinity, so systemd's CPUAffinity= counts), at most 8. */
size_t parallel_threads(void);

/* Calls work(context, i) once for every i < count, spread over
 * parallel_threads() threads, the caller's among them, and returns when
 * every call has returned. Threads take chunk items at a time (1 for
 * slow items such as a file to sync, more for quick ones), and are only
 * made when there is more than a chunk. Calls for different i run at the
 * same time: work must only touch what belongs to its i, or what no call
 * writes. Runs everything on the caller's thread when threads cannot be
 * made. */
void parallel_for(size_t count, size_t chunk, parallel_work work,
    void *context);

#define PARALLEL_MAX_THREADS 8

/* parallel_for in two halves, for a caller with work of its own to do
 * meanwhile: parallel_start sets the other threads going on the items and
 * returns at once; parallel_finish takes the caller's share of what is
 * left and returns when every call has returned. The job is the caller's,
 * untouched in between; the same rules apply to work. */
struct parallel_job {
	parallel_work work;
	void *context;
	size_t count;
	size_t chunk;
	atomic_size_t next;
	pthread_t threads[PARALLEL_MAX_THREADS];
	size_t started;
};

void parallel_start(struct parallel_job *job, size_t count, size_t chunk,
    parallel_work work, void *context);
void parallel_finish(struct parallel_job *job);

#endif
