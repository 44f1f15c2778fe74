/* SPDX-License-Identifier: MIT */
/* timefmt: civil times to instants and instants to RFC 822 and RFC 3339
 * text, with no locale and no 32-bit arithmetic. The zone is process-wide
 * (TZ), as mktime(3) needs it: it is set while no other thread parses,
 * and only where the caller says so (checking a config changes
 * nothing). */
#include "autoconfig.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "calendar.h"
#include "timefmt.h"

#define SYSTEM_ZONE_FOLDER "/usr/share/zoneinfo"
#define SYSTEM_ZONE_LINK "/etc/localtime"

static int
fail(char *err, size_t errlen, const char *msg)
{
	snprintf(err, errlen, "%s", msg);
	return -1;
}

static int
mktime_civil(const struct civil_time *c, int day, int hour, int minute,
    int second, time_t *out)
{
	struct tm tm;
	time_t t;

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = c->year - 1900;
	tm.tm_mon = c->month - 1;
	tm.tm_mday = day;
	tm.tm_hour = hour;
	tm.tm_min = minute;
	tm.tm_sec = second;
	tm.tm_isdst = -1;	/* let the zone rules decide, DST or not */
	errno = 0;
	t = mktime(&tm);
	if (t == (time_t)-1 && errno != 0)
		return -1;
	*out = t;
	return 0;
}

/* mktime(3) searches the zone's rules at each call, microseconds a date;
 * articles' dates fall in few months, and most months keep one UTC offset
 * throughout. For those, any local time is the month's first midnight
 * plus the seconds since. A month is taken as steady when every local
 * midnight in it is 24 hours after the one before (a change of offset
 * and its reversal within one day is unknown to the zone database);
 * months with a change ask mktime each time. */
struct month_start {
	int32_t month;		/* year * 12 + month - 1; -1: empty slot */
	bool steady;
	time_t start;
};

/* Articles are parsed on several threads during a full scan. */
static pthread_mutex_t month_lock = PTHREAD_MUTEX_INITIALIZER;
static struct month_start month_cache[256];
static bool month_cache_ready;

static void
month_cache_clear(void)
{
	size_t i;

	for (i = 0; i < sizeof(month_cache) / sizeof(month_cache[0]); i++)
		month_cache[i].month = -1;
	month_cache_ready = true;
}

static void
month_learn(const struct civil_time *c, struct month_start *m)
{
	int day, days = calendar_days_in_month(c->year, c->month);
	struct tm tm;
	time_t t;

	m->month = c->year * 12 + c->month - 1;
	m->steady = mktime_civil(c, 1, 0, 0, 0, &m->start) == 0;
	/* Up to the next month's first midnight: a change on the last day
	 * (the EU's last Sunday of March can be the 31st) counts too. */
	for (day = 2; day <= days + 1 && m->steady; day++) {
		t = m->start + (time_t)(day - 1) * 86400;
		m->steady = localtime_r(&t, &tm) != NULL &&
		    tm.tm_mday == (day <= days ? day : 1) && tm.tm_hour == 0 &&
		    tm.tm_min == 0 && tm.tm_sec == 0;
	}
}

static int
to_local_time(const struct civil_time *c, time_t *out, char *err,
    size_t errlen)
{
	int second = c->second > 59 ? 59 : c->second;
	int32_t month = c->year * 12 + c->month - 1;
	struct month_start *m, found;

	pthread_mutex_lock(&month_lock);
	if (!month_cache_ready)
		month_cache_clear();
	m = &month_cache[(uint32_t)month % 256];
	if (m->month != month)
		month_learn(c, m);
	found = *m;
	pthread_mutex_unlock(&month_lock);
	if (found.steady) {
		*out = found.start + (time_t)(c->day - 1) * 86400 +
		    c->hour * 3600 + c->minute * 60 + second;
		return 0;
	}
	if (mktime_civil(c, c->day, c->hour, c->minute, second, out) != 0)
		return fail(err, errlen, "date cannot be represented");
	return 0;
}

int
timefmt_to_time(const struct civil_time *c, time_t *out, char *err,
    size_t errlen)
{
	int64_t seconds;

	if (calendar_check(c, err, errlen) != 0)
		return -1;
	if (!c->has_offset) {
		if (to_local_time(c, out, err, errlen) != 0)
			return -1;
		if (!timefmt_in_range(*out))
			return fail(err, errlen, "date out of range");
		return 0;
	}
	seconds = calendar_days_from_civil(c->year, c->month, c->day) * 86400 +
	    c->hour * 3600 + c->minute * 60 + (c->second > 59 ? 59 : c->second) -
	    c->offset_seconds;
	if ((int64_t)(time_t)seconds != seconds ||
	    !timefmt_in_range((time_t)seconds))
		return fail(err, errlen, "date out of range");
	*out = (time_t)seconds;
	return 0;
}

bool
timefmt_in_range(time_t t)
{
	int64_t lo = calendar_days_from_civil(CALENDAR_MIN_YEAR, 1, 2) * 86400;
	int64_t hi = calendar_days_from_civil(CALENDAR_MAX_YEAR, 12, 30) * 86400;

	return (int64_t)t >= lo && (int64_t)t <= hi;
}

static const char *
zone_folder(void)
{
	const char *dir = getenv("TZDIR");

	return dir != NULL && dir[0] != '\0' ? dir : SYSTEM_ZONE_FOLDER;
}

int
timefmt_check_zone(const char *name, char *err, size_t errlen)
{
	char path[PATH_MAX];
	struct stat st;
	int n;

	if (strcmp(name, "UTC") == 0)
		return 0;
	if (name[0] == '\0' || name[0] == '/' || name[0] == '.' ||
	    strstr(name, "..") != NULL)
		return fail(err, errlen, "not a time zone name");
	n = snprintf(path, sizeof(path), "%s/%s", zone_folder(), name);
	if (n < 0 || (size_t)n >= sizeof(path) || stat(path, &st) != 0 ||
	    !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "unknown time zone '%s' (use a name such "
		    "as Europe/Brussels from " SYSTEM_ZONE_FOLDER "; install "
		    "tzdata)", name);
		return -1;
	}
	return 0;
}

/* TZ as the process found it, before feedd first set a zone: what "the
 * system's zone" means when the config names none. */
static bool startup_tz_saved;
static char *startup_tz;

static void
save_startup_tz(void)
{
	const char *tz = getenv("TZ");

	if (startup_tz_saved)
		return;
	startup_tz = tz != NULL ? strdup(tz) : NULL;
	startup_tz_saved = tz == NULL || startup_tz != NULL;
}

int
timefmt_set_zone(const char *name, char *err, size_t errlen)
{
	int rc;

	if (name != NULL && timefmt_check_zone(name, err, errlen) != 0)
		return -1;
	save_startup_tz();
	if (!startup_tz_saved)
		return fail(err, errlen, "out of memory");
	if (name != NULL)
		rc = setenv("TZ", name, 1);
	else if (startup_tz != NULL)
		rc = setenv("TZ", startup_tz, 1);
	else
		rc = unsetenv("TZ");
	if (rc != 0)
		return fail(err, errlen, "cannot set TZ");
	tzset();
	pthread_mutex_lock(&month_lock);
	month_cache_clear();
	pthread_mutex_unlock(&month_lock);
	return 0;
}

/* The zone name a link such as /etc/localtime points to, if any. */
static bool
linked_zone_name(const char *link, char *out, size_t len)
{
	char target[PATH_MAX];
	const char *name;
	ssize_t n = readlink(link, target, sizeof(target) - 1);

	if (n <= 0)
		return false;
	target[n] = '\0';
	name = strstr(target, "zoneinfo/");
	if (name == NULL)
		return false;
	snprintf(out, len, "%s", name + strlen("zoneinfo/"));
	return true;
}

void
timefmt_zone_describe(const char *name,
    char out[TIMEFMT_ZONE_DESCRIPTION_SIZE])
{
	const size_t len = TIMEFMT_ZONE_DESCRIPTION_SIZE;
	char linked[PATH_MAX];
	const char *tz;
	struct stat st;

	save_startup_tz();
	tz = startup_tz_saved ? startup_tz : getenv("TZ");
	if (name != NULL)
		snprintf(out, len, "%s (timezone in [site])", name);
	else if (tz != NULL && tz[0] != '\0')
		snprintf(out, len, "%.200s (the system's, from TZ)", tz);
	else if (linked_zone_name(SYSTEM_ZONE_LINK, linked, sizeof(linked)))
		snprintf(out, len, "%.200s (the system's, from "
		    SYSTEM_ZONE_LINK ")", linked);
	else if (stat(SYSTEM_ZONE_LINK, &st) == 0)
		snprintf(out, len, "the system's, from " SYSTEM_ZONE_LINK);
	else
		snprintf(out, len, "UTC (the system has no " SYSTEM_ZONE_LINK
		    ")");
}

static void
split_time(time_t t, struct tm *tm, long *offset)
{
	if (localtime_r(&t, tm) == NULL) {
		/* Out of the zone's reach: fall back to UTC, which always works
		 * for the range timefmt_in_range admits. */
		gmtime_r(&t, tm);
		*offset = 0;
		return;
	}
	*offset = tm->tm_gmtoff;
	if (*offset % 60 != 0) {
		/* Local mean time before 1900-ish zones carried offsets with
		 * seconds, which neither output format can write: say it in
		 * UTC rather than round it. */
		gmtime_r(&t, tm);
		*offset = 0;
	}
}

/* Writes n (0 <= n < 10^width) as width digits; returns the end. */
static char *
put_digits(char *p, long n, int width)
{
	int i;

	for (i = width - 1; i >= 0; i--) {
		p[i] = (char)('0' + n % 10);
		n /= 10;
	}
	return p + width;
}

static char *
put_text(char *p, const char *text, size_t len)
{
	memcpy(p, text, len);
	return p + len;
}

/* "HH:MM:SS", the same in both formats. */
static char *
put_clock(char *p, const struct tm *tm)
{
	p = put_digits(p, tm->tm_hour, 2);
	*p++ = ':';
	p = put_digits(p, tm->tm_min, 2);
	*p++ = ':';
	return put_digits(p, tm->tm_sec, 2);
}

/* "2016-05-20". */
static char *
put_iso_date(char *p, const struct tm *tm)
{
	p = put_digits(p, tm->tm_year + 1900L, 4);
	*p++ = '-';
	p = put_digits(p, tm->tm_mon + 1, 2);
	*p++ = '-';
	return put_digits(p, tm->tm_mday, 2);
}

/* "+0200" or, with a colon, "+02:00". */
static char *
put_offset(char *p, long offset, bool colon)
{
	long abs_offset = offset < 0 ? -offset : offset;

	*p++ = offset < 0 ? '-' : '+';
	p = put_digits(p, abs_offset / 3600 % 100, 2);
	if (colon)
		*p++ = ':';
	return put_digits(p, abs_offset / 60 % 60, 2);
}

/* The formats are fixed: digits are put in place rather than printed,
 * as a feed build formats two dates per item. */
void
timefmt_rfc822(time_t t, char out[TIMEFMT_SIZE])
{
	struct tm tm;
	long offset;
	char *p = out;

	split_time(t, &tm, &offset);
	p = put_text(p, calendar_weekday_names[tm.tm_wday], 3);
	p = put_text(p, ", ", 2);
	p = put_digits(p, tm.tm_mday, 2);
	*p++ = ' ';
	p = put_text(p, calendar_month_names[tm.tm_mon], 3);
	*p++ = ' ';
	p = put_digits(p, tm.tm_year + 1900L, 4);
	*p++ = ' ';
	p = put_clock(p, &tm);
	*p++ = ' ';
	p = put_offset(p, offset, false);
	*p = '\0';
}

void
timefmt_rfc3339(time_t t, char out[TIMEFMT_SIZE])
{
	struct tm tm;
	long offset;
	char *p;

	split_time(t, &tm, &offset);
	p = put_iso_date(out, &tm);
	*p++ = 'T';
	p = put_clock(p, &tm);
	if (offset == 0)
		*p++ = 'Z';
	else
		p = put_offset(p, offset, true);
	*p = '\0';
}
