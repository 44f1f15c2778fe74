/* SPDX-License-Identifier: MIT */
/* buffer: a growable byte string, always NUL-terminated. */
#ifndef FEEDD_BUFFER_H
#define FEEDD_BUFFER_H

#include <stddef.h>

struct buffer {
	char *data;	/* NUL-terminated once anything was appended */
	size_t len;
	size_t cap;
};

#define BUFFER_INIT { NULL, 0, 0 }

void buffer_append(struct buffer *b, const char *bytes, size_t len);
void buffer_append_string(struct buffer *b, const char *s);
void buffer_append_char(struct buffer *b, char c);
void buffer_reset(struct buffer *b);
/* Room for extra more bytes, written in place and then counted with
 * buffer_commit: saves a copy when reading files. */
char *buffer_space(struct buffer *b, size_t extra);
void buffer_commit(struct buffer *b, size_t len);
/* Hands the bytes (never NULL, "" when empty) to the caller, who frees them;
 * the buffer is left empty. */
char *buffer_take(struct buffer *b);
void buffer_free(struct buffer *b);

#endif
