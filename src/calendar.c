/* SPDX-License-Identifier: MIT */
/* calendar: date arithmetic shared by the date reader and writer. */
#include "autoconfig.h"

#include <stdio.h>

#include "calendar.h"

const char *const calendar_weekday_names[7] = {
	"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
	"Saturday"
};
const char *const calendar_month_names[12] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December"
};

static bool
leap_year(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int
calendar_days_in_month(int y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };

	return m == 2 && leap_year(y) ? 29 : days[m - 1];
}

/* H. Hinnant's days_from_civil. */
int64_t
calendar_days_from_civil(int64_t y, int m, int d)
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
calendar_weekday(int year, int month, int day)
{
	int64_t days = calendar_days_from_civil(year, month, day);
	int64_t wd = (days + 4) % 7;	/* 1970-01-01 was a Thursday */

	return (int)(wd < 0 ? wd + 7 : wd);
}

int
calendar_check(const struct civil_time *c, char *err, size_t errlen)
{
	const char *why = NULL;

	if (c->year < CALENDAR_MIN_YEAR || c->year > CALENDAR_MAX_YEAR)
		why = "year out of range (1900-9999)";
	else if (c->month < 1 || c->month > 12)
		why = "month out of range (1-12)";
	else if (c->day < 1 || c->day > calendar_days_in_month(c->year,
	    c->month)) {
		snprintf(err, errlen, "day %d does not exist in %04d-%02d",
		    c->day, c->year, c->month);
		return -1;
	} else if (c->hour > 23 || c->minute > 59 || c->second > 60)
		why = "time of day out of range";
	if (why == NULL)
		return 0;
	snprintf(err, errlen, "%s", why);
	return -1;
}
