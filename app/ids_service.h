/*
 * ids_service.h - intrusion detection as a service of `camguard run`.
 */
#ifndef CAMGUARD_IDS_SERVICE_H
#define CAMGUARD_IDS_SERVICE_H

#include <stdint.h>

#include "service.h"

extern const struct service_ops ids_service;

/* Lines the parsers refused since start (for /status and logs). */
void	ids_service_counts(const void *svc, uint64_t *malformed,
	    uint64_t *too_long);

#endif
