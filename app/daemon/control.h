/*
 * control.h - the control socket's protocol inside `camguard run`: one
 * JSON request line in, one JSON reply line out (camguard(8), "CONTROL
 * SOCKET").  The socket itself is made by platform/ctlsock.c before the
 * worker drops its privileges; this side accepts, checks the peer,
 * reads, answers through the daemon's view and closes.
 */
#ifndef CAMGUARD_CONTROL_H
#define CAMGUARD_CONTROL_H

struct control;
struct daemon_view;
struct loop;

/* Serve the listening descriptor fd (taken over); NULL on failure. */
struct control	*control_start(struct loop *, struct daemon_view *, int fd);
/* Close every connection and the listener. */
void		 control_stop(struct control *);

#endif
