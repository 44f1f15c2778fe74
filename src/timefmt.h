/* SPDX-License-Identifier: MIT */
/* timefmt: the zone feedd reads and writes dates in, the instant a civil
 * time names (date_parse.h reads one), and dates written as RFC 822 and
 * RFC 3339. */
#ifndef FEEDD_TIMEFMT_H
#define FEEDD_TIMEFMT_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "calendar.h"

/* Room for either output format with its terminating NUL. */
#define TIMEFMT_SIZE 40

/* Room for timefmt_zone_describe's words. */
#define TIMEFMT_ZONE_DESCRIPTION_SIZE 320

/* Is name a zone timefmt_set_zone accepts: "UTC", or a name under $TZDIR
 * or /usr/share/zoneinfo? Returns 0, or -1 with a reason in err. Changes
 * nothing, so a config can be checked while another one runs. */
int timefmt_check_zone(const char *name, char *err, size_t errlen);

/* Sets the zone used for dates written without an offset and for output;
 * NULL is the system's zone (TZ as feedd found it, else /etc/localtime).
 * Process-wide (TZ): call it on the main thread, while no other thread
 * parses or formats a date. */
int timefmt_set_zone(const char *name, char *err, size_t errlen);

/* Says which zone timefmt_set_zone(name) uses and where it comes from,
 * such as "Europe/Brussels (from /etc/localtime)". */
void timefmt_zone_describe(const char *name,
    char out[TIMEFMT_ZONE_DESCRIPTION_SIZE]);

/* The instant a civil time names: its own offset when it has one, else the
 * zone set by timefmt_set_zone. */
int timefmt_to_time(const struct civil_time *c, time_t *out, char *err,
    size_t errlen);

/* True for instants that both output formats can express (years 1900-9999). */
bool timefmt_in_range(time_t t);

/* "Fri, 20 May 2016 16:55:00 +0200", English names whatever the locale. */
void timefmt_rfc822(time_t t, char out[TIMEFMT_SIZE]);
/* "2016-05-20T16:55:00+02:00", or "...Z" in UTC. */
void timefmt_rfc3339(time_t t, char out[TIMEFMT_SIZE]);

#endif
