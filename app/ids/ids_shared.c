/*
 * ids_shared.c - the table of shared blocks (ids_shared.h).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ids/ids_shared.h"

int
ids_shared_init(struct ids_shared *t, size_t cap)
{
	memset(t, 0, sizeof(*t));
	if (cap == 0 || cap > FLEET_SHARED_MAX ||
	    !(t->e = calloc(cap, sizeof(*t->e))))
		return -1;
	t->cap = cap;
	return 0;
}

int
ids_shared_resize(struct ids_shared *t, size_t cap)
{
	struct ids_shared_ent *fresh;

	if (cap == t->cap)
		return 0;
	if (cap == 0 || cap > FLEET_SHARED_MAX || t->n > cap ||
	    !(fresh = calloc(cap, sizeof(*fresh))))
		return -1;
	memcpy(fresh, t->e, t->n * sizeof(*fresh));
	free(t->e);
	t->e = fresh;
	t->cap = cap;
	return 0;
}

/* The entry that ends first, or NULL. */
struct ids_shared_ent *
ids_shared_first(struct ids_shared *t)
{
	struct ids_shared_ent *first = NULL;
	size_t i;

	for (i = 0; i < t->n; i++)
		if (!first || t->e[i].until < first->until)
			first = &t->e[i];
	return first;
}

void
ids_shared_free(struct ids_shared *t)
{
	free(t->e);
	memset(t, 0, sizeof(*t));
}

struct ids_shared_ent *
ids_shared_find(struct ids_shared *t, const struct addr_net *net)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (t->e[i].net.family == net->family &&
		    t->e[i].net.prefix == net->prefix &&
		    !memcmp(t->e[i].net.bytes, net->bytes, sizeof(net->bytes)))
			return &t->e[i];
	return NULL;
}

struct ids_shared_ent *
ids_shared_add(struct ids_shared *t, const struct addr_net *net,
    int64_t until, const char *origin)
{
	struct ids_shared_ent *e;

	if (t->n >= t->cap)
		return NULL;
	e = &t->e[t->n++];
	e->net = *net;
	e->until = until;
	snprintf(e->origin, sizeof(e->origin), "%s", origin);
	return e;
}

void
ids_shared_del(struct ids_shared *t, struct ids_shared_ent *e)
{
	size_t i = (size_t)(e - t->e);

	if (i >= t->n)
		return;
	t->e[i] = t->e[--t->n];
}

int64_t
ids_shared_next(const struct ids_shared *t)
{
	const struct ids_shared_ent *e =
	    ids_shared_first((struct ids_shared *)(uintptr_t)t);

	return e ? e->until : 0;
}
