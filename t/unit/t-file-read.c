/* SPDX-License-Identifier: MIT */
/* Unit tests for file_read.c: whole files, grown files, the limit. */
#include "autoconfig.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buffer.h"
#include "file_read.h"
#include "tap.h"

static char path[] = "/tmp/t-file-read.XXXXXX";

/* Opens a file holding len bytes of text (repeated). */
static int
file_with(const char *text, size_t len)
{
	size_t step = strlen(text), done;
	int fd = mkstemp(path);

	if (fd < 0)
		return -1;
	unlink(path);
	for (done = 0; done < len; done += step)
		if (write(fd, text, len - done < step ? len - done : step) < 0)
			break;
	lseek(fd, 0, SEEK_SET);
	strcpy(path + strlen(path) - 6, "XXXXXX");
	return fd;
}

int
main(void)
{
	struct buffer b = BUFFER_INIT;
	int fd;

	fd = file_with("hello\n", 6);
	is_int(file_read_all(fd, 6, 100, &b), 0, "a file of the expected size");
	is_int((long long)b.len, 6, "read whole");
	ok(b.len == 6 && memcmp(b.data, "hello\n", 6) == 0, "its bytes");
	close(fd);

	buffer_reset(&b);
	fd = file_with("0123456789", 200000);
	is_int(file_read_all(fd, 10, 1000000, &b), 0,
	    "a file larger than fstat said (it grew)");
	is_int((long long)b.len, 200000, "read to its end");
	close(fd);

	buffer_reset(&b);
	fd = file_with("0123456789", 200000);
	is_int(file_read_all(fd, 0, 1000000, &b), 0, "size unknown");
	is_int((long long)b.len, 200000, "read to its end all the same");
	close(fd);

	buffer_reset(&b);
	fd = file_with("0123456789", 1001);
	errno = 0;
	is_int(file_read_all(fd, 1001, 1000, &b), -1, "over the limit");
	is_int(errno, EFBIG, "says EFBIG");
	is_int((long long)b.len, 1001, "one byte past the limit read, no more");
	close(fd);

	buffer_reset(&b);
	fd = file_with("x", 1000);
	is_int(file_read_all(fd, 1000, 1000, &b), 0, "exactly the limit");
	close(fd);

	buffer_reset(&b);
	errno = 0;
	is_int(file_read_all(-1, 0, 10, &b), -1, "a bad descriptor fails");
	is_int(errno, EBADF, "with read's errno");
	buffer_free(&b);
	return tap_done();
}
