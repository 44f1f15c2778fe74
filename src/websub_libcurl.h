/* SPDX-License-Identifier: MIT */
/* websub_libcurl: the websub module's own header, shared by its parts only
 * (websub.c: the pings; websub_libcurl.c: loading libcurl). No other
 * module includes it. feedd is not linked with libcurl: it is loaded with
 * dlopen() when a hub is first named, and called through the function
 * pointers in curl, whose types are curl.h's prototypes (checked when
 * websub_libcurl.c is compiled). Not thread-safe: the loop's thread only. */
#ifndef FEEDD_WEBSUB_LIBCURL_H
#define FEEDD_WEBSUB_LIBCURL_H

#include <curl/curl.h>
#include <stdbool.h>

/* curl.NAME is curl_NAME; valid once websub_libcurl_load succeeded. The
 * variadic setopt functions check nothing: pass each option the type it
 * documents (long, char *, a callback, void *). */
struct libcurl_functions {
	CURLcode (*global_init)(long);
	void (*global_cleanup)(void);
	CURL *(*easy_init)(void);
	CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
	CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
	void (*easy_cleanup)(CURL *);
	char *(*easy_escape)(CURL *, const char *, int);
	const char *(*easy_strerror)(CURLcode);
	void (*free)(void *);
	CURLM *(*multi_init)(void);
	CURLMcode (*multi_setopt)(CURLM *, CURLMoption, ...);
	CURLMcode (*multi_add_handle)(CURLM *, CURL *);
	CURLMcode (*multi_remove_handle)(CURLM *, CURL *);
	CURLMcode (*multi_socket_action)(CURLM *, curl_socket_t, int, int *);
	CURLMcode (*multi_perform)(CURLM *, int *);
	CURLMcode (*multi_poll)(CURLM *, struct curl_waitfd *, unsigned int,
	    int, int *);
	CURLMsg *(*multi_info_read)(CURLM *, int *);
	CURLMcode (*multi_cleanup)(CURLM *);
	const char *(*multi_strerror)(CURLMcode);
};
extern struct libcurl_functions curl;

/* Loads libcurl.so.4 (or the file websub_use_libcurl named) and resolves
 * every function of curl, or none. True when libcurl is loaded, now or
 * before (it is never unloaded). False: one error was logged, naming the
 * library, dlerror()'s reason and what to install; the next call tries
 * again. */
bool websub_libcurl_load(void);

#endif
