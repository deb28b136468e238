/*
 * daemon.h - what `camguard run` runs inside the loop.
 *
 * daemon_start() registers every enabled capability (scan timer, IDS
 * sources, MQTT client, status listener) with the loop; daemon_apply()
 * moves them to a reloaded configuration; daemon_stop() unregisters and
 * flushes.  The configuration is borrowed: the caller keeps it alive
 * until the next daemon_apply() or daemon_stop().
 */
#ifndef CAMGUARD_DAEMON_H
#define CAMGUARD_DAEMON_H

struct conf;
struct fw_ops;
struct daemon;
struct loop;

/* NULL on failure; *config_error tells a bad policy file from the rest. */
struct daemon	*daemon_start(struct loop *, const struct conf *,
		    const struct fw_ops *fw_proxy, int *config_error);
int		 daemon_apply(struct daemon *, const struct conf *);
void		 daemon_rescan(struct daemon *);
/* Serve the control socket fd (made before privileges were dropped). */
void		 daemon_control(struct daemon *, int fd);
/*
 * Tell the services (the SIEM's audit trail) of an operator's command
 * carried out outside them: who ("signal"), what ("reload", "rescan")
 * and the result ("ok" or why not).
 */
void		 daemon_audit(struct daemon *, const char *who,
		    const char *what, const char *result);
void		 daemon_stop(struct daemon *);

#endif
