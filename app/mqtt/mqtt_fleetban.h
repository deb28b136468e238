/*
 * mqtt_fleetban.h - shared bans on the MQTT side (ids.fleet): which
 * topics an agent follows for them and what it hands to the daemon.
 *
 * Every camera's R/C/notify/ids_alarm (an alarm is not retained, so a
 * wildcard works on every broker) and each trusted camera's retained
 * R/C/ids/blocked by its exact topic (RabbitMQ delivers retained messages
 * to exact subscriptions only); after connecting, a R/_fleet/cmd/republish
 * brings the lists of brokers that keep none, or keep them on another
 * cluster node.  Alarms of untrusted cameras and payloads that are not
 * camguard's are counted (view->shared_st) and dropped; the rest goes to
 * the daemon (view->shared), which decides.
 */
#ifndef CAMGUARD_MQTT_FLEETBAN_H
#define CAMGUARD_MQTT_FLEETBAN_H

#include <stdbool.h>
#include <stddef.h>

struct mqtt;

/* Subscribe (and ask for the lists) when ids.fleet is on. */
void	mqtt_fleetban_connected(struct mqtt *);
/* True when topic was one of these (handled or dropped here). */
bool	mqtt_fleetban_message(struct mqtt *, const char *topic,
	    const void *payload, size_t len);

#endif
