/* SPDX-License-Identifier: MIT */
/* text: UTF-8 checks, legacy decoding, XML-safe cleaning, escaping.
 * Every function treats its input as hostile bytes. */
#ifndef FEEDD_TEXT_H
#define FEEDD_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buffer.h"

/* Strict UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF. */
bool text_utf8_valid(const char *s, size_t len);

/* Decodes the UTF-8 sequence at s into *cp; returns its length in bytes, or
 * 0 when the bytes are not the shortest encoding of a scalar value. */
size_t text_utf8_decode(const char *s, size_t avail, uint32_t *cp);

/* A copy of the len bytes at s; when len is over max (at least 3), cut at
 * a character boundary and ended with U+2026 "..." so that it holds at
 * most max bytes. The caller frees it. */
char *text_cut_with_ellipsis(const char *s, size_t len, size_t max);

/* Windows-1252 to UTF-8; the five unassigned bytes become U+FFFD. */
void text_decode_cp1252(const char *s, size_t len, struct buffer *out);

/* Appends s to out without the code points XML 1.0 forbids or discourages
 * (C0 controls but tab and newline, DEL, C1 controls, U+FFFE, U+FFFF);
 * invalid UTF-8 becomes U+FFFD. Returns how many code points were dropped
 * or replaced. */
size_t text_append_xml_clean(struct buffer *out, const char *s, size_t len);

/* True when s holds nothing text_append_xml_clean would drop. */
bool text_is_xml_clean(const char *s, size_t len);

/* Length in bytes of the white-space character at s (ASCII blanks, U+00A0,
 * U+2007, U+202F), 0 when s does not start with one. */
size_t text_space_length(const char *s, const char *end);

/* Moves *start and *end inwards past white space as text_space_length sees it. */
void text_trim(const char **start, const char **end);

bool text_is_blank(const char *s, const char *end);

/* Lowers the ASCII letters of s in place; every other byte, UTF-8
 * included, stays as it is (no locale). */
void text_ascii_lower(char *s);

/* ASCII case-insensitive prefix test on a counted string. */
bool text_has_prefix(const char *s, const char *end, const char *prefix);

/* Does s start with a URI scheme and a colon ("tag:", "urn:", "https:"),
 * with something after it? */
bool text_has_uri_scheme(const char *s);

/* HTML-escapes & < > so that text between tags can only ever be text
 * (not for attribute values, which feedd never builds). */
void text_append_html_escaped(struct buffer *out, const char *s, size_t len);

/* RFC 3986 percent-encoding; unreserved characters (and '/' when
 * keep_slash) are kept as they are. */
void text_append_percent_encoded(struct buffer *out, const char *s, size_t len,
    bool keep_slash);

#endif
