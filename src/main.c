/* SPDX-License-Identifier: MIT */
/* main: the command line. Reads options and the config, then builds once
 * or hands over to the daemon. */
#include "autoconfig.h"

#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "build.h"
#include "config.h"
#include "daemon.h"
#include "exitcode.h"
#include "library.h"
#include "log.h"
#include "output.h"
#include "page_html.h"
#include "state.h"
#include "state_path.h"
#include "timefmt.h"
#include "websub.h"

#ifndef FEEDD_CONFIG
#define FEEDD_CONFIG "/etc/feedd/feedd.conf"
#endif

struct options {
	const char *config_path;
	bool check_only;
	bool once;
	bool print_links;
	bool dump_state;
	int verbosity;		/* -v minus -q */
};

static void
usage(FILE *out)
{
	fprintf(out,
	    "usage: feedd [-nqsv] [-c file]\n"
	    "             [--once | --print-links | --dump-state]\n"
	    "  -c, --config FILE    read FILE (default " FEEDD_CONFIG ")\n"
	    "  -n, --check-config   check the config and exit\n"
	    "      --once           build every feed once and exit\n"
	    "      --print-links    print the <link> tags that announce the\n"
	    "                       feeds, for the head of the site's pages\n"
	    "      --dump-state     print the state (ids, dates) and exit\n"
	    "  -v, --verbose        say more (repeat for debug output)\n"
	    "  -q, --quiet          only warnings and errors (twice: errors)\n"
	    "  -s, --syslog         log to syslog instead of standard error\n"
	    "  -h, --help           show this help\n"
	    "  -V, --version        show the version\n"
	    "See feedd(8) and feedd.conf(5).\n");
}

static void
parse_options(int argc, char **argv, struct options *opt)
{
	enum { OPT_ONCE = 256, OPT_PRINT_LINKS, OPT_DUMP_STATE };
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "check-config", no_argument, NULL, 'n' },
		{ "once", no_argument, NULL, OPT_ONCE },
		{ "print-links", no_argument, NULL, OPT_PRINT_LINKS },
		{ "dump-state", no_argument, NULL, OPT_DUMP_STATE },
		{ "verbose", no_argument, NULL, 'v' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "syslog", no_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	opt->config_path = FEEDD_CONFIG;
	while ((c = getopt_long(argc, argv, "c:nvqshV", longopts, NULL)) != -1) {
		switch (c) {
		case 'c': opt->config_path = optarg; break;
		case 'n': opt->check_only = true; break;
		case OPT_ONCE: opt->once = true; break;
		case OPT_PRINT_LINKS: opt->print_links = true; break;
		case OPT_DUMP_STATE: opt->dump_state = true; break;
		case 'v': opt->verbosity++; break;
		case 'q': opt->verbosity--; break;
		case 's': log_use_syslog(); break;
		case 'h': usage(stdout); exit(0);
		case 'V': printf("feedd %s\n", PACKAGE_VERSION); exit(0);
		default: usage(stderr); exit(EXIT_USAGE);
		}
	}
	if (optind < argc) {
		fprintf(stderr, "feedd: unexpected argument '%s'\n", argv[optind]);
		usage(stderr);
		exit(EXIT_USAGE);
	}
}

static void
set_log_level(int verbosity)
{
	int level = LOG_LEVEL_NOTICE + verbosity;

	if (level < LOG_LEVEL_ERROR)
		level = LOG_LEVEL_ERROR;
	if (level > LOG_LEVEL_DEBUG)
		level = LOG_LEVEL_DEBUG;
	log_set_level((enum log_level)level);
}

static int
check_config(const struct config *config)
{
	char zone[TIMEFMT_ZONE_DESCRIPTION_SIZE];
	size_t i;

	printf("%s: configuration OK, %zu feed%s:", config->path,
	    config->feed_count, config->feed_count == 1 ? "" : "s");
	for (i = 0; i < config->feed_count; i++)
		printf(" %s", config->feeds[i].name);
	timefmt_zone_describe(config->timezone, zone);
	printf("\n%s: time zone: %s\n", config->path, zone);
	printf("%s: state in %s\n", config->path, config->state_file);
	return 0;
}

/* Hubs hear of the files that changed before feedd exits, but a hub that
 * does not answer holds it up for hub_timeout at most. */
static void
tell_hubs(const struct config *config, const struct build_report *report)
{
	struct websub *pinger;
	size_t i, left;

	if (config->hub_count == 0 || report->changed_count == 0)
		return;
	pinger = websub_new(NULL);
	websub_set_hubs(pinger, config->hubs, config->hub_count,
	    config->hub_timeout_ms);
	for (i = 0; i < report->changed_count; i++)
		websub_publish(pinger, report->changed[i]);
	left = websub_wait(pinger, (long)config->hub_timeout_ms);
	if (left > 0)
		log_warning("%zu WebSub ping%s not answered within hub_timeout "
		    "(%zu ms): the hubs hear of the next change", left,
		    left == 1 ? "" : "s", config->hub_timeout_ms);
	websub_free(pinger);
}

/* A feedd killed while it wrote a file left its temporary file behind;
 * no other feedd may be writing to this folder now. A folder that cannot
 * be opened has none, or the build says why; it is not created here, so
 * that its appearance still means the first build is writing. */
static void
remove_stale_temps(const struct config *config)
{
	char err[512];
	size_t removed;
	int dirfd = open(config->output_dir, O_RDONLY | O_DIRECTORY |
	    O_CLOEXEC);

	if (dirfd < 0)
		return;
	if (output_remove_stale(dirfd, &removed, err, sizeof(err)) != 0)
		log_warning("%s: %s", config->output_dir, err);
	if (removed > 0)
		log_notice("%s: removed %zu temporary file%s left by an "
		    "interrupted run", config->output_dir, removed,
		    removed == 1 ? "" : "s");
	close(dirfd);
}

static int
print_links(const struct config *config)
{
	struct buffer links = BUFFER_INIT;
	int rc = 0;

	if (page_write_links(config, &links) != 0) {
		log_error("cannot write the links (out of memory?)");
		rc = EXIT_BUILD_FAILED;
	} else if (links.len > 0) {
		fputs(links.data, stdout);
		if (links.data[links.len - 1] != '\n')
			putchar('\n');
	}
	buffer_free(&links);
	return rc;
}

static int
wait_for_commit(void *state)
{
	return state_commit_finish(state);
}

static int
build_once(const struct config *config)
{
	struct state *state = state_load(config->state_file);
	struct library *lib;
	struct builder *builder;
	struct scan_result scan;
	struct build_report report;
	struct build_gate gate = { wait_for_commit, state };
	size_t count;
	time_t now = time(NULL);
	int rc = 0;

	if (state == NULL)
		return EXIT_BAD_CONFIG;
	state_path_import_legacy(state, config);
	lib = library_new(state);
	builder = builder_new();
	memset(&scan, 0, sizeof(scan));
	memset(&report, 0, sizeof(report));
	if (library_scan(lib, config, now, &scan) != 0) {
		rc = EXIT_BUILD_FAILED;
		goto out;
	}
	library_sorted(lib, &count);
	/* The ids are durable before any feed carrying them is out. */
	state_commit_start(state);
	if (builder_run(builder, config, lib, now, NULL, &gate, &report) != 0)
		rc = EXIT_BUILD_FAILED;
	/* A run that stopped before its gate (no output folder) still has
	 * the commit to wait for, and its failure to tell, as the daemon's. */
	if (state_commit_finish(state) != 0)
		rc = EXIT_BUILD_FAILED;
	log_notice("%zu article%s, %zu skipped; %zu feed file%s written, "
	    "%zu unchanged, %zu failed; output in %s", count,
	    count == 1 ? "" : "s", scan.rejected, report.written,
	    report.written == 1 ? "" : "s", report.unchanged, report.failed,
	    config->output_dir);
	tell_hubs(config, &report);
out:
	build_report_free(&report);
	scan_result_free(&scan);
	builder_free(builder);
	library_free(lib);
	state_free(state);
	return rc;
}

int
main(int argc, char **argv)
{
	struct options opt = { NULL, false, false, false, false, 0 };
	struct config *config;
	char err[1024];
	int rc;

	log_init("feedd");
	parse_options(argc, argv, &opt);
	set_log_level(opt.verbosity);
	if (config_load(opt.config_path, &config, err, sizeof(err)) != 0) {
		log_error("%s", err);
		return EXIT_BAD_CONFIG;
	}
	state_path_apply_default(config);
	if (state_path_check(config, err, sizeof(err)) != 0 ||
	    config_apply_zone(config, err, sizeof(err)) != 0) {
		log_error("%s", err);
		config_free(config);
		return EXIT_BAD_CONFIG;
	}
	if (opt.dump_state) {
		rc = state_dump(config->state_file, stdout) == 0 ? 0 :
		    EXIT_BUILD_FAILED;
		config_free(config);
		return rc;
	}
	if (!opt.check_only && !opt.print_links)
		remove_stale_temps(config);
	if (opt.check_only)
		rc = check_config(config);
	else if (opt.print_links)
		rc = print_links(config);
	else if (opt.once)
		rc = build_once(config);
	else {
		/* A daemon reading files other people write should not hold
		 * every privilege while it does. */
		if (geteuid() == 0)
			log_warning("running as root: run feedd as its own user "
			    "(the shipped unit uses User=feedd)");
		return daemon_run(opt.config_path, config);
	}
	config_free(config);
	return rc;
}
