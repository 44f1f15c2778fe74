/* SPDX-License-Identifier: MIT */
/* daemon: the event loop that keeps every feed current as articles and the
 * config change, and talks to systemd. */
#ifndef FEEDD_DAEMON_H
#define FEEDD_DAEMON_H

#include "config.h"

/* Builds everything, then watches until SIGTERM or SIGINT. Takes ownership
 * of config (it is replaced on reload). Returns an exit status. */
int daemon_run(const char *config_path, struct config *config);

#endif
