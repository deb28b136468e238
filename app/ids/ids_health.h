/*
 * ids_health.h - what the IDS tells the documents about itself (issue 14:
 * blindness is loud, only real blocks are blocks): whether blocking is
 * really on and why not, and how each log source is read.
 *
 * The IDS service (ids_service*.c) owns the state; these are the
 * judgements it makes, kept apart so that they can be read (and tested)
 * without the loop.
 */
#ifndef CAMGUARD_IDS_HEALTH_H
#define CAMGUARD_IDS_HEALTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/service.h"

struct conf;
struct tail;

/*
 * The camera's IP-Level Access Control (MX-07's "enabled" role): 1 on,
 * 0 off, -1 unknown.  The last scan's evidence, else the camera
 * configuration the daemon read at start.
 */
int	ids_camera_acl_on(const struct daemon_view *);
/*
 * Blocking as configured, given whether the backend started and the
 * camera's access control (ids_camera_acl_on()); why it is not on into
 * why ("" when on).
 */
enum ids_blocking ids_blocking_decide(const struct conf *, bool fw_up,
	    int acl_on, char *why, size_t whysz);
/*
 * One source as the documents show it, from its tail (NULL: it could not
 * be opened at all); true when readable or error changed.
 */
bool	ids_source_view(const struct tail *, const char *path,
	    int64_t last_line, struct ids_source_view *);

#endif
