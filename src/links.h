/* SPDX-License-Identifier: MIT */
/* links: where an article's id and link come from. Pure functions of the
 * config, the article's metadata and its path: no I/O, no state, safe to
 * call from any thread. Every string returned is the caller's to free. */
#ifndef FEEDD_LINKS_H
#define FEEDD_LINKS_H

#include "article.h"
#include "config.h"

/* The path (relative to the articles folder) without its last
 * extension: the article's stable key. */
char *links_path_key(const char *path);

/* The id an article gets when feedd first sees it: its Id: header when
 * that is a URI, else id_prefix and the Id: header or the key. Never from
 * the title, text, link or date, which an edit may change. */
char *links_derive_id(const struct config *config, const struct article *a,
    const char *key);

/* The article's Link: header (the parser keeps only one url_problem
 * accepts), else article_url with {name}, {path}, {section} and {id}
 * filled in, percent-encoded. A placeholder that is empty (no section)
 * between two slashes takes one of them along: no "//" in the path,
 * never a change to the "//" after the scheme. */
char *links_derive_link(const struct config *config, const struct article *a,
    const char *key);

#endif
