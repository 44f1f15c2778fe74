/* SPDX-License-Identifier: MIT */
/* xalloc: allocation wrappers; out of memory ends the process with a message. */
#include "autoconfig.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exitcode.h"
#include "log.h"
#include "xalloc.h"

static void *
check(void *ptr, size_t size)
{
	if (ptr == NULL && size != 0)
		log_fatal(EXIT_OUT_OF_MEMORY, "out of memory (%zu bytes)", size);
	return ptr;
}

void *
xmalloc(size_t size)
{
	return check(malloc(size ? size : 1), size ? size : 1);
}

void *
xcalloc(size_t count, size_t size)
{
	return check(calloc(count ? count : 1, size ? size : 1), 1);
}

void *
xrealloc(void *ptr, size_t size)
{
	return check(realloc(ptr, size ? size : 1), size ? size : 1);
}

void *
xreallocarray(void *ptr, size_t count, size_t size)
{
	if (size != 0 && count > SIZE_MAX / size)
		log_fatal(EXIT_OUT_OF_MEMORY, "array too large (%zu x %zu)",
		    count, size);
	return xrealloc(ptr, count * size);
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t len)
{
	char *copy = xmalloc(len + 1);

	memcpy(copy, s, len);
	copy[len] = '\0';
	return copy;
}

char *
xpathjoin(const char *dir, const char *name)
{
	size_t a = strlen(dir), b = strlen(name);
	char *out;

	if (a == 0)
		return xstrndup(name, b);
	if (b == 0)
		return xstrndup(dir, a);
	out = xmalloc(a + b + 2);
	memcpy(out, dir, a);
	out[a] = '/';
	memcpy(out + a + 1, name, b + 1);
	return out;
}

char *
xasprintf(const char *fmt, ...)
{
	va_list ap;
	int len;
	char *out;

	va_start(ap, fmt);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (len < 0)
		log_fatal(EXIT_OUT_OF_MEMORY, "cannot format a message");
	out = xmalloc((size_t)len + 1);
	va_start(ap, fmt);
	vsnprintf(out, (size_t)len + 1, fmt, ap);
	va_end(ap);
	return out;
}
