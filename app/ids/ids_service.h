/*
 * ids_service.h - intrusion detection as a service of `camguard run`.
 */
#ifndef CAMGUARD_IDS_SERVICE_H
#define CAMGUARD_IDS_SERVICE_H

#include "core/service.h"

extern const struct service_ops ids_service;

#endif
