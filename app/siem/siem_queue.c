/*
 * siem_queue.c - the SIEM sender's ring of events.
 *
 * Owns the order of events, which of them were written, and the exact
 * count of those lost (siem_queue.h says the rules).  Does no I/O; the
 * ring is allocated at start and on a reload that changes its size.
 */
#include <stdlib.h>
#include <string.h>

#include "siem/siem_queue.h"

static struct siem_qent *
at(const struct siem_queue *q, size_t i)
{
	return &q->e[(q->head + i) % q->cap];
}

int
siem_queue_init(struct siem_queue *q, size_t max)
{
	memset(q, 0, sizeof(*q));
	if (max == 0 || !(q->e = calloc(max + 1, sizeof(*q->e))))
		return -1;
	q->max = max;
	q->cap = max + 1;
	return 0;
}

void
siem_queue_free(struct siem_queue *q)
{
	free(q->e);
	q->e = NULL;
	q->cap = q->max = q->len = q->nsent = q->head = 0;
}

int
siem_queue_resize(struct siem_queue *q, size_t max)
{
	struct siem_qent *fresh;
	size_t i, skip;

	if (max == q->max)
		return 0;
	if (max == 0 || !(fresh = calloc(max + 1, sizeof(*fresh))))
		return -1;
	skip = q->len > max ? q->len - max : 0;
	for (i = skip; i < q->len; i++)
		fresh[i - skip] = *at(q, i);
	/* The oldest go: first the sent ones, then unsent (counted). */
	if (skip > q->nsent) {
		q->dropped += skip - q->nsent;
		q->retired += q->nsent;
		q->nsent = 0;
	} else {
		q->retired += skip;
		q->nsent -= skip;
	}
	free(q->e);
	q->e = fresh;
	q->max = max;
	q->cap = max + 1;
	q->len -= skip;
	q->head = 0;
	return 0;
}

void
siem_queue_clear(struct siem_queue *q)
{
	q->dropped += q->len - q->nsent;
	q->retired += q->nsent;
	q->len = q->nsent = q->head = 0;
}

static void
pop(struct siem_queue *q)
{
	q->head = (q->head + 1) % q->cap;
	q->len--;
}

/* Lose the oldest unsent event: the sent ones before it move up. */
void
siem_queue_drop_next(struct siem_queue *q)
{
	size_t k;

	if (q->nsent >= q->len)
		return;
	for (k = q->nsent; k > 0; k--)
		*at(q, k) = *at(q, k - 1);
	pop(q);
	q->dropped++;
}

struct siem_event *
siem_queue_push(struct siem_queue *q)
{
	struct siem_qent *e;

	if (q->cap == 0)
		return NULL;
	while (q->len >= q->max && q->nsent > 0) {
		pop(q);
		q->nsent--;
		q->retired++;
	}
	while (q->len >= q->max)
		siem_queue_drop_next(q);
	e = at(q, q->len++);
	memset(e, 0, sizeof(*e));
	return &e->ev;
}

struct siem_event *
siem_queue_push_head(struct siem_queue *q)
{
	struct siem_qent *e;

	if (q->cap == 0 || q->nsent > 0)
		return NULL;
	if (q->len == q->cap)
		siem_queue_drop_next(q);
	q->head = (q->head + q->cap - 1) % q->cap;
	q->len++;
	e = at(q, 0);
	memset(e, 0, sizeof(*e));
	return &e->ev;
}

struct siem_qent *
siem_queue_next(struct siem_queue *q)
{
	return q->nsent < q->len ? at(q, q->nsent) : NULL;
}

void
siem_queue_sent(struct siem_queue *q, uint64_t end)
{
	struct siem_qent *e;

	if (q->nsent >= q->len)
		return;
	e = at(q, q->nsent++);
	e->end = end;
	e->writes++;
}

size_t
siem_queue_confirm(struct siem_queue *q, uint64_t acked)
{
	size_t n = 0;

	while (q->nsent > 0 && at(q, 0)->end <= acked) {
		pop(q);
		q->nsent--;
		n++;
	}
	return n;
}

size_t
siem_queue_confirm_all(struct siem_queue *q)
{
	size_t n = q->nsent;

	while (q->nsent > 0) {
		pop(q);
		q->nsent--;
	}
	return n;
}

size_t
siem_queue_unsend(struct siem_queue *q)
{
	size_t n = q->nsent;

	q->nsent = 0;
	return n;
}

size_t
siem_queue_unsent(const struct siem_queue *q)
{
	return q->len - q->nsent;
}
