/*
 * mqtt_cmd.h - what the MQTT service takes from the broker: operators'
 * commands on R/C/cmd/ and R/_fleet/cmd/ (each answered on
 * R/C/cmd/result), and with ids.fleet the trusted cameras' alarms and
 * block lists (mqtt_fleetban.c).  Part of the MQTT service: only mqtt.c
 * calls it.
 */
#ifndef CAMGUARD_MQTT_CMD_H
#define CAMGUARD_MQTT_CMD_H

struct mosquitto_message;
struct mqtt;
struct mqtt_cmd;

/* NULL when the memory cannot be had (logged). */
struct mqtt_cmd *mqtt_cmd_new(struct mqtt *);
void	mqtt_cmd_free(struct mqtt_cmd *);
/* CONNACK: subscribe, and with ids.fleet ask the fleet to republish. */
void	mqtt_cmd_connected(struct mqtt_cmd *);
/* Every message the broker delivers. */
void	mqtt_cmd_message(struct mqtt_cmd *, const struct mosquitto_message *);
/* A reload that kept the connection: subscriptions follow ids.fleet. */
void	mqtt_cmd_apply(struct mqtt_cmd *);

#endif
