/* SPDX-License-Identifier: MIT */
/* tap: numbered ok/not ok lines, diagnostics on failure, plan at the end. */
#include "autoconfig.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "tap.h"

static int count, failed;

static bool
report(bool pass, const char *file, int line, const char *what)
{
	count++;
	printf("%s %d - %s\n", pass ? "ok" : "not ok", count, what);
	if (!pass) {
		failed++;
		printf("#   failed at %s:%d\n", file, line);
	}
	fflush(stdout);
	return pass;
}

bool
tap_ok(bool pass, const char *file, int line, const char *fmt, ...)
{
	char what[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	return report(pass, file, line, what);
}

bool
tap_is_int(long long got, long long want, const char *file, int line,
    const char *what)
{
	if (!report(got == want, file, line, what)) {
		printf("#        got: %lld\n#   expected: %lld\n", got, want);
		return false;
	}
	return true;
}

bool
tap_is_str(const char *got, const char *want, const char *file, int line,
    const char *what)
{
	bool pass = got != NULL && want != NULL ? strcmp(got, want) == 0 :
	    got == want;

	if (!report(pass, file, line, what)) {
		printf("#        got: '%s'\n#   expected: '%s'\n",
		    got != NULL ? got : "(null)", want != NULL ? want : "(null)");
		return false;
	}
	return true;
}

int
tap_done(void)
{
	printf("1..%d\n", count);
	if (failed > 0)
		printf("# %d of %d failed\n", failed, count);
	return failed > 0 ? 1 : 0;
}
