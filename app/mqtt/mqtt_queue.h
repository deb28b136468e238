/*
 * mqtt_queue.h - the ring of non-retained MQTT messages (alarms, result
 * changes) that waits while the broker is away, for the MQTT service's
 * files only.  The first nsent entries from head are in flight (handed to
 * libmosquitto, waiting for their PUBACK).
 */
#ifndef CAMGUARD_MQTT_QUEUE_H
#define CAMGUARD_MQTT_QUEUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "check/check.h"
#include "ids/ids.h"
#include "report/report.h"

enum mqtt_kind { MQTT_Q_ALARM, MQTT_Q_EVENT };

/* A non-retained message waiting for the broker. */
struct mqtt_qmsg {
	enum mqtt_kind		kind;
	bool			sent;	/* handed to libmosquitto */
	int			mid;	/* its message id while sent */
	int64_t			until;	/* block end, 0: reboot */
	struct ids_decision	alarm;
	char			id[REPORT_ID_MAX];	/* event */
	enum chk_result		from, to;
	int64_t			time;
};

/* A ring; the first nsent entries from head are in flight. */
struct mqtt_queue {
	struct mqtt_qmsg	*q;
	size_t			 cap, head, len, nsent;
};

/* Entry i counted from the oldest. */
struct mqtt_qmsg *mqtt_q_at(struct mqtt_queue *, size_t i);
/* The oldest leaves (acknowledged, or dropped). */
void	mqtt_q_pop(struct mqtt_queue *);
/* Remove the unsent entry k (>= nsent); the ones before it move up. */
void	mqtt_q_remove_at(struct mqtt_queue *, size_t k);
/* After a disconnect everything in flight goes out again. */
void	mqtt_q_unsend(struct mqtt_queue *);
/*
 * Room for cap messages, keeping the newest that fit: the number lost,
 * or -1 (logged) with the queue as it was.
 */
int	mqtt_q_alloc(struct mqtt_queue *, size_t cap);

#endif
