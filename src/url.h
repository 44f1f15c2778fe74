/* SPDX-License-Identifier: MIT */
/* url: the one check that a URL may be published as a link, for the
 * config's URLs and the articles' Link headers alike. Pure and
 * thread-safe: no state, no I/O, no logging. */
#ifndef FEEDD_URL_H
#define FEEDD_URL_H

/* NULL when url is an absolute http:// or https:// URL with a host, no
 * user name or password, and none of the bytes that break a URL where it
 * is published (controls, space, quotes, < > \ `); else why not, as a phrase
 * that completes "... is not a usable URL: ". Bytes from 0x80 on are
 * allowed: IRIs carry UTF-8. */
const char *url_problem(const char *url);

#endif
