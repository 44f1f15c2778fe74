/* SPDX-License-Identifier: MIT */
/* buffer: growable byte strings used by the parsers and writers. */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "buffer.h"
#include "xalloc.h"

/* Unused bytes a taken buffer may keep. */
#define TAKE_SLACK_MAX 64

static void
buffer_reserve(struct buffer *b, size_t extra)
{
	size_t need = b->len + extra + 1;

	if (need < b->len)
		need = (size_t)-1;	/* xrealloc reports the failure */
	if (need <= b->cap)
		return;
	if (b->cap == 0)
		b->cap = 64;
	while (b->cap < need)
		b->cap = b->cap > ((size_t)-1) / 2 ? need : b->cap * 2;
	b->data = xrealloc(b->data, b->cap);
}

void
buffer_append(struct buffer *b, const char *bytes, size_t len)
{
	buffer_reserve(b, len);
	if (len > 0)
		memcpy(b->data + b->len, bytes, len);
	b->len += len;
	b->data[b->len] = '\0';
}

char *
buffer_space(struct buffer *b, size_t extra)
{
	buffer_reserve(b, extra);
	return b->data + b->len;
}

void
buffer_commit(struct buffer *b, size_t len)
{
	b->len += len;
	b->data[b->len] = '\0';
}

void
buffer_append_string(struct buffer *b, const char *s)
{
	buffer_append(b, s, strlen(s));
}

void
buffer_append_char(struct buffer *b, char c)
{
	buffer_append(b, &c, 1);
}

void
buffer_reset(struct buffer *b)
{
	b->len = 0;
	if (b->data != NULL)
		b->data[0] = '\0';
}

char *
buffer_take(struct buffer *b)
{
	char *out = b->data != NULL ? b->data : xstrdup("");

	/* What is taken is kept (an item's rendering, an article's body):
	 * the room doubling left past its end goes back to the heap, for
	 * the next allocation to use instead of fresh pages. */
	if (b->data != NULL && b->cap - b->len > TAKE_SLACK_MAX)
		out = xrealloc(out, b->len + 1);

	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	return out;
}

void
buffer_free(struct buffer *b)
{
	free(b->data);
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
}
