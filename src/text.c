/* SPDX-License-Identifier: MIT */
/* text: byte-level text handling shared by the article parser and the writers. */
#include "autoconfig.h"

#include <stdint.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "text.h"
#include "xalloc.h"

/* Decodes one UTF-8 sequence; returns its length, or 0 when the bytes at s
 * are not a valid, shortest-form encoding of a scalar value. */
static size_t
utf8_decode(const unsigned char *s, size_t avail, uint32_t *cp)
{
	size_t len, i;
	uint32_t value, min;

	if (avail == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xE0) == 0xC0) {
		len = 2; value = s[0] & 0x1F; min = 0x80;
	} else if ((s[0] & 0xF0) == 0xE0) {
		len = 3; value = s[0] & 0x0F; min = 0x800;
	} else if ((s[0] & 0xF8) == 0xF0) {
		len = 4; value = s[0] & 0x07; min = 0x10000;
	} else {
		return 0;
	}
	if (avail < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		value = (value << 6) | (s[i] & 0x3F);
	}
	if (value < min || value > 0x10FFFF ||
	    (value >= 0xD800 && value <= 0xDFFF))
		return 0;
	*cp = value;
	return len;
}

static void
utf8_encode(struct buffer *out, uint32_t cp)
{
	char bytes[4];
	size_t len;

	if (cp < 0x80) {
		bytes[0] = (char)cp;
		len = 1;
	} else if (cp < 0x800) {
		bytes[0] = (char)(0xC0 | (cp >> 6));
		bytes[1] = (char)(0x80 | (cp & 0x3F));
		len = 2;
	} else if (cp < 0x10000) {
		bytes[0] = (char)(0xE0 | (cp >> 12));
		bytes[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		bytes[2] = (char)(0x80 | (cp & 0x3F));
		len = 3;
	} else {
		bytes[0] = (char)(0xF0 | (cp >> 18));
		bytes[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		bytes[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		bytes[3] = (char)(0x80 | (cp & 0x3F));
		len = 4;
	}
	buffer_append(out, bytes, len);
}

size_t
text_utf8_decode(const char *s, size_t avail, uint32_t *cp)
{
	return utf8_decode((const unsigned char *)s, avail, cp);
}

char *
text_cut_with_ellipsis(const char *s, size_t len, size_t max)
{
	static const char ellipsis[] = "\xE2\x80\xA6";	/* U+2026 */
	size_t cut = max - (sizeof(ellipsis) - 1);
	char *out;

	if (len <= max)
		return xstrndup(s, len);
	while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
		cut--;
	out = xmalloc(cut + sizeof(ellipsis));
	memcpy(out, s, cut);
	memcpy(out + cut, ellipsis, sizeof(ellipsis));
	return out;
}

/* Windows-1252 0x80..0x9F; 0 marks the five unassigned bytes. */
static const uint16_t cp1252_high[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

void
text_decode_cp1252(const char *s, size_t len, struct buffer *out)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i;

	for (i = 0; i < len; i++) {
		if (p[i] < 0x80)
			buffer_append_char(out, (char)p[i]);
		else if (p[i] < 0xA0)
			utf8_encode(out, cp1252_high[p[i] - 0x80] ?
			    cp1252_high[p[i] - 0x80] : 0xFFFD);
		else
			utf8_encode(out, p[i]);
	}
}

/* XML 1.0 §2.2 Char, minus the controls it discourages (DEL, C1). */
static bool
xml_allowed(uint32_t cp)
{
	if (cp < 0x20)
		return cp == '\t' || cp == '\n';
	if (cp >= 0x7F && cp <= 0x9F)
		return false;
	return cp != 0xFFFE && cp != 0xFFFF;
}

size_t
text_append_xml_clean(struct buffer *out, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, run = 0, step, dropped = 0;
	uint32_t cp;

	/* Copies clean stretches in one call: most text has nothing to drop. */
	while (i < len) {
		step = utf8_decode(p + i, len - i, &cp);
		if (step != 0 && xml_allowed(cp)) {
			i += step;
			continue;
		}
		buffer_append(out, s + run, i - run);
		dropped++;
		if (step == 0) {
			utf8_encode(out, 0xFFFD);
			step = 1;
		}
		i += step;
		run = i;
	}
	buffer_append(out, s + run, len - run);
	return dropped;
}

#ifdef __SSE2__
/* Non-zero for each of 16 bytes that is not plain text: a control other
 * than tab and newline, DEL, or any byte of a multi-byte sequence. Three
 * unsigned saturating steps rather than five compares. */
static inline __m128i
unplain_bytes(const unsigned char *p)
{
	__m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
	/* 0x20-0x7E shifted down by 0x20 is at most 0x5E: zero when printable. */
	__m128i unprintable = _mm_subs_epu8(_mm_sub_epi8(v,
	    _mm_set1_epi8(0x20)), _mm_set1_epi8(0x5E));
	/* Tab and newline shifted down by 9 are at most 1: zero for them. */
	__m128i not_tab_newline = _mm_subs_epu8(_mm_sub_epi8(v,
	    _mm_set1_epi8('\t')), _mm_set1_epi8(1));

	return _mm_min_epu8(unprintable, not_tab_newline);
}

static inline bool
all_zero(__m128i v)
{
	return _mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_setzero_si128())) ==
	    0xFFFF;
}
#endif

/* How many leading bytes are printable ASCII, tab or newline: the common
 * case, checked 64, then 16 bytes at a time where SSE2 is (every x86-64),
 * one at a time elsewhere. */
static size_t
plain_ascii_prefix(const unsigned char *p, size_t len)
{
	size_t i = 0;
#ifdef __SSE2__
	/* Four vectors per test and branch: articles are long runs of
	 * plain text, so the loop rarely stops early. */
	for (; i + 64 <= len; i += 64) {
		__m128i bad = _mm_or_si128(
		    _mm_or_si128(unplain_bytes(p + i), unplain_bytes(p + i + 16)),
		    _mm_or_si128(unplain_bytes(p + i + 32),
		    unplain_bytes(p + i + 48)));
		if (!all_zero(bad))
			break;
	}
	for (; i + 16 <= len; i += 16)
		if (!all_zero(unplain_bytes(p + i)))
			break;
#endif
	for (; i < len; i++)
		if (p[i] >= 0x7F || (p[i] < 0x20 && p[i] != '\t' &&
		    p[i] != '\n'))
			break;
	return i;
}

/* Is s all shortest-form UTF-8 (and, when xml_only, only characters XML
 * allows)? Plain ASCII is skipped in bulk: most text is nothing else. */
static bool
all_valid(const char *s, size_t len, bool xml_only)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, step;
	uint32_t cp;

	while (i < len) {
		i += plain_ascii_prefix(p + i, len - i);
		if (i >= len)
			break;
		step = utf8_decode(p + i, len - i, &cp);
		if (step == 0 || (xml_only && !xml_allowed(cp)))
			return false;
		i += step;
	}
	return true;
}

bool
text_utf8_valid(const char *s, size_t len)
{
	return all_valid(s, len, false);
}

bool
text_is_xml_clean(const char *s, size_t len)
{
	return all_valid(s, len, true);
}

size_t
text_space_length(const char *s, const char *end)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t avail = (size_t)(end - s);

	if (avail == 0)
		return 0;
	if (p[0] == ' ' || p[0] == '\t' || p[0] == '\v' || p[0] == '\f' ||
	    p[0] == '\r' || p[0] == '\n')
		return 1;
	if (avail >= 2 && p[0] == 0xC2 && p[1] == 0xA0)
		return 2;			/* U+00A0 NO-BREAK SPACE */
	if (avail >= 3 && p[0] == 0xE2 && p[1] == 0x80 && p[2] == 0xAF)
		return 3;			/* U+202F NARROW NO-BREAK SPACE */
	if (avail >= 3 && p[0] == 0xE2 && p[1] == 0x80 && p[2] == 0x87)
		return 3;			/* U+2007 FIGURE SPACE */
	return 0;
}

/* White space ends with an ASCII blank or the last byte of one of the
 * sequences above, so trimming from the right checks each candidate. */
static size_t
space_length_before(const char *start, const char *end)
{
	size_t n;

	for (n = 1; n <= 3 && n <= (size_t)(end - start); n++)
		if (text_space_length(end - n, end) == n)
			return n;
	return 0;
}

void
text_trim(const char **start, const char **end)
{
	size_t n;

	while (*start < *end && (n = text_space_length(*start, *end)) > 0)
		*start += n;
	while (*end > *start && (n = space_length_before(*start, *end)) > 0)
		*end -= n;
}

bool
text_is_blank(const char *s, const char *end)
{
	const char *a = s, *b = end;

	text_trim(&a, &b);
	return a == b;
}

static char
ascii_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

void
text_ascii_lower(char *s)
{
	for (; *s != '\0'; s++)
		*s = ascii_lower(*s);
}

bool
text_has_prefix(const char *s, const char *end, const char *prefix)
{
	size_t n = strlen(prefix), i;

	if ((size_t)(end - s) < n)
		return false;
	for (i = 0; i < n; i++)
		if (ascii_lower(s[i]) != ascii_lower(prefix[i]))
			return false;
	return true;
}

bool
text_has_uri_scheme(const char *s)
{
	const char *p = s;

	if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
		return false;
	while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
	    (*p >= '0' && *p <= '9') || *p == '+' || *p == '-' || *p == '.')
		p++;
	return *p == ':' && p[1] != '\0';
}

void
text_append_html_escaped(struct buffer *out, const char *s, size_t len)
{
	size_t i, run = 0;
	const char *entity;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c > '>' || (c != '&' && c != '<' && c != '>'))
			continue;
		entity = c == '&' ? "&amp;" : c == '<' ? "&lt;" : "&gt;";
		buffer_append(out, s + run, i - run);
		buffer_append_string(out, entity);
		run = i + 1;
	}
	buffer_append(out, s + run, len - run);
}

static bool
is_unreserved(unsigned char c, bool keep_slash)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
	    c == '~' || (keep_slash && c == '/');
}

void
text_append_percent_encoded(struct buffer *out, const char *s, size_t len,
    bool keep_slash)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i, run = 0;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		char esc[3];
		if (is_unreserved(c, keep_slash))
			continue;
		buffer_append(out, s + run, i - run);
		esc[0] = '%';
		esc[1] = hex[c >> 4];
		esc[2] = hex[c & 15];
		buffer_append(out, esc, 3);
		run = i + 1;
	}
	buffer_append(out, s + run, len - run);
}
