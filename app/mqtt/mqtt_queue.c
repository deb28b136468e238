/*
 * mqtt_queue.c - the ring of non-retained MQTT messages (mqtt_queue.h):
 * indexing, removal from the front or from the middle, and resizing on a
 * new mqtt.queue_max.
 *
 * Owns only the ring's bookkeeping.  What to push, what to drop when it
 * is full and when entries go out or come back is the session's
 * (mqtt.c); their payloads are mqtt_publish.c's.
 */
#include <stdlib.h>

#include "core/log.h"
#include "mqtt/mqtt_queue.h"

struct mqtt_qmsg *
mqtt_q_at(struct mqtt_queue *q, size_t i)
{
	return &q->q[(q->head + i) % q->cap];
}

void
mqtt_q_pop(struct mqtt_queue *q)
{
	q->head = (q->head + 1) % q->cap;
	q->len--;
	if (q->nsent)
		q->nsent--;
}

/* Remove the unsent entry k (>= nsent); the ones before it move up. */
void
mqtt_q_remove_at(struct mqtt_queue *q, size_t k)
{
	for (; k > 0; k--)
		*mqtt_q_at(q, k) = *mqtt_q_at(q, k - 1);
	q->head = (q->head + 1) % q->cap;
	q->len--;
}

/* After a disconnect everything in flight goes out again. */
void
mqtt_q_unsend(struct mqtt_queue *q)
{
	size_t i;

	for (i = 0; i < q->len; i++)
		mqtt_q_at(q, i)->sent = false;
	q->nsent = 0;
}

int
mqtt_q_alloc(struct mqtt_queue *q, size_t cap)
{
	struct mqtt_qmsg *fresh = calloc(cap, sizeof(*fresh));
	size_t i, skip;

	if (!fresh) {
		log_warn("mqtt: queue of %zu", cap);
		return -1;
	}
	skip = q->len > cap ? q->len - cap : 0;
	for (i = skip; i < q->len; i++)
		fresh[i - skip] = *mqtt_q_at(q, i);
	free(q->q);
	q->q = fresh;
	q->cap = cap;
	q->len -= skip;
	q->nsent = q->nsent > skip ? q->nsent - skip : 0;
	q->head = 0;
	return (int)skip;
}
