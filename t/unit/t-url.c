/* SPDX-License-Identifier: MIT */
/* Unit tests for url.c: what may be published as a link. */
#include "autoconfig.h"

#include <stddef.h>

#include "tap.h"
#include "url.h"

static void
accepted(const char *url)
{
	ok(url_problem(url) == NULL, "accepted: %s", url);
}

static void
refused(const char *url, const char *why)
{
	ok(url_problem(url) != NULL, "refused (%s): %s", why, url);
}

int
main(void)
{
	accepted("https://news.example.org/");
	accepted("http://news.example.org");
	accepted("HTTPS://news.example.org/world/a.html?x=1&y=2#top");
	accepted("https://news.example.org/caf\xc3\xa9.html");
	accepted("https://news.example.org/a%20b.html");
	accepted("https://[2001:db8::1]:8443/a.html");
	accepted("https://news.example.org/who?mail=a@b");
	refused("ftp://news.example.org/", "scheme");
	refused("/world/a.html", "relative");
	refused("javascript:alert(1)", "scheme");
	refused("https://", "no host");
	refused("https:///path", "no host");
	refused("https://news.example.org/a b.html", "space");
	refused("https://news.example.org/a\tb.html", "tab");
	refused("https://news.example.org/\"onmouseover=x", "quote");
	refused("https://news.example.org/a\\b", "backslash");
	accepted("https://news.example.org/l'europe.html");
	accepted("https://news.example.org/{section}/{name}.html");
	refused("https://news.example.org/<script>", "angle bracket");
	refused("https://news.example.org/a\nb", "newline");
	refused("https://news.example.org/a\x7f", "DEL");
	refused("https://user:pass@news.example.org/", "password");
	refused("https://user@news.example.org/", "user name");
	return tap_done();
}
