/* SPDX-License-Identifier: MIT */
/* websub_libcurl: loads libcurl at run time for websub.c (see
 * websub_libcurl.h). Linked, libcurl and its TLS stacks would be some
 * thirty libraries loaded at every start, and most sites name no hub. */
#include "autoconfig.h"

#include <curl/curl.h>
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

#include "log.h"
#include "websub.h"
#include "websub_libcurl.h"

/* libcurl 7.85 or later: CURLOPT_PROTOCOLS_STR is 7.85's. */
#define LIBCURL_SONAME "libcurl.so.4"

struct libcurl_functions curl;

/* The handle of the loaded library; NULL until websub_libcurl_load succeeds. It
 * is never closed: libcurl's TLS stacks cannot all be unloaded safely. */
static void *libcurl;

/* Each field of curl and the libcurl function it holds. */
#define CURL_FUNCTIONS(X) \
	X(global_init, curl_global_init) \
	X(global_cleanup, curl_global_cleanup) \
	X(easy_init, curl_easy_init) \
	X(easy_setopt, curl_easy_setopt) \
	X(easy_getinfo, curl_easy_getinfo) \
	X(easy_cleanup, curl_easy_cleanup) \
	X(easy_escape, curl_easy_escape) \
	X(easy_strerror, curl_easy_strerror) \
	X(free, curl_free) \
	X(multi_init, curl_multi_init) \
	X(multi_setopt, curl_multi_setopt) \
	X(multi_add_handle, curl_multi_add_handle) \
	X(multi_remove_handle, curl_multi_remove_handle) \
	X(multi_socket_action, curl_multi_socket_action) \
	X(multi_perform, curl_multi_perform) \
	X(multi_poll, curl_multi_poll) \
	X(multi_info_read, curl_multi_info_read) \
	X(multi_cleanup, curl_multi_cleanup) \
	X(multi_strerror, curl_multi_strerror)

/* A field whose type is not curl.h's prototype does not compile: the
 * assignment in sizeof is type-checked but never evaluated, so nothing
 * is linked. */
#define CURL_CHECK(field, function) \
	_Static_assert(sizeof(curl.field = function) > 0, #function);
CURL_FUNCTIONS(CURL_CHECK)
#undef CURL_CHECK

/* dlsym's answers go to these fields, all or none. */
static const struct curl_symbol {
	const char *name;
	void *field;		/* &curl.something, a function pointer */
} curl_symbols[] = {
#define CURL_ROW(field, function) { #function, &curl.field },
	CURL_FUNCTIONS(CURL_ROW)
#undef CURL_ROW
};

/* POSIX (dlsym) guarantees that a function pointer fits a void *. */
_Static_assert(sizeof(void *) == sizeof(void (*)(void)),
    "dlsym needs function pointers the size of void *");

static const char *libcurl_soname = LIBCURL_SONAME;

/* One error, saying what is missing and what to do. */
static void
log_no_libcurl(const char *missing, const char *why)
{
	log_error("WebSub: cannot load %s%s for hub pings: %s; no hub is told, "
	    "feeds are still built: install libcurl 7.85 or later (Debian: "
	    "apt-get install libcurl4), then reload feedd or run it again",
	    libcurl_soname, missing, why != NULL ? why : "no reason given");
}

bool
websub_libcurl_load(void)
{
	void *lib, *symbol;
	char missing[64];
	size_t i;

	if (libcurl != NULL)
		return true;
	lib = dlopen(libcurl_soname, RTLD_NOW | RTLD_LOCAL);
	if (lib == NULL) {
		log_no_libcurl("", dlerror());
		return false;
	}
	for (i = 0; i < sizeof(curl_symbols) / sizeof(curl_symbols[0]); i++) {
		(void)dlerror();
		symbol = dlsym(lib, curl_symbols[i].name);
		if (symbol == NULL) {
			snprintf(missing, sizeof(missing), "'s %s",
			    curl_symbols[i].name);
			log_no_libcurl(missing, dlerror());
			(void)dlclose(lib);
			memset(&curl, 0, sizeof(curl));
			return false;
		}
		/* POSIX's way to turn dlsym's void * into a function. */
		memcpy(curl_symbols[i].field, &symbol, sizeof(symbol));
	}
	libcurl = lib;
	return true;
}

void
websub_use_libcurl(const char *soname)
{
	libcurl_soname = soname;
}
