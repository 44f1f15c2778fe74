/* SPDX-License-Identifier: MIT */
/* runstat: runs a command and prints "WALL_SECONDS MAXRSS_KIB STATUS"
 * on one line: wall time from fork to reaping (CLOCK_MONOTONIC), the
 * child's peak resident set (getrusage's ru_maxrss, from wait4), and its
 * exit status (128+N for a signal).
 *
 * usage: runstat [-o FILE] -- COMMAND [ARG...]
 *   The command's stdout and stderr go to FILE (default /dev/null). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	const char *out = "/dev/null";
	struct timespec t0, t1;
	struct rusage ru;
	int i = 1, status, fd, code;
	pid_t pid;

	while (i < argc && strcmp(argv[i], "--") != 0) {
		if (strcmp(argv[i], "-o") == 0 && i + 1 < argc) {
			out = argv[i + 1];
			i += 2;
		} else {
			break;
		}
	}
	if (i >= argc || strcmp(argv[i], "--") != 0 || i + 1 >= argc) {
		fprintf(stderr, "usage: runstat [-o FILE] -- COMMAND [ARG...]\n");
		return 64;
	}
	i++;
	fd = open(out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		fprintf(stderr, "runstat: %s: %s\n", out, strerror(errno));
		return 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid = fork();
	if (pid < 0) {
		perror("runstat: fork");
		return 1;
	}
	if (pid == 0) {
		dup2(fd, 1);
		dup2(fd, 2);
		execvp(argv[i], argv + i);
		dprintf(2, "runstat: %s: %s\n", argv[i], strerror(errno));
		_exit(127);
	}
	close(fd);
	while (wait4(pid, &status, 0, &ru) < 0) {
		if (errno != EINTR) {
			perror("runstat: wait4");
			return 1;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	code = WIFEXITED(status) ? WEXITSTATUS(status) :
	    128 + WTERMSIG(status);
	printf("%.6f %ld %d\n", (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9, ru.ru_maxrss, code);
	return 0;
}
