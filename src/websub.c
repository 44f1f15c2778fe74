/* SPDX-License-Identifier: MIT */
/* websub: pings to WebSub hubs over libcurl's multi interface, which the
 * caller's event loop drives (see websub.h). libcurl is loaded when a hub
 * is first named (websub_libcurl.c): every call goes through curl.NAME,
 * and curl.h gives the types and constants only. */
#include "autoconfig.h"

#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "ping_queue.h"
#include "websub.h"
#include "websub_libcurl.h"
#include "xalloc.h"

/* EX_SOFTWARE: libcurl cannot even start. */
#define EXIT_CURL_FAILED 70

/* Why a pinger sends nothing: what happened to libcurl for it. */
enum pinger_state {
	PINGER_IDLE,		/* no hub named yet: libcurl not loaded */
	PINGER_RUNNING,		/* libcurl loaded and started: pings go out */
	PINGER_NO_LIBCURL,	/* hubs named, libcurl missing: pings are
				 * dropped; loading is tried again when
				 * hubs are named again (a reload) */
};

/* Whether a hub's pings fail: logged when this changes, not per ping. */
struct hub_health {
	char *url;
	struct log_episode episode;
};

/* One POST on its way. */
struct transfer {
	CURL *easy;
	struct ping *ping;
	char error[CURL_ERROR_SIZE];
};

struct websub {
	enum pinger_state state;
	CURLM *multi;		/* while PINGER_RUNNING */
	struct websub_hooks hooks;
	bool hooked;
	struct ping_queue *queue;
	char **hubs;
	size_t hub_count;
	long timeout_ms;
	struct hub_health *health;
	size_t health_count;
	struct transfer **transfers;	/* on their way */
	size_t transfer_count;
	long long curl_due_ms;	/* when curl wants its timeout, -1: never */
	size_t unsent;		/* pings dropped in PINGER_NO_LIBCURL */
};

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static struct hub_health *
health_of(struct websub *ws, const char *url)
{
	size_t i;

	for (i = 0; i < ws->health_count; i++)
		if (strcmp(ws->health[i].url, url) == 0)
			return &ws->health[i];
	ws->health = xreallocarray(ws->health, ws->health_count + 1,
	    sizeof(*ws->health));
	ws->health[ws->health_count].url = xstrdup(url);
	ws->health[ws->health_count].episode =
	    (struct log_episode)LOG_EPISODE_INIT;
	return &ws->health[ws->health_count++];
}

static void
free_hubs(struct websub *ws)
{
	size_t i;

	for (i = 0; i < ws->hub_count; i++)
		free(ws->hubs[i]);
	free(ws->hubs);
	ws->hubs = NULL;
	ws->hub_count = 0;
}

/* ---- callbacks from curl ---- */

static int
on_curl_socket(CURL *easy, curl_socket_t fd, int what, void *user,
    void *socket_data)
{
	struct websub *ws = user;

	(void)easy;
	(void)socket_data;
	ws->hooks.watch_socket(ws->hooks.ctx, fd,
	    what == CURL_POLL_IN || what == CURL_POLL_INOUT,
	    what == CURL_POLL_OUT || what == CURL_POLL_INOUT);
	return 0;
}

/* Only noted here: the loop's timer is set once curl has returned. */
static int
on_curl_timer(CURLM *multi, long ms, void *user)
{
	struct websub *ws = user;

	(void)multi;
	ws->curl_due_ms = ms < 0 ? -1 : now_ms() + ms;
	return 0;
}

/* The hub's answer is not read: a 2xx is all that matters. */
static size_t
discard_body(char *data, size_t size, size_t count, void *user)
{
	(void)data;
	(void)user;
	return size * count;
}

/* ---- pings ---- */

static char *
publish_body(CURL *easy, const char *topic)
{
	char *escaped = curl.easy_escape(easy, topic, 0);
	char *body;

	if (escaped == NULL)
		return NULL;
	/* Hubs read hub.url or hub.topic: both are sent. */
	body = xasprintf("hub.mode=publish&hub.url=%s&hub.topic=%s", escaped,
	    escaped);
	curl.free(escaped);
	return body;
}

/* curl_easy_setopt reads its value with va_arg, as the type the option
 * documents: these pass exactly that type. */
static CURLcode
set_string(CURL *e, CURLoption option, const char *value)
{
	return curl.easy_setopt(e, option, value);
}

static CURLcode
set_long(CURL *e, CURLoption option, long value)
{
	return curl.easy_setopt(e, option, value);
}

static CURLcode
set_pointer(CURL *e, CURLoption option, void *value)
{
	return curl.easy_setopt(e, option, value);
}

static CURLcode
set_write_callback(CURL *e, CURLoption option, curl_write_callback value)
{
	return curl.easy_setopt(e, option, value);
}

static CURLcode
set_options(struct websub *ws, struct transfer *t, const char *body)
{
	CURLcode rc = CURLE_OK;
	CURL *e = t->easy;

#define SET(type, option, value) \
	if (rc == CURLE_OK) rc = set_##type(e, option, value)
	SET(string, CURLOPT_URL, t->ping->hub);
	SET(string, CURLOPT_PROTOCOLS_STR, "http,https");
	SET(string, CURLOPT_COPYPOSTFIELDS, body);
	SET(string, CURLOPT_USERAGENT, "feedd/" PACKAGE_VERSION);
	SET(long, CURLOPT_TIMEOUT_MS, ws->timeout_ms);
	SET(long, CURLOPT_CONNECTTIMEOUT_MS, ws->timeout_ms);
	SET(long, CURLOPT_NOSIGNAL, 1L);
	SET(write_callback, CURLOPT_WRITEFUNCTION, discard_body);
	SET(pointer, CURLOPT_ERRORBUFFER, t->error);
	SET(pointer, CURLOPT_PRIVATE, t);
#undef SET
	return rc;
}

static void finish(struct websub *ws, struct transfer *t, CURLcode result);

static void
start(struct websub *ws, struct ping *ping)
{
	struct transfer *t = xcalloc(1, sizeof(*t));
	CURLcode rc = CURLE_FAILED_INIT;
	char *body = NULL;

	t->ping = ping;
	t->easy = curl.easy_init();
	if (t->easy != NULL)
		body = publish_body(t->easy, ping->topic);
	if (body != NULL)
		rc = set_options(ws, t, body);
	free(body);
	if (rc == CURLE_OK && curl.multi_add_handle(ws->multi, t->easy) !=
	    CURLM_OK)
		rc = CURLE_FAILED_INIT;
	ws->transfers = xreallocarray(ws->transfers, ws->transfer_count + 1,
	    sizeof(*ws->transfers));
	ws->transfers[ws->transfer_count++] = t;
	if (rc != CURLE_OK) {
		if (t->error[0] == '\0')
			snprintf(t->error, sizeof(t->error), "%s",
			    curl.easy_strerror(rc));
		finish(ws, t, rc);
		return;
	}
	log_debug("%s: telling %s", ping->topic, ping->hub);
}

static void
start_due(struct websub *ws)
{
	struct ping *ping;

	while ((ping = ping_queue_next(ws->queue, now_ms())) != NULL)
		start(ws, ping);
}

static void
log_outcome(struct websub *ws, const struct ping *ping, bool ok,
    const char *why, bool given_up)
{
	struct hub_health *h = health_of(ws, ping->hub);

	if (ok) {
		if (!h->episode.failing)
			log_info("%s: hub %s told", ping->topic, ping->hub);
		log_episode_recover(&h->episode, "WebSub hub %s answers again",
		    ping->hub);
		return;
	}
	log_episode_warn(&h->episode, "WebSub hub %s: %s; feedd tries again "
	    "with backoff (check the hub URL in the config)", ping->hub, why);
	if (given_up)
		log_info("%s: not telling %s any more, after %u failures; "
		    "the next change will", ping->topic, ping->hub,
		    PING_MAX_ATTEMPTS);
}

/* Ends the transfer's life: curl forgets it, and so does the list. */
static void
drop_transfer(struct websub *ws, struct transfer *t)
{
	size_t i;

	for (i = 0; i < ws->transfer_count; i++)
		if (ws->transfers[i] == t) {
			ws->transfers[i] = ws->transfers[--ws->transfer_count];
			break;
		}
	if (t->easy != NULL) {
		/* Fails only for a handle never added: nothing to undo. */
		(void)curl.multi_remove_handle(ws->multi, t->easy);
		curl.easy_cleanup(t->easy);
	}
	free(t);
}

static void
finish(struct websub *ws, struct transfer *t, CURLcode result)
{
	long status = 0;
	char why[CURL_ERROR_SIZE + 40];
	bool ok, given_up;
	struct ping ping;

	if (result == CURLE_OK && curl.easy_getinfo(t->easy,
	    CURLINFO_RESPONSE_CODE, &status) != CURLE_OK)
		status = 0;
	ok = result == CURLE_OK && status >= 200 && status <= 299;
	if (result != CURLE_OK)
		snprintf(why, sizeof(why), "%s", t->error[0] != '\0' ?
		    t->error : curl.easy_strerror(result));
	else
		snprintf(why, sizeof(why), "answered HTTP %ld", status);
	/* The ping may be freed by ping_queue_done: log from a copy. */
	ping = *t->ping;
	ping.hub = xstrdup(t->ping->hub);
	ping.topic = xstrdup(t->ping->topic);
	given_up = ping_queue_done(ws->queue, t->ping, ok, now_ms());
	log_outcome(ws, &ping, ok, why, given_up);
	free(ping.hub);
	free(ping.topic);
	drop_transfer(ws, t);
}

static void
read_answers(struct websub *ws)
{
	CURLMsg *msg;
	char *t;
	int left;

	while ((msg = curl.multi_info_read(ws->multi, &left)) != NULL) {
		if (msg->msg != CURLMSG_DONE)
			continue;
		if (curl.easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE,
		    &t) != CURLE_OK || t == NULL)
			continue;
		finish(ws, (struct transfer *)(void *)t, msg->data.result);
	}
}

/* Asks the loop for the sooner of curl's timeout and the next retry. */
static void
set_timer(struct websub *ws)
{
	long long now = now_ms(), wait = ping_queue_wait_ms(ws->queue, now);

	if (ws->curl_due_ms >= 0) {
		long long curl_wait = ws->curl_due_ms - now;
		if (curl_wait < 0)
			curl_wait = 0;
		if (wait < 0 || curl_wait < wait)
			wait = curl_wait;
	}
	ws->hooks.set_timer(ws->hooks.ctx, (long)wait);
}

/* After anything happened: collect answers, send what fell due. */
static void
settle(struct websub *ws)
{
	read_answers(ws);
	start_due(ws);
	/* A new transfer starts when curl's timeout (of 0) fires. */
	if (ws->hooked)
		set_timer(ws);
}

/* Lets curl act on a socket, or on its timeout. A failure here (a
 * socket curl has already let go of) leaves the transfers to their own
 * timeouts. */
static void
drive(struct websub *ws, curl_socket_t fd, int events)
{
	int running;
	CURLMcode rc = curl.multi_socket_action(ws->multi, fd, events,
	    &running);

	if (rc != CURLM_OK)
		log_debug("libcurl: %s", curl.multi_strerror(rc));
}

/* ---- the public face ---- */

/* PINGER_IDLE or PINGER_NO_LIBCURL -> PINGER_RUNNING, or
 * PINGER_NO_LIBCURL when libcurl cannot be loaded. libcurl and its TLS
 * stack are loaded and started only once a hub is named: most sites have
 * none, and loading alone costs milliseconds at every start. */
static void
start_curl(struct websub *ws)
{
	curl_socket_callback on_socket = on_curl_socket;
	curl_multi_timer_callback on_timer = on_curl_timer;

	if (!websub_libcurl_load()) {
		ws->state = PINGER_NO_LIBCURL;
		return;
	}
	if (curl.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		log_fatal(EXIT_CURL_FAILED, "libcurl cannot start");
	ws->multi = curl.multi_init();
	if (ws->multi == NULL)
		log_fatal(EXIT_CURL_FAILED, "libcurl cannot start");
	/* Typed as curl_multi_setopt reads them with va_arg. */
	if (ws->hooked && (curl.multi_setopt(ws->multi,
	    CURLMOPT_SOCKETFUNCTION, on_socket) != CURLM_OK ||
	    curl.multi_setopt(ws->multi, CURLMOPT_SOCKETDATA, (void *)ws) !=
	    CURLM_OK ||
	    curl.multi_setopt(ws->multi, CURLMOPT_TIMERFUNCTION, on_timer) !=
	    CURLM_OK ||
	    curl.multi_setopt(ws->multi, CURLMOPT_TIMERDATA, (void *)ws) !=
	    CURLM_OK))
		log_fatal(EXIT_CURL_FAILED, "libcurl refuses its event "
		    "callbacks");
	ws->state = PINGER_RUNNING;
}

struct websub *
websub_new(const struct websub_hooks *hooks)
{
	struct websub *ws = xcalloc(1, sizeof(*ws));

	ws->queue = ping_queue_new();
	ws->curl_due_ms = -1;
	ws->timeout_ms = 10000;
	if (hooks != NULL) {
		ws->hooks = *hooks;
		ws->hooked = true;
	}
	return ws;
}

void
websub_free(struct websub *ws)
{
	size_t i, pending;

	if (ws == NULL)
		return;
	pending = ping_queue_count(ws->queue);
	if (pending > 0)
		log_info("%zu WebSub ping%s dropped on the way out", pending,
		    pending == 1 ? "" : "s");
	while (ws->transfer_count > 0)
		drop_transfer(ws, ws->transfers[0]);
	free(ws->transfers);
	ping_queue_free(ws->queue);
	free_hubs(ws);
	for (i = 0; i < ws->health_count; i++)
		free(ws->health[i].url);
	free(ws->health);
	if (ws->state == PINGER_RUNNING) {
		curl.multi_cleanup(ws->multi);
		curl.global_cleanup();
	}
	free(ws);
}

void
websub_set_hubs(struct websub *ws, char *const *hubs, size_t count,
    size_t timeout_ms)
{
	size_t i;

	free_hubs(ws);
	ws->hubs = xreallocarray(NULL, count ? count : 1, sizeof(*ws->hubs));
	for (i = 0; i < count; i++)
		ws->hubs[i] = xstrdup(hubs[i]);
	ws->hub_count = count;
	ws->timeout_ms = (long)timeout_ms;
	if (count > 0 && ws->state != PINGER_RUNNING)
		start_curl(ws);
}

void
websub_publish(struct websub *ws, const char *topic_url)
{
	size_t i;

	if (ws->state == PINGER_NO_LIBCURL) {
		ws->unsent += ws->hub_count;
		log_debug("%s: no hub told: libcurl is not loaded", topic_url);
		return;
	}
	for (i = 0; i < ws->hub_count; i++)
		ping_queue_publish(ws->queue, ws->hubs[i], topic_url, now_ms());
	if (ws->hub_count > 0)
		settle(ws);
}

void
websub_socket_ready(struct websub *ws, int fd, bool readable, bool writable)
{
	int events = (readable ? CURL_CSELECT_IN : 0) |
	    (writable ? CURL_CSELECT_OUT : 0);

	drive(ws, fd, events);
	settle(ws);
}

void
websub_timer_fired(struct websub *ws)
{
	if (ws->curl_due_ms >= 0 && ws->curl_due_ms <= now_ms()) {
		ws->curl_due_ms = -1;
		drive(ws, CURL_SOCKET_TIMEOUT, 0);
	}
	settle(ws);
}

size_t
websub_wait(struct websub *ws, long max_ms)
{
	long long deadline = now_ms() + max_ms, wait, retry;
	int running = 0;

	if (ws->state == PINGER_NO_LIBCURL && ws->unsent > 0)
		log_warning("%zu WebSub ping%s not sent: libcurl is not loaded "
		    "(see above)", ws->unsent, ws->unsent == 1 ? "" : "s");
	ws->unsent = 0;
	if (ws->state != PINGER_RUNNING)
		return 0;	/* nothing was queued: nothing to wait for */
	for (;;) {
		start_due(ws);
		if (curl.multi_perform(ws->multi, &running) != CURLM_OK)
			break;
		read_answers(ws);
		if (ping_queue_count(ws->queue) == 0)
			break;
		wait = deadline - now_ms();
		retry = ping_queue_wait_ms(ws->queue, now_ms());
		/* Nothing on its way, and no retry before the deadline. */
		if (wait <= 0 || (running == 0 && (retry < 0 || retry > wait)))
			break;
		if (retry >= 0 && retry < wait)
			wait = retry;
		if (curl.multi_poll(ws->multi, NULL, 0, (int)wait, NULL) !=
		    CURLM_OK)
			break;
	}
	return ping_queue_count(ws->queue);
}
