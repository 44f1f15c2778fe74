/* SPDX-License-Identifier: MIT */
/* xalloc: allocation that cannot fail; running out of memory is fatal. */
#ifndef FEEDD_XALLOC_H
#define FEEDD_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *ptr, size_t size);
/* realloc for arrays, with the multiplication checked for overflow. */
void *xreallocarray(void *ptr, size_t count, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t len);
/* "dir/name", or name alone when dir is empty, or dir alone when name
 * is: paths are joined often enough for printf's cost to show. */
char *xpathjoin(const char *dir, const char *name);
/* A freshly allocated printf result. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
