/* SPDX-License-Identifier: MIT */
/* Unit tests for text.c: UTF-8, Windows-1252, XML cleaning, escaping. */
#include "autoconfig.h"

#include <string.h>

#include "buffer.h"
#include "tap.h"
#include "text.h"

static void
test_utf8(void)
{
	ok(text_utf8_valid("caf\xc3\xa9", 5), "valid two-byte sequence");
	ok(text_utf8_valid("\xf0\x9f\x93\xb0", 4), "valid four-byte sequence");
	ok(!text_utf8_valid("caf\xe9", 4), "Latin-1 byte is not UTF-8");
	ok(!text_utf8_valid("\xc0\xaf", 2), "overlong '/' refused");
	ok(!text_utf8_valid("\xed\xa0\x80", 3), "surrogate refused");
	ok(!text_utf8_valid("\xf4\x90\x80\x80", 4), "above U+10FFFF refused");
	ok(!text_utf8_valid("\xe2\x82", 2), "truncated sequence refused");
}

static void
test_cp1252(void)
{
	struct buffer b = BUFFER_INIT;

	text_decode_cp1252("\x93" "caf\xe9" "\x94 \x80", 8, &b);
	is_str(b.data, "\xe2\x80\x9c" "caf\xc3\xa9" "\xe2\x80\x9d \xe2\x82\xac",
	    "curly quotes, e-acute and euro sign decoded");
	buffer_reset(&b);
	text_decode_cp1252("\x81", 1, &b);
	is_str(b.data, "\xef\xbf\xbd", "unassigned byte becomes U+FFFD");
	buffer_free(&b);
}

static void
test_xml_clean(void)
{
	struct buffer b = BUFFER_INIT;
	size_t dropped;

	dropped = text_append_xml_clean(&b, "a\x01" "b\x0b" "c\x1b\x7f"
	    "d\xc2\x85" "e\tf\n", 14);
	is_str(b.data, "abcde\tf\n", "C0, DEL and C1 controls dropped");
	is_int(dropped, 5, "five code points dropped");
	buffer_reset(&b);
	dropped = text_append_xml_clean(&b, "x\xffy", 3);
	is_str(b.data, "x\xef\xbf\xbdy", "invalid byte replaced by U+FFFD");
	buffer_reset(&b);
	text_append_xml_clean(&b, "\xef\xbf\xbe!", 4);
	is_str(b.data, "!", "U+FFFE dropped");
	ok(text_is_xml_clean("NATO\xc2\xa0 to", 9), "NBSP is clean");
	ok(!text_is_xml_clean("a\0b", 3), "NUL is not clean");
	{
		/* The 64-, 16- and one-byte paths, at every offset. */
		char line[201];
		const char bad[] = { 0x01, 0x1f, 0x7f, 0x0b, (char)0x80,
		    (char)0xff };
		size_t at, k, len;
		bool all = true;
		memset(line, 'x', 200);
		line[200] = '\0';
		ok(text_is_xml_clean(line, 200), "200 plain bytes are clean");
		for (len = 1; len <= 200; len += len < 70 ? 1 : 13)
			for (k = 0; k < sizeof(bad); k++)
				for (at = 0; at < len; at++) {
					line[at] = bad[k];
					all &= !text_is_xml_clean(line, len);
					line[at] = '\n';
					all &= text_is_xml_clean(line, len);
					line[at] = 'x';
				}
		ok(all, "a control or stray byte is found at any offset of "
		    "any length, newlines pass");
		all = true;
		for (k = 0; k < 256; k++)
			for (at = 0; at < 200; at += 7) {
				bool plain = (k >= 0x20 && k <= 0x7e) ||
				    k == '\t' || k == '\n';
				line[at] = (char)k;
				all &= text_is_xml_clean(line, 200) == plain;
				line[at] = 'x';
			}
		ok(all, "each of the 256 byte values alone amid ASCII: clean "
		    "exactly when printable, tab or newline");
		line[17] = (char)0xc2;
		ok(!text_is_xml_clean(line, 40), "a lone lead byte is not clean");
		line[18] = (char)0xa0;
		ok(text_is_xml_clean(line, 40), "NBSP amid ASCII is clean");
	}
	buffer_free(&b);
}

static void
test_trim_and_blank(void)
{
	const char *s = "\xc2\xa0 Title \xc2\xa0";
	const char *a = s, *e = s + strlen(s);

	text_trim(&a, &e);
	is_int(e - a, 5, "NBSP and spaces trimmed on both ends");
	ok(text_is_blank(" \xc2\xa0\t", " \xc2\xa0\t" + 4),
	    "NBSP-only line is blank");
	ok(!text_is_blank(" x", " x" + 2), "text is not blank");
	ok(text_has_uri_scheme("tag:a,2000:x") &&
	    text_has_uri_scheme("urn:uuid:1") &&
	    !text_has_uri_scheme("no-scheme") && !text_has_uri_scheme("1x:y") &&
	    !text_has_uri_scheme("tag:"), "URI schemes told from plain text");
	ok(text_has_prefix("LAST UPDATE: x", "LAST UPDATE: x" + 14,
	    "Last update:"), "prefix test ignores ASCII case");
}

static void
test_ascii_lower(void)
{
	char host[] = "News.EXAMPLE.org\xc3\x89";

	text_ascii_lower(host);
	is_str(host, "news.example.org\xc3\x89",
	    "ASCII letters lowered, UTF-8 bytes left alone");
}

static void
test_escaping(void)
{
	struct buffer b = BUFFER_INIT;

	text_append_html_escaped(&b, "<script>&amp;</script>", 22);
	is_str(b.data, "&lt;script&gt;&amp;amp;&lt;/script&gt;",
	    "markup escaped exactly once");
	buffer_reset(&b);
	text_append_percent_encoded(&b, "a b/c\xc3\xa9?", 8, false);
	is_str(b.data, "a%20b%2Fc%C3%A9%3F", "percent-encoding of a segment");
	buffer_reset(&b);
	text_append_percent_encoded(&b, "europe/x y", 10, true);
	is_str(b.data, "europe/x%20y", "slashes kept in paths");
	buffer_free(&b);
}

int
main(void)
{
	test_utf8();
	test_cp1252();
	test_xml_clean();
	test_trim_and_blank();
	test_ascii_lower();
	test_escaping();
	return tap_done();
}
