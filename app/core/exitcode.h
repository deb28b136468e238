/*
 * exitcode.h - the exit codes of every camguard command (spec section 2).
 */
#ifndef CAMGUARD_EXITCODE_H
#define CAMGUARD_EXITCODE_H

#define EXIT_OK		0	/* success */
#define EXIT_FAILED	1	/* check: a failing applicable check */
#define EXIT_NOWORK	2	/* camera config unreadable, camera unreachable, log I/O */
#define EXIT_USAGE	64	/* bad command line */
/* run: privileges could not be dropped, or the unprivileged worker could
 * not read or write what it needs; a restart cannot fix it */
#define EXIT_NOPERM	77
#define EXIT_CONFIG	78	/* bad camguard.json, policy file or waiver */

#endif
