/* SPDX-License-Identifier: MIT */
/* path: splitting a path into its folder and its last name, the one way
 * feedd does it. */
#ifndef FEEDD_PATH_H
#define FEEDD_PATH_H

/* The folder holding path, as dirname(3) says it: "." for a bare name,
 * "/" for a name in the root; trailing slashes do not count. When name is
 * not NULL, *name gets the last component. Both are the caller's to free. */
char *path_split(const char *path, char **name);

#endif
