/* SPDX-License-Identifier: MIT */
/* url: whether a URL may be published as written. See url.h. */
#include "autoconfig.h"

#include <string.h>
#include <strings.h>

#include "url.h"

/* Bytes that end or break a URL in the places it is published (an
 * attribute, a log line, a reader's address bar): controls, space, DEL,
 * quotes, angle brackets, backslash. RFC 3986 also leaves out { } | ^,
 * but they break nothing, and article_url's placeholders are in braces. */
static int
forbidden_byte(unsigned char c)
{
	return c <= 0x20 || c == 0x7f || strchr("\"<>\\`", c) != NULL;
}

const char *
url_problem(const char *url)
{
	const char *host, *end;
	const char *p;

	if (strncasecmp(url, "https://", 8) == 0)
		host = url + 8;
	else if (strncasecmp(url, "http://", 7) == 0)
		host = url + 7;
	else
		return "it is not an absolute http:// or https:// URL";
	for (p = url; *p != '\0'; p++)
		if (forbidden_byte((unsigned char)*p))
			return "it holds spaces, quotes, control characters "
			    "or one of < > \\ `";
	end = host + strcspn(host, "/?#");
	if (end == host)
		return "it has no host";
	if (memchr(host, '@', (size_t)(end - host)) != NULL)
		return "it carries a user name or password";
	return NULL;
}
