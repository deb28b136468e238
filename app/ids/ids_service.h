/*
 * ids_service.h - intrusion detection as a service of `camguard run`.
 */
#ifndef CAMGUARD_IDS_SERVICE_H
#define CAMGUARD_IDS_SERVICE_H

#include "core/service.h"

extern const struct service_ops ids_service;

struct cmd_req;

/*
 * Added for issue 16, called by the daemon with the service's handle:
 * an operator's block, unblock, flush or list (the answer in out); every
 * blocked source, own then shared, at most max; a trusted camera's
 * alarm or block list (ids.fleet).
 */
void	ids_service_command(void *svc, const struct cmd_req *,
	    struct cmd_out *out);
size_t	ids_service_list(void *svc, ids_list_fn, void *arg, size_t max);
void	ids_service_shared(void *svc, const struct ids_shared_msg *);

#endif
