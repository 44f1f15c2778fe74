/* SPDX-License-Identifier: MIT */
/* daemon_websub: runs a websub pinger on a libev loop, one ev_io per socket
 * curl asks to watch and one ev_timer. Part of the daemon, the one module
 * that sees libev, in a file of its own so that daemon.c keeps to its
 * loop and websub.c knows nothing of libev. Owns the pinger; loop thread
 * only. */
#ifndef FEEDD_DAEMON_WEBSUB_H
#define FEEDD_DAEMON_WEBSUB_H

struct ev_loop;
struct websub;
struct daemon_websub;

struct daemon_websub *daemon_websub_new(struct ev_loop *loop);
/* Stops its watchers and frees the pinger. */
void daemon_websub_free(struct daemon_websub *adapter);

/* The pinger, for websub_set_hubs and websub_publish. */
struct websub *daemon_websub_pinger(struct daemon_websub *adapter);

#endif
