/*
 * mqtt_settings.h - checks of the mqtt block of a configuration, for the
 * MQTT service (mqtt.c) only.
 */
#ifndef CAMGUARD_MQTT_SETTINGS_H
#define CAMGUARD_MQTT_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>

struct chk_scan;
struct conf;

/*
 * Usable by the service?  Reads password_file (first line) into pw when
 * there is one.  -1 (logged) when not.
 */
int	mqtt_settings_check(const struct conf *, char *pw, size_t pwsz,
	    bool *has_pw);
/* Does a new configuration need another connection? */
bool	mqtt_settings_differ(const struct conf *a, const struct conf *b);
/*
 * The camera id: camera.id, else the scanned configuration's hostname
 * (scan may be NULL), else (final) gethostname().  -1 while unknown, or
 * (logged) when it is no valid topic level.
 */
int	mqtt_settings_camera(const struct conf *, const struct chk_scan *scan,
	    char *out, size_t sz, bool final);

#endif
