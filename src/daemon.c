/* SPDX-License-Identifier: MIT */
/* daemon: owns the libev loop. Watcher callbacks only note what changed and
 * arm the debounce timer; the timer's callback does the work, so bursts of
 * writes cost one rebuild. Nothing wakes the loop while nothing changes,
 * but the poll timer, the watchdog and a withheld article's release. */
#include "autoconfig.h"

#include <ev.h>
#include <signal.h>
#include <stdlib.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <string.h>
#include <time.h>

#include "build.h"
#include "daemon.h"
#include "exitcode.h"
#include "library.h"
#include "log.h"
#include "notify.h"
#include "state.h"
#include "state_path.h"
#include "watcher.h"
#include "websub.h"
#include "daemon_websub.h"

/* Seconds that SIGHUPs arriving together are gathered into one reload. */
#define SIGHUP_GATHER 0.01
/* Seconds ahead (about ten years) for a periodic watcher that must never
 * fire. */
#define FAR_FUTURE 3e8

struct daemon {
	struct ev_loop *loop;
	const char *config_path;
	struct config *config;
	struct state *state;
	struct library *library;
	struct builder *builder;
	struct watcher *watcher;	/* NULL while polling only */
	struct daemon_websub *hubs;		/* tells them of changed feeds */
	struct change_set pending;
	ev_tstamp first_pending;	/* when the oldest pending change came */
	bool release_due;		/* a withheld article's time came */
	ev_io inotify_io;
	ev_timer debounce;
	ev_timer poll;
	ev_timer watchdog;
	ev_timer retry;			/* after a failed write, with backoff */
	ev_tstamp retry_delay;
	ev_periodic release;
	ev_signal sighup, sigterm, sigint;
};

/* The status tells the truth: while feeds cannot be written, it says so
 * first, not that all is well. */
static void
set_status(struct daemon *d)
{
	const char *problem;
	size_t count, failing;

	failing = builder_failing(d->builder, &problem);
	if (failing > 0 && problem != NULL) {
		notify_send("STATUS=%zu feed%s failing: %s; will retry in %.0f s",
		    failing, failing == 1 ? "" : "s", problem, d->retry_delay);
		return;
	}
	library_sorted(d->library, &count);
	notify_send("STATUS=%zu articles, %zu feeds, %s", count,
	    d->config->feed_count, d->watcher == NULL ? "polling" :
	    ev_is_active(&d->poll) ? "watching and polling" : "watching");
}

/* ---- scheduling ---- */

/* Waits for a quiet spell, but never longer than debounce_max after the
 * first change, so a steady stream of writes cannot starve the feeds. */
static void
schedule_rebuild(struct daemon *d)
{
	ev_tstamp now = ev_now(d->loop);
	ev_tstamp wait = (ev_tstamp)d->config->debounce_ms / 1000.0;
	ev_tstamp left;

	if (!ev_is_active(&d->debounce) && !ev_is_pending(&d->debounce))
		d->first_pending = now;
	left = d->first_pending + (ev_tstamp)d->config->debounce_max_ms /
	    1000.0 - now;
	if (left < wait)
		wait = left > 0 ? left : 0;
	ev_timer_stop(d->loop, &d->debounce);
	ev_timer_set(&d->debounce, wait, 0.);
	ev_timer_start(d->loop, &d->debounce);
}

static void
schedule_release(struct daemon *d)
{
	time_t next = library_next_release(d->library);

	ev_periodic_stop(d->loop, &d->release);
	if (next == 0)
		return;
	ev_periodic_set(&d->release, (ev_tstamp)next, 0., NULL);
	ev_periodic_start(d->loop, &d->release);
}

/* Without inotify, or with some folders unwatched, a periodic rescan is
 * the only way to see every change. */
static void
start_polling(struct daemon *d)
{
	ev_tstamp every = (ev_tstamp)d->config->poll_interval_ms / 1000.0;

	ev_timer_set(&d->poll, every, every);
	ev_timer_start(d->loop, &d->poll);
}

static void
start_watching(struct daemon *d)
{
	const char *fs = NULL;
	bool poll_only = d->config->watch == WATCH_POLL;

	if (d->config->watch == WATCH_AUTO &&
	    watcher_needs_polling(d->config->articles_dir, &fs)) {
		log_notice("%s is on %s, which reports no changes made by "
		    "other machines: polling every %zu ms (set watch = inotify "
		    "to override)", d->config->articles_dir, fs,
		    d->config->poll_interval_ms);
		poll_only = true;
	}
	if (!poll_only)
		d->watcher = watcher_new(d->config, d->config_path);
	if (d->watcher != NULL) {
		ev_io_set(&d->inotify_io, watcher_fd(d->watcher), EV_READ);
		ev_io_start(d->loop, &d->inotify_io);
	}
	if (d->watcher == NULL || !watcher_complete(d->watcher))
		start_polling(d);
}

static void
stop_watching(struct daemon *d)
{
	ev_io_stop(d->loop, &d->inotify_io);
	ev_timer_stop(d->loop, &d->poll);
	watcher_free(d->watcher);
	d->watcher = NULL;
}

/* A failed build (full disk, missing folder) is tried again after 1 s,
 * then 2, 4 ... up to a minute, and feedd recovers by itself. */
static ev_tstamp
next_retry_delay(const struct daemon *d)
{
	ev_tstamp delay = d->retry_delay == 0 ? 1 : d->retry_delay * 2;

	return delay > 60 ? 60 : delay;
}

static void
schedule_retry(struct daemon *d, bool failed)
{
	if (!failed) {
		d->retry_delay = 0;
		ev_timer_stop(d->loop, &d->retry);
		return;
	}
	d->retry_delay = next_retry_delay(d);
	ev_timer_stop(d->loop, &d->retry);
	ev_timer_set(&d->retry, d->retry_delay, 0.);
	ev_timer_start(d->loop, &d->retry);
	log_info("trying again in %.0f s", d->retry_delay);
}

/* ---- the work ---- */

/* Queued, never awaited: the hubs hear while the loop goes on. */
static void
tell_hubs(struct daemon *d, const struct build_report *report)
{
	size_t i;

	for (i = 0; i < report->changed_count; i++)
		websub_publish(daemon_websub_pinger(d->hubs), report->changed[i]);
}

static int
wait_for_commit(void *state)
{
	return state_commit_finish(state);
}

static void
rebuild(struct daemon *d, bool all_feeds)
{
	struct scan_result result;
	struct build_report report;
	struct build_gate gate = { wait_for_commit, d->state };
	time_t now = time(NULL);
	bool full_scan;
	int rc;

	memset(&result, 0, sizeof(result));
	memset(&report, 0, sizeof(report));
	full_scan = d->pending.rescan;
	if (full_scan)
		rc = library_scan(d->library, d->config, now, &result);
	else
		rc = library_refresh(d->library, d->config, d->pending.paths,
		    d->pending.count, now, &result);
	change_set_clear(&d->pending);
	/* So that a failure's first log line says when the next try is. */
	builder_set_retry(d->builder, (unsigned)next_retry_delay(d),
	    notify_under_systemd());
	/* The ids are durable before any feed carrying them is out: the
	 * build waits for the commit before it writes. */
	if (rc == 0) {
		state_commit_start(d->state);
		if (builder_run(d->builder, d->config, d->library, now,
		    all_feeds ? NULL : &result, &gate, &report) != 0)
			rc = -1;
		if (state_commit_finish(d->state) != 0)
			rc = -1;
	}
	tell_hubs(d, &report);
	build_report_free(&report);
	scan_result_free(&result);
#ifdef __GLIBC__
	/* A full scan reads every file in passing: give the memory it
	 * needed only meanwhile back to the system, not just to malloc. */
	if (full_scan)
		malloc_trim(0);
#endif
	schedule_retry(d, rc != 0);
	schedule_release(d);
	set_status(d);
}

static void
log_feed_changes(const struct config *old, const struct config *new)
{
	size_t i;

	for (i = 0; i < new->feed_count; i++)
		if (config_find_feed(old, new->feeds[i].name) == NULL)
			log_notice("new feed '%s'", new->feeds[i].name);
	for (i = 0; i < old->feed_count; i++)
		if (config_find_feed(new, old->feeds[i].name) == NULL)
			log_notice("feed '%s' is no longer in %s: its files in %s "
			    "are left as they are", old->feeds[i].name,
			    new->path, new->output_dir);
}

/* Fills in the state's default place. False, with err set, when the
 * state or a folder is where it must not be. */
static bool
locations_ok(struct config *fresh, char *err, size_t errlen)
{
	state_path_apply_default(fresh);
	return state_path_check(fresh, err, errlen) == 0;
}

/* The old state has nothing uncommitted; a refused new one keeps it. */
static void
switch_state(struct daemon *d, const struct config *fresh)
{
	struct state *state = state_load(fresh->state_file);

	if (state == NULL) {
		log_error("keeping the state in %s", d->config->state_file);
		return;
	}
	state_free(d->state);
	d->state = state;
	state_path_import_legacy(state, fresh);
}

/* Build new, validate, swap, free old; a broken config changes nothing.
 * Returns whether the new config runs (and everything was rebuilt). */
static bool
reload(struct daemon *d)
{
	struct config *fresh = NULL;
	char err[1024];
	bool same_articles;

	notify_reloading();
	if (config_load(d->config_path, &fresh, err, sizeof(err)) != 0 ||
	    !locations_ok(fresh, err, sizeof(err)) ||
	    config_apply_zone(fresh, err, sizeof(err)) != 0) {
		log_error("%s; keeping the configuration that is running", err);
		config_free(fresh);
		notify_send("READY=1\nSTATUS=config error, old config kept: %s",
		    err);
		return false;
	}
	log_notice("%s: reloaded, %zu feeds", d->config_path,
	    fresh->feed_count);
	log_feed_changes(d->config, fresh);
	same_articles = config_same_articles(d->config, fresh);
	stop_watching(d);
	if (!same_articles) {
		library_free(d->library);
		if (strcmp(d->config->state_file, fresh->state_file) != 0)
			switch_state(d, fresh);
		d->library = library_new(d->state);
	}
	config_free(d->config);
	d->config = fresh;
	websub_set_hubs(daemon_websub_pinger(d->hubs), fresh->hubs,
	    fresh->hub_count, fresh->hub_timeout_ms);
	start_watching(d);
	d->pending.rescan = true;	/* events may have passed unseen */
	rebuild(d, true);
	notify_send("READY=1");
	return true;
}

/* ---- callbacks ---- */

static void
on_inotify(struct ev_loop *loop, ev_io *w, int revents)
{
	struct daemon *d = w->data;

	(void)loop;
	(void)revents;
	watcher_read(d->watcher, &d->pending);
	if (!watcher_complete(d->watcher) && !ev_is_active(&d->poll))
		start_polling(d);
	if (!change_set_empty(&d->pending))
		schedule_rebuild(d);
}

static void
on_debounce(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct daemon *d = w->data;
	bool release = d->release_due;

	(void)loop;
	(void)revents;
	d->release_due = false;
	if (d->pending.config_changed) {
		d->pending.config_changed = false;
		if (reload(d))
			return;
		/* Refused: what changed meanwhile is still to be built. */
	}
	if (!change_set_empty(&d->pending) || release)
		rebuild(d, release);
}

static void
on_poll(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct daemon *d = w->data;

	(void)loop;
	(void)revents;
	d->pending.rescan = true;
	rebuild(d, false);
}

static void
on_retry(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct daemon *d = w->data;

	(void)loop;
	(void)revents;
	log_debug("retrying what failed");
	d->pending.rescan = true;
	rebuild(d, false);
}

static void
on_release(struct ev_loop *loop, ev_periodic *w, int revents)
{
	struct daemon *d = w->data;

	(void)loop;
	(void)revents;
	log_info("publishing articles whose time has come");
	d->release_due = true;
	schedule_rebuild(d);
}

static void
on_watchdog(struct ev_loop *loop, ev_timer *w, int revents)
{
	(void)loop;
	(void)w;
	(void)revents;
	notify_send("WATCHDOG=1");
}

static void
on_sighup(struct ev_loop *loop, ev_signal *w, int revents)
{
	struct daemon *d = w->data;

	(void)loop;
	(void)revents;
	log_info("SIGHUP: reloading %s", d->config_path);
	d->pending.config_changed = true;
	/* A burst of SIGHUPs costs one reload. */
	ev_timer_stop(d->loop, &d->debounce);
	ev_timer_set(&d->debounce, SIGHUP_GATHER, 0.);
	ev_timer_start(d->loop, &d->debounce);
}

static void
on_stop(struct ev_loop *loop, ev_signal *w, int revents)
{
	(void)revents;
	log_notice("%s: stopping", strsignal(w->signum));
	ev_break(loop, EVBREAK_ALL);
}

static void
on_syserr(const char *msg)
{
	log_fatal(EXIT_LOOP_FAILED, "libev: %s", msg);
}

/* ---- life cycle ---- */

static void
init_watchers(struct daemon *d)
{
	double ping = notify_watchdog_interval();

	ev_io_init(&d->inotify_io, on_inotify, -1, EV_READ);
	ev_timer_init(&d->debounce, on_debounce, 0., 0.);
	ev_timer_init(&d->poll, on_poll, 0., 0.);
	ev_timer_init(&d->watchdog, on_watchdog, ping, ping);
	ev_timer_init(&d->retry, on_retry, 0., 0.);
	ev_periodic_init(&d->release, on_release, 0., 0., NULL);
	ev_signal_init(&d->sighup, on_sighup, SIGHUP);
	ev_signal_init(&d->sigterm, on_stop, SIGTERM);
	ev_signal_init(&d->sigint, on_stop, SIGINT);
	d->inotify_io.data = d->debounce.data = d->poll.data = d;
	d->retry.data = d;
	d->release.data = d->sighup.data = d;
	/* libev (4.33) watches for clock jumps with a timerfd once a
	 * periodic watcher has run; without one it wakes every 59.7 s to
	 * check the clock. Starting one briefly makes an idle feedd sleep. */
	ev_periodic_set(&d->release, ev_time() + FAR_FUTURE, 0., NULL);
	ev_periodic_start(d->loop, &d->release);
	ev_periodic_stop(d->loop, &d->release);
	ev_signal_start(d->loop, &d->sighup);
	ev_signal_start(d->loop, &d->sigterm);
	ev_signal_start(d->loop, &d->sigint);
	if (ping > 0)
		ev_timer_start(d->loop, &d->watchdog);
}

static void
shut_down(struct daemon *d)
{
	notify_send("STOPPING=1");
	stop_watching(d);
	ev_timer_stop(d->loop, &d->debounce);
	ev_timer_stop(d->loop, &d->watchdog);
	ev_timer_stop(d->loop, &d->retry);
	ev_periodic_stop(d->loop, &d->release);
	change_set_clear(&d->pending);
	daemon_websub_free(d->hubs);
	builder_free(d->builder);
	library_free(d->library);
	state_free(d->state);
	config_free(d->config);
	ev_loop_destroy(d->loop);
}

int
daemon_run(const char *config_path, struct config *config)
{
	struct daemon d;

	memset(&d, 0, sizeof(d));
	signal(SIGPIPE, SIG_IGN);
	ev_set_syserr_cb(on_syserr);
	d.loop = ev_default_loop(EVFLAG_AUTO);
	if (d.loop == NULL)
		log_fatal(EXIT_LOOP_FAILED, "cannot start the event loop");
	d.config_path = config_path;
	d.config = config;
	d.state = state_load(config->state_file);
	if (d.state == NULL) {
		config_free(config);
		ev_loop_destroy(d.loop);
		return EXIT_BAD_CONFIG;
	}
	state_path_import_legacy(d.state, config);
	d.library = library_new(d.state);
	d.builder = builder_new();
	d.hubs = daemon_websub_new(d.loop);
	websub_set_hubs(daemon_websub_pinger(d.hubs), config->hubs,
	    config->hub_count, config->hub_timeout_ms);
	init_watchers(&d);
	/* Watch first, then scan: nothing can change unseen in between. */
	start_watching(&d);
	d.pending.rescan = true;
	rebuild(&d, true);
	log_notice("watching %s; feeds in %s", config->articles_dir,
	    config->output_dir);
	notify_send("READY=1");
	set_status(&d);
	ev_run(d.loop, 0);
	shut_down(&d);
	return 0;
}
