/* SPDX-License-Identifier: MIT */
/* The main of a fuzz harness built without libFuzzer: runs the harness's
 * LLVMFuzzerTestOneInput once on each file named on the command line, as
 * a libFuzzer binary does when given files, so that make check replays
 * t/fuzz/regressions with any compiler. A harness that finds a problem
 * aborts; a file that cannot be read makes the exit status 1. */
#include "autoconfig.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Reads the whole of path into *data, exactly *size bytes long (so that
 * AddressSanitizer sees any read past the end), or fails saying why. */
static int
read_input(const char *path, uint8_t **data, size_t *size)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL, *grown;
	size_t len = 0, cap = 0, n;

	if (f == NULL) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	for (;;) {
		if (len == cap) {
			cap = cap == 0 ? 4096 : cap * 2;
			if ((grown = realloc(buf, cap)) == NULL) {
				fprintf(stderr, "replay: %s: out of memory\n",
				    path);
				goto fail;
			}
			buf = grown;
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		fprintf(stderr, "replay: %s: read error\n", path);
		goto fail;
	}
	fclose(f);
	/* The harness gets a buffer of its input's size, not of cap. */
	if ((*data = malloc(len > 0 ? len : 1)) == NULL) {
		fprintf(stderr, "replay: %s: out of memory\n", path);
		free(buf);
		return -1;
	}
	memcpy(*data, buf, len);
	free(buf);
	*size = len;
	return 0;
fail:
	free(buf);
	fclose(f);
	return -1;
}

int
main(int argc, char **argv)
{
	uint8_t *data;
	size_t size;
	int i, status = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE...\n", argv[0]);
		return 2;
	}
	for (i = 1; i < argc; i++) {
		if (read_input(argv[i], &data, &size) != 0) {
			status = 1;
			continue;
		}
		LLVMFuzzerTestOneInput(data, size);
		free(data);
	}
	return status;
}
