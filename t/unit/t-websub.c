/* SPDX-License-Identifier: MIT */
/* Unit tests for websub.c: libcurl loaded only once a hub is named, all
 * of its functions or none, and what happens when it cannot be. No ping
 * leaves this process: t3000 tells a real hub. */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "websub.h"

static char hub[] = "http://127.0.0.1:9/hub";
static char *hubs[] = { hub };
static char log_path[] = "/tmp/t-websub.XXXXXX";
static int saved_stderr = -1;

/* What is logged from now on goes to log_path, not to the TAP output. */
static void
capture_log(void)
{
	int fd = mkstemp(log_path);

	fflush(stderr);
	saved_stderr = dup(STDERR_FILENO);
	if (fd < 0 || saved_stderr < 0 || dup2(fd, STDERR_FILENO) < 0) {
		perror("t-websub: cannot capture stderr");
		exit(99);
	}
	close(fd);
}

/* What was logged since the last call (the caller frees it). */
static char *
logged(void)
{
	static long done;
	char *text;
	long end;
	FILE *f;

	fflush(stderr);
	f = fopen(log_path, "r");
	if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (end = ftell(f)) < 0 ||
	    fseek(f, done, SEEK_SET) != 0)
		exit(99);
	text = calloc(1, (size_t)(end - done) + 1);
	if (text == NULL || fread(text, 1, (size_t)(end - done), f) !=
	    (size_t)(end - done))
		exit(99);
	fclose(f);
	done = end;
	return text;
}

static size_t
count(const char *text, const char *what)
{
	size_t n = 0;

	while ((text = strstr(text, what)) != NULL) {
		n++;
		text += strlen(what);
	}
	return n;
}

static void
test_no_hub_loads_nothing(void)
{
	struct websub *ws = websub_new(NULL);
	char *log;

	/* A library that would fail: nothing is tried without a hub. */
	websub_use_libcurl("libfeedd-test-no-such-library.so.4");
	websub_set_hubs(ws, NULL, 0, 1000);
	websub_publish(ws, "https://n.example/feeds/all.atom");
	is_int(websub_wait(ws, 1000), 0, "no hub: nothing owed");
	websub_free(ws);
	log = logged();
	is_str(log, "", "no hub: libcurl never loaded, nothing logged");
	free(log);
}

static void
test_missing_function(void)
{
	struct websub *ws = websub_new(NULL);
	char *log;

	/* Loads, but has none of libcurl's functions. */
	websub_use_libcurl("libc.so.6");
	websub_set_hubs(ws, hubs, 1, 1000);
	log = logged();
	is_int(count(log, "error: "), 1, "one error");
	ok(strstr(log, "cannot load libc.so.6's curl_global_init for hub "
	    "pings: ") != NULL, "it names the library and the function");
	ok(strstr(log, "apt-get install libcurl4") != NULL, "and what to do");
	free(log);
	websub_publish(ws, "https://n.example/feeds/all.atom");
	websub_publish(ws, "https://n.example/feeds/all.rss");
	log = logged();
	is_str(log, "", "publishing logs nothing more");
	free(log);
	is_int(websub_wait(ws, 60000), 0, "nothing to wait for");
	log = logged();
	ok(strstr(log, "warning: 2 WebSub pings not sent: libcurl is not "
	    "loaded") != NULL, "the pings are reported not sent");
	free(log);

	websub_use_libcurl("libfeedd-test-no-such-library.so.4");
	websub_set_hubs(ws, hubs, 1, 1000);
	log = logged();
	is_int(count(log, "error: "), 1, "naming hubs again tries again");
	ok(strstr(log, "cannot load libfeedd-test-no-such-library.so.4 for "
	    "hub pings: libfeedd-test-no-such-library.so.4: cannot open") !=
	    NULL, "with dlerror's reason");
	free(log);

	/* Installed meanwhile: a reload finds it. */
	websub_use_libcurl("libcurl.so.4");
	websub_set_hubs(ws, hubs, 1, 1000);
	websub_free(ws);
	log = logged();
	is_str(log, "", "then libcurl loads and starts, with no error");
	free(log);
}

int
main(void)
{
	capture_log();
	test_no_hub_loads_nothing();
	test_missing_function();
	unlink(log_path);
	if (dup2(saved_stderr, STDERR_FILENO) < 0)
		return 99;
	return tap_done();
}
