/*
 * fleet_docs.h - the documents of the fleet server: the page at /, the
 * same rows as JSON at /fleet, and /metrics for Prometheus.
 *
 * Pure renderers: each reads the model and the rows the caller chose
 * (fleet_rows(): filtered and sorted worst first), writes into the
 * caller's buffer and returns the length, or -1 when the buffer is too
 * small (the caller grows it and renders again).  No I/O, no clock: the
 * time is in the input.
 */
#ifndef CAMGUARD_FLEET_DOCS_H
#define CAMGUARD_FLEET_DOCS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fleet/fleet_model.h"

struct fleet_doc_in {
	const struct fleet_model	*m;
	const struct fleet_row		*rows;		/* for the page, JSON */
	size_t				 n_rows;
	const size_t			*counts;	/* per state, all */
	const struct fleet_filter	*f;		/* as asked */
	int64_t				 now;		/* wall clock */
	bool				 connected;	/* to the broker */
};

int	fleet_page(char *buf, size_t cap, const struct fleet_doc_in *);
int	fleet_json(char *buf, size_t cap, const struct fleet_doc_in *);
/* Every camera on the table; rows and the filter are not used. */
int	fleet_metrics(char *buf, size_t cap, const struct fleet_doc_in *);

#endif
