/* SPDX-License-Identifier: MIT */
/* timefmt: reading the dates articles carry, writing RFC 822 and RFC 3339. */
#ifndef FEEDD_TIMEFMT_H
#define FEEDD_TIMEFMT_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

/* A date as written, before any time zone is applied. */
struct civil_time {
	int year, month, day;		/* month 1-12 */
	int hour, minute, second;
	int weekday;			/* 0 = Sunday; -1 when none was written */
	bool has_offset;
	int offset_seconds;		/* east of UTC, when has_offset */
};

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

/* "Fri, 20/05/2016 - 16:55": optional weekday, day/month/year, optional
 * time. Returns 0, or -1 with a reason in err. */
int timefmt_parse_last_update(const char *s, size_t len,
    struct civil_time *out, char *err, size_t errlen);

/* Any date an article may carry, in a header or on its "Last update:"
 * line: RFC 3339 / ISO 8601 ("2016-05-20T16:55:00+02:00", "2016-05-20
 * 16:55", "2016-05-20"), RFC 2822 ("Fri, 20 May 2016 16:55:00 +0200"), or
 * the Last-update form; every clock may be a 12-hour one ("4:05 PM"). A
 * written offset wins over the configured zone. */
int timefmt_parse_date(const char *s, size_t len, struct civil_time *out,
    char *err, size_t errlen);

/* The instant a civil time names: its own offset when it has one, else the
 * zone set by timefmt_set_zone. */
int timefmt_to_time(const struct civil_time *c, time_t *out, char *err,
    size_t errlen);

/* 0 = Sunday, for any proleptic Gregorian date. */
int timefmt_weekday(int year, int month, int day);

/* "Sunday" for 0 ... "Saturday" for 6, in English whatever the locale. */
const char *timefmt_weekday_name(int weekday);

/* True for instants that both output formats can express (years 1900-9999). */
bool timefmt_in_range(time_t t);

/* "Fri, 20 May 2016 16:55:00 +0200", English names whatever the locale. */
void timefmt_rfc822(time_t t, char out[TIMEFMT_SIZE]);
/* "2016-05-20T16:55:00+02:00", or "...Z" in UTC. */
void timefmt_rfc3339(time_t t, char out[TIMEFMT_SIZE]);

#endif
