/* SPDX-License-Identifier: MIT */
/* state_path: where the state lives -- its default place, and the checks
 * that keep it (and the folders) where the web server cannot serve it. */
#ifndef FEEDD_STATE_PATH_H
#define FEEDD_STATE_PATH_H

#include <stddef.h>

#include "config.h"
#include "state.h"

/* Where the state of the config at config_path goes when state_file is
 * not set: $STATE_DIRECTORY, else $XDG_STATE_HOME/feedd when set, else
 * /var/lib/feedd for root and ~/.local/state/feedd for others; named
 * after the config's absolute path (/etc/feedd/feedd.conf gives
 * etc-feedd-feedd.conf.sqlite), so that two configs never share one. */
char *state_default_path(const char *config_path);

/* Sets config->state_file to the default when the config left it unset. */
void state_path_apply_default(struct config *config);

/* Refuses a state file inside the output or articles folder (the web
 * server would publish it), an output folder inside the articles folder
 * (the feeds would be read as articles) and an articles folder inside the
 * output folder. Returns 0, or -1 with "FILE:LINE: message" in err. */
int state_path_check(const struct config *config, char *err, size_t errlen);

/* Imports, once, the old text state files from where earlier versions
 * kept them by default (OUTPUT/.feedd.state, $STATE_DIRECTORY/feedd.state),
 * then removes them: the first was served by the web server. */
void state_path_import_legacy(struct state *state,
    const struct config *config);

#endif
