/* SPDX-License-Identifier: MIT */
/* file_read: reads straight into the caller's buffer, sized from what
 * fstat said, and never asks for more than the limit allows. */
#include "autoconfig.h"

#include <errno.h>
#include <unistd.h>

#include "file_read.h"

/* What one read asks for once the file is past its expected size. */
#define READ_STEP 65536

int
file_read_all(int fd, size_t expected, size_t limit, struct buffer *out)
{
	size_t got = 0, want;
	ssize_t n;

	for (;;) {
		want = expected > 0 && got <= expected ? expected - got + 1 :
		    READ_STEP;
		if (limit - got < want - 1)
			want = limit - got + 1;
		n = read(fd, buffer_space(out, want), want);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		buffer_commit(out, (size_t)n);
		got += (size_t)n;
		if (got > limit) {
			errno = EFBIG;
			return -1;
		}
		if ((size_t)n < want)
			return 0;
	}
}
