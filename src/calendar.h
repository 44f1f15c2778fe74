/* SPDX-License-Identifier: MIT */
/* calendar: the proleptic Gregorian calendar in 64-bit arithmetic, with no
 * locale and no time zone: days since 1970, weekdays, month lengths, the
 * English day and month names, and the dates feedd accepts at all. Pure
 * and thread-safe. */
#ifndef FEEDD_CALENDAR_H
#define FEEDD_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The years both output formats can write. */
#define CALENDAR_MIN_YEAR 1900
#define CALENDAR_MAX_YEAR 9999

/* A date as written, before any time zone is applied. */
struct civil_time {
	int year, month, day;		/* month 1-12 */
	int hour, minute, second;
	int weekday;			/* 0 = Sunday; -1 when none was written */
	bool has_offset;
	int offset_seconds;		/* east of UTC, when has_offset */
};

/* "Sunday" ... "Saturday" and "January" ... "December". */
extern const char *const calendar_weekday_names[7];
extern const char *const calendar_month_names[12];

/* Days since 1970-01-01 (negative before it). */
int64_t calendar_days_from_civil(int64_t year, int month, int day);

/* 0 = Sunday. */
int calendar_weekday(int year, int month, int day);

/* 28 to 31; month 1-12. */
int calendar_days_in_month(int year, int month);

/* Rejects impossible dates (2016-02-30, 25:00) and years outside
 * CALENDAR_MIN_YEAR..CALENDAR_MAX_YEAR, rather than letting mktime(3)
 * "normalise" them. Returns 0, or -1 with a reason in err. */
int calendar_check(const struct civil_time *c, char *err, size_t errlen);

#endif
