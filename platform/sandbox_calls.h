/*
 * sandbox_calls.h - the allow-lists sandbox.c compiles into its seccomp
 * programs (private to sandbox.c and sandbox_calls.c).
 */
#ifndef CG_SANDBOX_CALLS_H
#define CG_SANDBOX_CALLS_H

#include <stddef.h>

#include "platform/sandbox.h"

/* Both profiles: the worker and the scanning child. */
extern const struct sandbox_call sandbox_calls_common[];
extern const size_t sandbox_calls_common_n;
/* The worker only: its listeners, log watches, scans, state file. */
extern const struct sandbox_call sandbox_calls_worker[];
extern const size_t sandbox_calls_worker_n;

#endif
