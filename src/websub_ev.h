/* SPDX-License-Identifier: MIT */
/* websub_ev: runs a websub pinger on a libev loop, one ev_io per socket
 * curl asks to watch and one ev_timer. A module of its own so that
 * daemon.c keeps to its loop and websub.c knows nothing of libev. Owns the
 * pinger; loop thread only. */
#ifndef FEEDD_WEBSUB_EV_H
#define FEEDD_WEBSUB_EV_H

struct ev_loop;
struct websub;
struct websub_ev;

struct websub_ev *websub_ev_new(struct ev_loop *loop);
/* Stops its watchers and frees the pinger. */
void websub_ev_free(struct websub_ev *adapter);

/* The pinger, for websub_set_hubs and websub_publish. */
struct websub *websub_ev_pinger(struct websub_ev *adapter);

#endif
