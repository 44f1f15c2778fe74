/* SPDX-License-Identifier: MIT */
/* date_parse: the dates an article may carry, read into a civil time (see
 * calendar.h); timefmt_to_time then says which instant it names. Pure
 * and thread-safe. */
#ifndef FEEDD_DATE_PARSE_H
#define FEEDD_DATE_PARSE_H

#include <stddef.h>

#include "calendar.h"

/* Any date an article may carry, in a header or on its "Last update:"
 * line: RFC 3339 / ISO 8601 ("2016-05-20T16:55:00+02:00", "2016-05-20
 * 16:55", "2016-05-20"), RFC 2822 ("Fri, 20 May 2016 16:55:00 +0200"), or
 * the Last-update form; every clock may be a 12-hour one ("4:05 PM"). A
 * written offset wins over the configured zone. Returns 0, or -1 with a
 * reason in err. */
int date_parse(const char *s, size_t len, struct civil_time *out, char *err,
    size_t errlen);

/* "Fri, 20/05/2016 - 16:55": optional weekday, day/month/year, optional
 * time. Returns 0, or -1 with a reason in err. */
int date_parse_last_update(const char *s, size_t len, struct civil_time *out,
    char *err, size_t errlen);

#endif
