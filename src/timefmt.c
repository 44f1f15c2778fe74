/* SPDX-License-Identifier: MIT */
/* timefmt: date parsing and formatting with no locale and no 32-bit
 * arithmetic. The zone is process-wide (TZ), as mktime(3) needs it: it is
 * set while no other thread parses, and only where the caller says so
 * (checking a config changes nothing). */
#include "autoconfig.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "text.h"
#include "timefmt.h"

#define MIN_YEAR 1900
#define SYSTEM_ZONE_FOLDER "/usr/share/zoneinfo"
#define SYSTEM_ZONE_LINK "/etc/localtime"
#define MAX_YEAR 9999

static const char *const weekday_names[7] = {
	"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
	"Saturday"
};
static const char *const month_names[12] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December"
};

struct scanner {
	const char *p;
	const char *end;
};

static void
skip_space(struct scanner *s)
{
	size_t n;

	while ((n = text_space_length(s->p, s->end)) > 0)
		s->p += n;
}

static bool
at_end(struct scanner *s)
{
	return s->p >= s->end;
}

static bool
accept_char(struct scanner *s, char c)
{
	if (s->p < s->end && *s->p == c) {
		s->p++;
		return true;
	}
	return false;
}

/* Reads between min and max digits; what follows is the caller's to check
 * ("+0200" is two numbers of two digits). */
static bool
read_number(struct scanner *s, int min, int max, int *out)
{
	int n = 0, value = 0;

	while (s->p < s->end && n < max && *s->p >= '0' && *s->p <= '9') {
		value = value * 10 + (*s->p - '0');
		s->p++;
		n++;
	}
	if (n < min)
		return false;
	*out = value;
	return true;
}

static bool
is_letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Matches a full or three-letter English name; returns its index or -1. */
static int
read_name(struct scanner *s, const char *const *names, int count)
{
	const char *start = s->p;
	size_t len;
	int i;

	while (s->p < s->end && is_letter(*s->p))
		s->p++;
	len = (size_t)(s->p - start);
	for (i = 0; i < count; i++) {
		if ((len == 3 || len == strlen(names[i])) &&
		    strncasecmp(start, names[i], len) == 0)
			return i;
	}
	s->p = start;
	return -1;
}

static bool
leap_year(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
days_in_month(int y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };

	return m == 2 && leap_year(y) ? 29 : days[m - 1];
}

/* Days since 1970-01-01 (H. Hinnant's days_from_civil), in 64 bits. */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int
timefmt_weekday(int year, int month, int day)
{
	int64_t days = days_from_civil(year, month, day);
	int64_t wd = (days + 4) % 7;	/* 1970-01-01 was a Thursday */

	return (int)(wd < 0 ? wd + 7 : wd);
}

static int
fail(char *err, size_t errlen, const char *msg)
{
	snprintf(err, errlen, "%s", msg);
	return -1;
}

/* Rejects impossible dates instead of letting mktime "normalise" them. */
static int
check_fields(const struct civil_time *c, char *err, size_t errlen)
{
	if (c->year < MIN_YEAR || c->year > MAX_YEAR)
		return fail(err, errlen, "year out of range (1900-9999)");
	if (c->month < 1 || c->month > 12)
		return fail(err, errlen, "month out of range (1-12)");
	if (c->day < 1 || c->day > days_in_month(c->year, c->month)) {
		snprintf(err, errlen, "day %d does not exist in %04d-%02d",
		    c->day, c->year, c->month);
		return -1;
	}
	if (c->hour > 23 || c->minute > 59 || c->second > 60)
		return fail(err, errlen, "time of day out of range");
	return 0;
}

static void
civil_init(struct civil_time *c)
{
	memset(c, 0, sizeof(*c));
	c->weekday = -1;
}

/* "AM", "pm", "a.m." after a clock: newsroom exports write a 12-hour
 * clock. Leaves the scanner where it was when none follows; false for a
 * marker after an hour that a 12-hour clock cannot have ("16:55 PM"). */
static bool
read_meridiem(struct scanner *s, int *hour)
{
	const char *start = s->p;
	bool pm;

	skip_space(s);
	if (s->end - s->p < 2 || ((s->p[0] | 0x20) != 'a' &&
	    (s->p[0] | 0x20) != 'p')) {
		s->p = start;
		return true;
	}
	pm = (s->p[0] | 0x20) == 'p';
	s->p++;
	accept_char(s, '.');
	if (at_end(s) || (*s->p | 0x20) != 'm') {
		s->p = start;
		return true;
	}
	s->p++;
	accept_char(s, '.');
	if (!at_end(s) && is_letter(*s->p)) {
		s->p = start;
		return true;
	}
	if (*hour < 1 || *hour > 12)
		return false;
	*hour = *hour % 12 + (pm ? 12 : 0);
	return true;
}

/* "HH:MM" or "HH:MM:SS", fractions of a second dropped, then an optional
 * AM or PM. */
static bool
read_clock(struct scanner *s, struct civil_time *c)
{
	int frac;

	if (!read_number(s, 1, 2, &c->hour) || !accept_char(s, ':') ||
	    !read_number(s, 2, 2, &c->minute))
		return false;
	if (accept_char(s, ':')) {
		if (!read_number(s, 2, 2, &c->second))
			return false;
		if ((accept_char(s, '.') || accept_char(s, ',')) &&
		    !read_number(s, 1, 9, &frac))
			return false;
	}
	return read_meridiem(s, &c->hour);
}

/* Optional "Fri," or "Friday," before a date. */
static void
read_weekday(struct scanner *s, struct civil_time *c)
{
	int wd = read_name(s, weekday_names, 7);

	if (wd >= 0) {
		c->weekday = wd;
		accept_char(s, ',');
		skip_space(s);
	}
}

static int
finish(struct scanner *s, struct civil_time *c, char *err, size_t errlen)
{
	skip_space(s);
	if (!at_end(s))
		return fail(err, errlen, "unexpected text after the date");
	return check_fields(c, err, errlen);
}

int
timefmt_parse_last_update(const char *str, size_t len, struct civil_time *c,
    char *err, size_t errlen)
{
	struct scanner s = { str, str + len };

	civil_init(c);
	skip_space(&s);
	read_weekday(&s, c);
	if (!read_number(&s, 1, 2, &c->day) || !accept_char(&s, '/') ||
	    !read_number(&s, 1, 2, &c->month) || !accept_char(&s, '/') ||
	    !read_number(&s, 4, 4, &c->year))
		return fail(err, errlen,
		    "expected a date as DD/MM/YYYY, e.g. Fri, 20/05/2016 - 16:55");
	skip_space(&s);
	if (accept_char(&s, '-'))
		skip_space(&s);
	if (!at_end(&s) && !read_clock(&s, c))
		return fail(err, errlen, "expected a time as HH:MM after the date");
	return finish(&s, c, err, errlen);
}

static bool
read_numeric_offset(struct scanner *s, struct civil_time *c, bool colon_ok)
{
	int sign, hours, minutes = 0;

	if (accept_char(s, '+'))
		sign = 1;
	else if (accept_char(s, '-'))
		sign = -1;
	else
		return false;
	if (!read_number(s, 2, 2, &hours))
		return false;
	if (colon_ok)
		accept_char(s, ':');
	if (!at_end(s) && *s->p >= '0' && *s->p <= '9' &&
	    !read_number(s, 2, 2, &minutes))
		return false;
	if (hours > 23 || minutes > 59)
		return false;
	c->has_offset = true;
	c->offset_seconds = sign * (hours * 3600 + minutes * 60);
	return true;
}

static int
parse_iso8601(struct scanner *s, struct civil_time *c, char *err,
    size_t errlen)
{
	if (!read_number(s, 4, 4, &c->year) || !accept_char(s, '-') ||
	    !read_number(s, 2, 2, &c->month) || !accept_char(s, '-') ||
	    !read_number(s, 2, 2, &c->day))
		return fail(err, errlen, "expected YYYY-MM-DD");
	if (at_end(s))
		return check_fields(c, err, errlen);
	if (!accept_char(s, 'T') && !accept_char(s, 't'))
		skip_space(s);
	if (!read_clock(s, c))
		return fail(err, errlen, "expected a time as HH:MM[:SS]");
	if (accept_char(s, 'Z') || accept_char(s, 'z')) {
		c->has_offset = true;
		c->offset_seconds = 0;
	} else if (!at_end(s) && (*s->p == '+' || *s->p == '-') &&
	    !read_numeric_offset(s, c, true)) {
		return fail(err, errlen, "bad UTC offset (use +HH:MM)");
	}
	return finish(s, c, err, errlen);
}

/* RFC 2822 §4.3 obsolete zones are still common in the wild. */
static bool
read_zone_name(struct scanner *s, struct civil_time *c)
{
	static const struct { const char *name; int hours; } zones[] = {
		{ "UT", 0 }, { "UTC", 0 }, { "GMT", 0 }, { "Z", 0 },
		{ "EST", -5 }, { "EDT", -4 }, { "CST", -6 }, { "CDT", -5 },
		{ "MST", -7 }, { "MDT", -6 }, { "PST", -8 }, { "PDT", -7 },
	};
	const char *start = s->p;
	size_t len, i;

	while (s->p < s->end && *s->p >= 'A' && *s->p <= 'Z')
		s->p++;
	len = (size_t)(s->p - start);
	for (i = 0; i < sizeof(zones) / sizeof(zones[0]); i++) {
		if (len == strlen(zones[i].name) &&
		    memcmp(start, zones[i].name, len) == 0) {
			c->has_offset = true;
			c->offset_seconds = zones[i].hours * 3600;
			return true;
		}
	}
	s->p = start;
	return false;
}

static int
parse_rfc2822(struct scanner *s, struct civil_time *c, char *err,
    size_t errlen)
{
	int month;

	read_weekday(s, c);
	if (!read_number(s, 1, 2, &c->day))
		return fail(err, errlen, "unrecognised date format");
	skip_space(s);
	month = read_name(s, month_names, 12);
	if (month < 0)
		return fail(err, errlen, "expected an English month name");
	c->month = month + 1;
	skip_space(s);
	if (!read_number(s, 4, 4, &c->year))
		return fail(err, errlen, "expected a four-digit year");
	skip_space(s);
	if (!at_end(s)) {
		if (!read_clock(s, c))
			return fail(err, errlen, "expected a time as HH:MM[:SS]");
		skip_space(s);
		if (!at_end(s) && !read_numeric_offset(s, c, false) &&
		    !read_zone_name(s, c))
			return fail(err, errlen, "unrecognised time zone");
	}
	return finish(s, c, err, errlen);
}

/* Which of the three forms a date is in shows in its first characters. */
int
timefmt_parse_date(const char *str, size_t len, struct civil_time *c,
    char *err, size_t errlen)
{
	struct scanner s = { str, str + len };
	const char *p;
	int digits = 0;

	civil_init(c);
	skip_space(&s);
	for (p = s.p; p < s.end && *p >= '0' && *p <= '9'; p++)
		digits++;
	if (digits == 4 && p < s.end && *p == '-')
		return parse_iso8601(&s, c, err, errlen);
	for (p = s.p; p < s.end && *p != '/'; p++)
		;
	if (p < s.end)
		return timefmt_parse_last_update(str, len, c, err, errlen);
	return parse_rfc2822(&s, c, err, errlen);
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
	int day, days = days_in_month(c->year, c->month);
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

	if (check_fields(c, err, errlen) != 0)
		return -1;
	if (!c->has_offset) {
		if (to_local_time(c, out, err, errlen) != 0)
			return -1;
		if (!timefmt_in_range(*out))
			return fail(err, errlen, "date out of range");
		return 0;
	}
	seconds = days_from_civil(c->year, c->month, c->day) * 86400 +
	    c->hour * 3600 + c->minute * 60 + (c->second > 59 ? 59 : c->second) -
	    c->offset_seconds;
	if ((int64_t)(time_t)seconds != seconds ||
	    !timefmt_in_range((time_t)seconds))
		return fail(err, errlen, "date out of range");
	*out = (time_t)seconds;
	return 0;
}

const char *
timefmt_weekday_name(int weekday)
{
	return weekday_names[((weekday % 7) + 7) % 7];
}

bool
timefmt_in_range(time_t t)
{
	int64_t lo = days_from_civil(MIN_YEAR, 1, 2) * 86400;
	int64_t hi = days_from_civil(MAX_YEAR, 12, 30) * 86400;

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

/* The formats are fixed: digits are put in place rather than printed,
 * as a feed build formats two dates per item. */
void
timefmt_rfc822(time_t t, char out[TIMEFMT_SIZE])
{
	struct tm tm;
	long offset, abs_offset;
	char *p = out;

	split_time(t, &tm, &offset);
	abs_offset = offset < 0 ? -offset : offset;
	p = put_text(p, weekday_names[tm.tm_wday], 3);
	p = put_text(p, ", ", 2);
	p = put_digits(p, tm.tm_mday, 2);
	*p++ = ' ';
	p = put_text(p, month_names[tm.tm_mon], 3);
	*p++ = ' ';
	p = put_digits(p, tm.tm_year + 1900L, 4);
	*p++ = ' ';
	p = put_digits(p, tm.tm_hour, 2);
	*p++ = ':';
	p = put_digits(p, tm.tm_min, 2);
	*p++ = ':';
	p = put_digits(p, tm.tm_sec, 2);
	*p++ = ' ';
	*p++ = offset < 0 ? '-' : '+';
	p = put_digits(p, abs_offset / 3600 % 100, 2);
	p = put_digits(p, abs_offset / 60 % 60, 2);
	*p = '\0';
}

void
timefmt_rfc3339(time_t t, char out[TIMEFMT_SIZE])
{
	struct tm tm;
	long offset, abs_offset;
	char *p = out;

	split_time(t, &tm, &offset);
	abs_offset = offset < 0 ? -offset : offset;
	p = put_digits(p, tm.tm_year + 1900L, 4);
	*p++ = '-';
	p = put_digits(p, tm.tm_mon + 1, 2);
	*p++ = '-';
	p = put_digits(p, tm.tm_mday, 2);
	*p++ = 'T';
	p = put_digits(p, tm.tm_hour, 2);
	*p++ = ':';
	p = put_digits(p, tm.tm_min, 2);
	*p++ = ':';
	p = put_digits(p, tm.tm_sec, 2);
	if (offset == 0) {
		*p++ = 'Z';
	} else {
		*p++ = offset < 0 ? '-' : '+';
		p = put_digits(p, abs_offset / 3600 % 100, 2);
		*p++ = ':';
		p = put_digits(p, abs_offset / 60 % 60, 2);
	}
	*p = '\0';
}
