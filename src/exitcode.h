/* SPDX-License-Identifier: MIT */
/* exitcode: every status feedd exits with, in one place, named as in
 * sysexits(3) where one fits; feedd(8) documents them. systemd's unit
 * treats EX_CONFIG as final (RestartPreventExitStatus=). */
#ifndef FEEDD_EXITCODE_H
#define FEEDD_EXITCODE_H

#include <sysexits.h>

#define EXIT_BUILD_FAILED 1		/* --once: a file not written */
#define EXIT_USAGE EX_USAGE		/* 64: bad command line */
#define EXIT_BAD_CONFIG EX_CONFIG	/* 78: the config is refused */
#define EXIT_LOOP_FAILED EX_SOFTWARE	/* 70: the event loop ended unasked */
#define EXIT_OUT_OF_MEMORY EX_OSERR	/* 71: out of memory */

#endif
