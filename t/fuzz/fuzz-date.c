/* SPDX-License-Identifier: MIT */
/* libFuzzer harness: the date parsers. A date that is accepted must be
 * real, in range, and come back unchanged through RFC 3339 and RFC 822. */
#include "autoconfig.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "date_parse.h"
#include "timefmt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_round_trip(time_t t)
{
	struct civil_time c;
	char text[TIMEFMT_SIZE], err[200];
	time_t back;

	if (!timefmt_in_range(t))
		abort();
	timefmt_rfc3339(t, text);
	if (date_parse(text, strlen(text), &c, err, sizeof(err)) != 0 ||
	    timefmt_to_time(&c, &back, err, sizeof(err)) != 0 || back != t)
		abort();
	timefmt_rfc822(t, text);
	if (date_parse(text, strlen(text), &c, err, sizeof(err)) != 0 ||
	    timefmt_to_time(&c, &back, err, sizeof(err)) != 0 || back != t)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int zone_set;
	struct civil_time c;
	char err[200];
	time_t t;

	if (!zone_set) {
		timefmt_set_zone("America/New_York", err, sizeof(err));
		zone_set = 1;
	}
	if (date_parse((const char *)data, size, &c, err,
	    sizeof(err)) == 0 && timefmt_to_time(&c, &t, err, sizeof(err)) == 0)
		check_round_trip(t);
	if (date_parse_last_update((const char *)data, size, &c, err,
	    sizeof(err)) == 0 && timefmt_to_time(&c, &t, err, sizeof(err)) == 0)
		check_round_trip(t);
	return 0;
}
