/* SPDX-License-Identifier: MIT */
/* Unit tests for feed.c: the items a feed holds, chosen by one rule for
 * building and for keeping their content between builds. */
#include "autoconfig.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "feed.h"
#include "library.h"
#include "log.h"
#include "state.h"
#include "tap.h"

#define NOW 2000000000

static char dir[] = "/tmp/feedd-t-feed.XXXXXX";
static struct config *config;

static void
write_article(const char *name, const char *title, const char *date)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/in/%s", dir, name);
	f = fopen(path, "w");
	if (f == NULL)
		return;
	fprintf(f, "%s\n\nBody of %s.\n\nLast update: %s\n", title, title,
	    date);
	fclose(f);
}

static const struct library_view *
entry_titled(struct library *lib, const char *title)
{
	const struct library_view *const *sorted;
	size_t count, i;

	sorted = library_sorted(lib, &count);
	for (i = 0; i < count; i++)
		if (strcmp(sorted[i]->article.title, title) == 0)
			return sorted[i];
	return NULL;
}

/* An item whose content cannot be loaded is left out and the next one
 * taken; keeping a feed that was not rebuilt must keep those same items,
 * not count the one left out and let the last one's content go. */
static void
test_keep_what_was_collected(struct state *state)
{
	struct library *lib = library_new(state);
	const struct feed_config *feed = &config->feeds[0];
	const struct library_view *c;
	struct feed_document doc;
	struct scan_result r;
	char path[512];

	memset(&r, 0, sizeof(r));
	write_article("a.txt", "A", "2020-03-03");
	write_article("b.txt", "B", "2020-02-02");
	write_article("c.txt", "C", "2020-01-01");
	library_set_cache_ops(lib, &feed_cache_ops);
	library_scan(lib, config, NOW, &r);
	snprintf(path, sizeof(path), "%s/in/b.txt", dir);
	unlink(path);		/* gone before the build reads it */

	feed_collect(&doc, config, feed, lib, NOW, NOW);
	ok(doc.count == 2 && strcmp(doc.items[0].title, "A") == 0 &&
	    strcmp(doc.items[1].title, "C") == 0, "B cannot be loaded: the "
	    "feed holds A and C");
	feed_document_free(&doc);
	library_drop_content(lib);

	feed_keep_items(feed, lib, NOW);
	library_drop_content(lib);
	c = entry_titled(lib, "C");
	ok(c != NULL && c->link != NULL && *library_cache_slot(c) != NULL,
	    "keeping the feed keeps C, the item it holds");
	scan_result_free(&r);
	library_free(lib);
}

int
main(void)
{
	char text[1024], err[512], path[512];
	struct state *state;

	if (mkdtemp(dir) == NULL) {
		printf("1..0 # SKIP no temporary folder\n");
		return 0;
	}
	log_set_level(LOG_LEVEL_ERROR);
	snprintf(path, sizeof(path), "%s/in", dir);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/feedd.conf", dir);
	snprintf(text, sizeof(text), "[site]\ntitle = T\nurl = https://t/\n"
	    "article_url = https://t/{path}\narticles = in\noutput = out\n"
	    "timezone = UTC\n[all]\ntitle = All\nsections = *\n"
	    "max_items = 2\n");
	if (!ok(config_parse(path, text, strlen(text), &config, err,
	    sizeof(err)) == 0, "config for the tests"))
		return tap_done();
	snprintf(path, sizeof(path), "%s/state", dir);
	state = state_load(path);
	test_keep_what_was_collected(state);
	state_free(state);
	config_free(config);
	snprintf(path, sizeof(path), "rm -rf %s", dir);
	if (system(path) != 0)
		printf("# could not remove %s\n", dir);
	return tap_done();
}
