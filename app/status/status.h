/*
 * status.h - the status endpoint (spec section 9): one service of the
 * daemon, and the three documents it serves.
 *
 * status.c is the service: its routes and rendered documents, on an
 * HTTP/1.1 server of its own (httpd.h: a listener on status.listen,
 * clients in a fixed table, requests read with http_parse(), responses
 * written without blocking, optional bearer token and TLS).  The
 * documents are rendered by pure functions from a snapshot of what the
 * daemon knows: /status (status_json.c), /metrics (status_metrics.c) and
 * the page at / (status_page.c).  Each renders into a caller buffer and
 * returns the length, or -1 when the document does not fit.
 */
#ifndef CAMGUARD_STATUS_H
#define CAMGUARD_STATUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "core/addr.h"
#include "core/service.h"

extern const struct service_ops status_service;

/* A source the IDS blocks, as the documents list it. */
struct status_block {
	struct addr_net	net;
	int64_t		until;		/* wall clock; 0 = until reboot */
	char		origin[CONF_STR_MAX];	/* a shared block's; "" ours */
	char		reason[CMD_REASON_MAX];	/* an operator's; "" none */
};

struct policy_lang;

/* What a document shows. */
struct status_snapshot {
	const struct daemon_view	*view;
	const char			*camera;	/* before a scan */
	time_t				 now;
	const struct status_block	*blocks;	/* still in force */
	size_t				 n_blocks;
	const struct policy_lang	*lang;		/* the page's; NULL: en */
	const char			*lang_code;	/* NULL: "en" */
	uint64_t			 auth_failures;	/* 401s for the token */
};

int	status_json(char *buf, size_t cap, const struct status_snapshot *);
int	status_metrics(char *buf, size_t cap,
	    const struct status_snapshot *);
int	status_page(char *buf, size_t cap, const struct status_snapshot *);

/*
 * A bounded text buffer for the renderers: the first write that does not
 * fit sets overflow, and later writes do nothing.
 */
struct status_buf {
	char	*buf;
	size_t	 cap;
	size_t	 len;
	bool	 overflow;
};

void	status_buf_init(struct status_buf *, char *buf, size_t cap);
void	status_buf_put(struct status_buf *, const char *s, size_t n);
void	status_buf_puts(struct status_buf *, const char *s);
void	status_buf_printf(struct status_buf *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* The length written, or -1 after an overflow. */
int	status_buf_end(const struct status_buf *);

/* The camera id a document names: the last scan's, else the fallback. */
const char *status_camera(const struct status_snapshot *);

/*
 * For other documents of camguard (the fleet server's): at most n bytes
 * of s as HTML text (controls, bidi overrides and invalid UTF-8 become
 * U+FFFD), and s as a Prometheus label value (\\, \", \n escaped).
 */
void	status_html(struct status_buf *, const char *s, size_t n);
void	status_label_value(struct status_buf *, const char *s);

#endif
