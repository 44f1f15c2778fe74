/* SPDX-License-Identifier: MIT */
/* daemon_websub: the libev side of the WebSub pinger (see daemon_websub.h). */
#include "autoconfig.h"

#include <ev.h>
#include <stdlib.h>

#include "websub.h"
#include "daemon_websub.h"
#include "xalloc.h"

struct socket_watch {
	ev_io io;
	struct daemon_websub *owner;
};

struct daemon_websub {
	struct ev_loop *loop;
	struct websub *pinger;
	ev_timer timer;
	struct socket_watch **sockets;	/* a few at most: one per ping */
	size_t count;
};

static void
on_io(struct ev_loop *loop, ev_io *w, int revents)
{
	struct socket_watch *s = w->data;

	(void)loop;
	/* The watcher may be freed inside: nothing of it is used after. */
	websub_socket_ready(s->owner->pinger, w->fd,
	    (revents & EV_READ) != 0, (revents & EV_WRITE) != 0);
}

static void
on_timer(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct daemon_websub *a = w->data;

	(void)loop;
	(void)revents;
	websub_timer_fired(a->pinger);
}

static size_t
find_socket(const struct daemon_websub *a, int fd)
{
	size_t i;

	for (i = 0; i < a->count; i++)
		if (a->sockets[i]->io.fd == fd)
			break;
	return i;
}

static void
drop_socket(struct daemon_websub *a, size_t i)
{
	ev_io_stop(a->loop, &a->sockets[i]->io);
	free(a->sockets[i]);
	a->sockets[i] = a->sockets[--a->count];
}

static void
watch_socket(void *ctx, int fd, bool read, bool write)
{
	struct daemon_websub *a = ctx;
	size_t i = find_socket(a, fd);
	struct socket_watch *s;

	if (!read && !write) {
		if (i < a->count)
			drop_socket(a, i);
		return;
	}
	if (i == a->count) {
		s = xcalloc(1, sizeof(*s));
		s->owner = a;
		ev_init(&s->io, on_io);
		s->io.data = s;
		a->sockets = xreallocarray(a->sockets, a->count + 1,
		    sizeof(*a->sockets));
		a->sockets[a->count++] = s;
	}
	s = a->sockets[i];
	ev_io_stop(a->loop, &s->io);
	ev_io_set(&s->io, fd, (read ? EV_READ : 0) | (write ? EV_WRITE : 0));
	ev_io_start(a->loop, &s->io);
}

static void
set_timer(void *ctx, long ms)
{
	struct daemon_websub *a = ctx;

	ev_timer_stop(a->loop, &a->timer);
	if (ms < 0)
		return;
	ev_timer_set(&a->timer, (ev_tstamp)ms / 1000.0, 0.);
	ev_timer_start(a->loop, &a->timer);
}

struct daemon_websub *
daemon_websub_new(struct ev_loop *loop)
{
	struct daemon_websub *a = xcalloc(1, sizeof(*a));
	struct websub_hooks hooks;

	a->loop = loop;
	ev_timer_init(&a->timer, on_timer, 0., 0.);
	a->timer.data = a;
	hooks.ctx = a;
	hooks.watch_socket = watch_socket;
	hooks.set_timer = set_timer;
	a->pinger = websub_new(&hooks);
	return a;
}

void
daemon_websub_free(struct daemon_websub *a)
{
	if (a == NULL)
		return;
	/* Closing curl's sockets calls watch_socket: free the pinger first. */
	websub_free(a->pinger);
	while (a->count > 0)
		drop_socket(a, 0);
	free(a->sockets);
	ev_timer_stop(a->loop, &a->timer);
	free(a);
}

struct websub *
daemon_websub_pinger(struct daemon_websub *a)
{
	return a->pinger;
}
