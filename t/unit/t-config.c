/* SPDX-License-Identifier: MIT */
/* Unit tests for config.c: values, defaults, and FILE:LINE errors. */
#include "autoconfig.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "tap.h"
#include "timefmt.h"

#define SITE "[site]\ntitle = News\nurl = https://n.example/\n" \
	"article_url = https://n.example/{section}/{name}.html\n" \
	"articles = in\noutput = out\ntimezone = Europe/Brussels\n"
#define SITE_LINES 8	/* the next line's number */

static struct config *
parse(const char *text, char *err, size_t errlen)
{
	struct config *c = NULL;

	if (config_parse("/etc/feedd/test.conf", text, strlen(text), &c, err,
	    errlen) != 0)
		return NULL;
	return c;
}

/* Expects an error that starts with the file, the line and contains msg. */
static void
expect_error(const char *text, unsigned line, const char *msg,
    const char *what)
{
	char err[512], prefix[64];
	struct config *c = parse(text, err, sizeof(err));

	snprintf(prefix, sizeof(prefix), "/etc/feedd/test.conf:%u: ", line);
	if (!ok(c == NULL && strncmp(err, prefix, strlen(prefix)) == 0 &&
	    strstr(err, msg) != NULL, "%s", what))
		printf("#   message: %s\n#   wanted: %s...%s\n", c ? "(none)" :
		    err, prefix, msg);
	config_free(c);
}

static void
test_good(void)
{
	char err[512];
	struct config *c = parse(SITE "\n[world]\ntitle = World\n"
	    "sections = World, Europe ; a comment\n\n[all]\ntitle = All;x\n"
	    "sections = *\nmax_items = 7\n", err, sizeof(err));

	if (!ok(c != NULL, "a good config parses"))
		printf("#   %s\n", err);
	if (c == NULL)
		return;
	is_int(c->feed_count, 2, "two feeds");
	is_str(c->feeds[0].name, "world", "first feed in file order");
	is_int(c->feeds[0].section_count, 2, "two sections, comment stripped");
	is_str(c->feeds[0].sections[1], "Europe", "section names trimmed");
	is_str(c->feeds[1].title, "All;x", "';' without a space is kept");
	ok(c->feeds[1].all_sections, "sections = * means all");
	is_int(c->feeds[1].max_items, 7, "per-feed max_items");
	is_int(c->feeds[0].max_items, 50, "default max_items 50");
	is_str(c->articles_dir, "/etc/feedd/in", "relative to the config");
	is_str(c->feeds_url, "https://n.example/", "feeds_url defaults to url");
	is_str(c->id_prefix, "tag:n.example,2000:", "default id prefix");
	config_free(c);
	c = parse("\xef\xbb\xbf[site]\ntitle = T\nurl = https://N.Example/\n"
	    "article_url = https://n/{name}\narticles = a\noutput = o\n"
	    "[w]\ntitle = W\nsections = *\n", err, sizeof(err));
	ok(c != NULL, "a BOM before [site] on line 1");
	is_str(c != NULL ? c->id_prefix : NULL, "tag:n.example,2000:",
	    "default id prefix: host in lower case");
	config_free(c);
	c = parse(SITE "\n[world]\ntitle = World\n"
	    "sections = World, Europe ; a comment\n\n[all]\ntitle = All;x\n"
	    "sections = *\nmax_items = 7\n", err, sizeof(err));
	is_str(c->author, "News", "author defaults to the site title");
	is_str(c->feeds[0].description, "World", "description defaults");
	is_int(c->max_article_size, 1024 * 1024, "1 MiB size limit");
	is_int(c->pattern_count, 1, "one default pattern");
	ok(config_feed_wants(&c->feeds[0], "world"), "sections ignore case");
	ok(!config_feed_wants(&c->feeds[0], "Sport"), "other sections not");
	ok(!config_feed_wants(&c->feeds[0], NULL), "no section: not wanted");
	ok(config_feed_wants(&c->feeds[1], NULL), "* takes everything");
	config_free(c);
}

static void
test_errors(void)
{
	char long_line[400];

	expect_error(SITE "tilte = x\n[w]\ntitle=W\nsections=*\n", SITE_LINES,
	    "unknown key 'tilte'", "unknown key");
	expect_error(SITE "[w]\ntitle=W\ntitle=X\nsections=*\n",
	    SITE_LINES + 2, "'title' given twice", "duplicate key");
	expect_error(SITE "[w]\ntitle=W\nsections=*\n  max_items = 3\n",
	    SITE_LINES + 3, "given twice", "indented line is a continuation");
	expect_error(SITE "[w]\ntitle=W\nsections=*\n[W]\ntitle=V\n"
	    "sections=*\n", SITE_LINES + 3, "duplicate section [W]",
	    "duplicate section, ignoring case");
	expect_error(SITE "[site]\n", SITE_LINES, "duplicate section [site]",
	    "duplicate [site]");
	expect_error(SITE "[Site]\ntitle=x\nsections=*\n", SITE_LINES,
	    "written [site]", "[Site] is not a feed name");
	expect_error(SITE "id_prefix = no-scheme\n[w]\ntitle=x\nsections=*\n",
	    SITE_LINES, "URI scheme", "id_prefix without a scheme");
	expect_error(SITE "[w]\nsections=*\n", SITE_LINES,
	    "lacks the required key 'title'", "missing key at the header");
	expect_error(SITE "[empty]\n", SITE_LINES,
	    "lacks the required key", "section with no keys");
	expect_error(SITE "[../evil]\ntitle=x\nsections=*\n", SITE_LINES,
	    "bad feed name", "feed name escaping the output");
	expect_error(SITE "[a/b]\ntitle=x\nsections=*\n", SITE_LINES,
	    "bad feed name", "feed name with a slash");
	expect_error(SITE "[w]\ntitle=W\nsections=*, World\n", SITE_LINES + 2,
	    "takes no other", "* mixed with names");
	expect_error(SITE "[w]\ntitle=W\nsections=*\nmax_items=0\n",
	    SITE_LINES + 3, "whole number", "max_items 0");
	expect_error("[site]\ntitle = N\nurl = ftp://x/\n", 3,
	    "not an absolute http", "bad URL");
	expect_error("title = x\n", 1, "outside any section",
	    "key before any section");
	expect_error("[w]\ntitle=W\nsections=*\n", 1, "no [site] section",
	    "no [site]");
	expect_error("[site]\ntitle = N\nurl = https://n/\n"
	    "article_url = https://n/{slug}\narticles=a\noutput=o\n", 4,
	    "unknown placeholder", "unknown placeholder");
	expect_error("[site]\ntitle = N\nurl = https://n/\n"
	    "article_url = https://n/{section}\narticles=a\noutput=o\n", 4,
	    "same link", "article_url without a key placeholder");
	expect_error("[site]\ntitle = N\nurl = https://n/\n"
	    "article_url = https://n/{name}\narticles=a\noutput=o\n"
	    "timezone = Mars/Base\n[w]\ntitle=W\nsections=*\n", 7,
	    "unknown time zone", "unknown timezone");
	expect_error(SITE "\n\n", SITE_LINES + 1, "no feeds", "no feeds");
	expect_error(SITE "[w]\ntitle=\xff\nsections=*\n", SITE_LINES + 1,
	    "not valid UTF-8", "invalid UTF-8 value");
	expect_error(SITE "[w\ntitle=W\n", SITE_LINES, "without ']'",
	    "unclosed section header");
	expect_error(SITE "[w]\njust words\n", SITE_LINES + 1,
	    "key = value", "line with no '='");

	memset(long_line, 'x', sizeof(long_line));
	memcpy(long_line, "[site]\ntitle = ", 15);
	strcpy(long_line + 7 + 198, "\n");
	expect_error(long_line, 2, "line too long (198 bytes; at most 197)",
	    "198-byte line refused");
}

static void
test_long_line_limit(void)
{
	char text[1024], err[512];
	struct config *c;
	int n;

	/* A title line of exactly 197 bytes must be accepted. */
	n = snprintf(text, sizeof(text), "%s[w]\ntitle = ", SITE);
	memset(text + n, 'y', 197 - 8);
	strcpy(text + n + 197 - 8, "\nsections = *\n");
	c = parse(text, err, sizeof(err));
	if (!ok(c != NULL, "197-byte line accepted"))
		printf("#   %s\n", err);
	if (c != NULL)
		is_int(strlen(c->feeds[0].title), 189, "and kept whole");
	config_free(c);
}

static bool
tz_is(const char *want)
{
	const char *tz = getenv("TZ");

	return tz != NULL && strcmp(tz, want) == 0;
}

/* Parsing checks the zone but sets nothing: a reload refused after its
 * timezone line (here for having no feeds) leaves the running zone, and
 * so does one accepted, until the caller applies it. */
static void
test_zone_untouched(void)
{
	char err[512];
	struct config *c;

	if (timefmt_set_zone("Europe/Brussels", err, sizeof(err)) != 0) {
		ok(0, "Europe/Brussels set: %s", err);
		return;
	}
	c = parse("[site]\ntitle = N\nurl = https://n/\n"
	    "article_url = https://n/{name}\narticles=a\noutput=o\n"
	    "timezone = America/New_York\n", err, sizeof(err));
	ok(c == NULL && strstr(err, "no feeds") != NULL,
	    "a config refused after its timezone line");
	ok(tz_is("Europe/Brussels"), "leaves the zone as it was");
	c = parse("[site]\ntitle = N\nurl = https://n/\n"
	    "article_url = https://n/{name}\narticles=a\noutput=o\n"
	    "timezone = Asia/Tokyo\n[w]\ntitle=W\nsections=*\n", err,
	    sizeof(err));
	ok(c != NULL && tz_is("Europe/Brussels"),
	    "an accepted one too, until applied");
	if (c == NULL)
		return;
	is_int(config_apply_zone(c, err, sizeof(err)), 0, "applied");
	ok(tz_is("Asia/Tokyo"), "then it is in force");
	config_free(c);
	c = parse(SITE "[w]\ntitle=W\nsections=*\n", err, sizeof(err));
	ok(c != NULL && strcmp(c->timezone, "Europe/Brussels") == 0,
	    "timezone read as written");
	config_free(c);
	c = parse("[site]\ntitle = N\nurl = https://n/\n"
	    "article_url = https://n/{name}\narticles=a\noutput=o\n"
	    "[w]\ntitle=W\nsections=*\n", err, sizeof(err));
	ok(c != NULL && c->timezone == NULL,
	    "no timezone: none named, the system's is meant (not UTC)");
	config_free(c);
}

/* hub: repeated, or several URLs on one line, each one checked. */
static void
test_hubs(void)
{
	char err[512];
	struct config *c = parse(SITE "hub = https://h1.example/\n"
	    "hub = http://127.0.0.1:8/a  https://h3.example/p\n"
	    "hub_timeout = 1500ms\n[w]\ntitle=W\nsections=*\n", err,
	    sizeof(err));

	if (!ok(c != NULL, "hub given twice, two URLs on a line"))
		printf("#   %s\n", err);
	if (c != NULL) {
		is_int(c->hub_count, 3, "three hubs");
		is_str(c->hubs[1], "http://127.0.0.1:8/a", "in order");
		is_str(c->hubs[2], "https://h3.example/p", "split at spaces");
		is_int(c->hub_timeout_ms, 1500, "hub_timeout");
	}
	config_free(c);
	c = parse(SITE "[w]\ntitle=W\nsections=*\n", err, sizeof(err));
	if (c != NULL) {
		is_int(c->hub_count, 0, "no hub by default");
		is_int(c->hub_timeout_ms, 10000, "hub_timeout defaults to 10 s");
	}
	config_free(c);
	expect_error(SITE "hub = https://h/ ftp://x/\n", SITE_LINES,
	    "'ftp://x/' is not a", "a bad hub among good");
}

int
main(void)
{
	test_good();
	test_errors();
	test_hubs();
	test_long_line_limit();
	test_zone_untouched();
	return tap_done();
}
