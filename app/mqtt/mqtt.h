/*
 * mqtt.h - the MQTT publisher of `camguard run` (spec section 7), one
 * service of the daemon's table (service.h).
 *
 * libmosquitto is driven from camguard's own poll loop: its socket is a
 * loop descriptor, keepalive runs from a loop timer, and reconnects back
 * off on loop timers.  No libmosquitto thread, no blocking connect: the
 * broker address (mqtt.host) must be numeric, because a name lookup would
 * block the loop.
 */
#ifndef CAMGUARD_MQTT_H
#define CAMGUARD_MQTT_H

#include "core/service.h"

extern const struct service_ops mqtt_service;

#endif
