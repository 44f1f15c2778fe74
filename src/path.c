/* SPDX-License-Identifier: MIT */
/* path: the folder and last name of a path, without dirname(3)'s habit of
 * writing into its argument. */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "path.h"
#include "xalloc.h"

char *
path_split(const char *path, char **name)
{
	char *copy = xstrdup(path);
	size_t len = strlen(copy);
	char *slash;

	while (len > 1 && copy[len - 1] == '/')
		copy[--len] = '\0';
	slash = strrchr(copy, '/');
	if (name != NULL)
		*name = xstrdup(slash != NULL ? slash + 1 : copy);
	if (slash == NULL) {
		free(copy);
		return xstrdup(".");
	}
	if (slash == copy)
		copy[1] = '\0';
	else
		*slash = '\0';
	return copy;
}
