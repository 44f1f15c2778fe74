/* SPDX-License-Identifier: MIT */
/* date_parse: reads the dates articles carry, as bytes in and a civil
 * time (or a reason) out: no locale, no time zone, no state, so any
 * thread may call it. */
#include "autoconfig.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "calendar.h"
#include "date_parse.h"
#include "text.h"

static int
fail(char *err, size_t errlen, const char *msg)
{
	snprintf(err, errlen, "%s", msg);
	return -1;
}

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
	int wd = read_name(s, calendar_weekday_names, 7);

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
	return calendar_check(c, err, errlen);
}

int
date_parse_last_update(const char *str, size_t len, struct civil_time *c,
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
		return calendar_check(c, err, errlen);
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
	month = read_name(s, calendar_month_names, 12);
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
date_parse(const char *str, size_t len, struct civil_time *c,
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
		return date_parse_last_update(str, len, c, err, errlen);
	return parse_rfc2822(&s, c, err, errlen);
}
