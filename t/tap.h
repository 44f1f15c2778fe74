/* SPDX-License-Identifier: MIT */
/* tap: a tiny Test Anything Protocol library for the C unit tests. */
#ifndef FEEDD_TAP_H
#define FEEDD_TAP_H

#include <stdbool.h>

bool tap_ok(bool pass, const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
bool tap_is_int(long long got, long long want, const char *file, int line,
    const char *what);
bool tap_is_str(const char *got, const char *want, const char *file,
    int line, const char *what);
/* Prints the plan; returns the exit status for main. */
int tap_done(void);

#define ok(cond, ...) tap_ok((cond), __FILE__, __LINE__, __VA_ARGS__)
#define is_int(got, want, what) \
	tap_is_int((long long)(got), (long long)(want), __FILE__, __LINE__, what)
#define is_str(got, want, what) \
	tap_is_str((got), (want), __FILE__, __LINE__, what)

#endif
