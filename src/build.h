/* SPDX-License-Identifier: MIT */
/* build: turns the library into every configured feed on disk. */
#ifndef FEEDD_BUILD_H
#define FEEDD_BUILD_H

#include <stddef.h>
#include <time.h>

#include "config.h"
#include "library.h"

struct build_report {
	size_t written;		/* files replaced */
	size_t unchanged;	/* files that already held the same bytes */
	size_t failed;		/* files that could not be written (logged) */
};

/* Writes NAME.atom and NAME.rss for every feed. now decides which articles
 * are published yet. Returns 0, or -1 when any file failed. */
int build_feeds(const struct config *config, struct library *lib, time_t now,
    struct build_report *report);

#endif
