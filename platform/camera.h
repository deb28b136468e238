/*
 * camera.h - fetch the camera's configuration: from a file saved from the
 * camera, or from the running camera's Remote Configuration API.
 *
 * Either way the bytes land in a camera_dump for camcfg_parse(); errors
 * are written to errf once, naming the file or the camera URL.
 */
#ifndef CAMGUARD_CAMERA_H
#define CAMGUARD_CAMERA_H

#include <stddef.h>
#include <stdio.h>

#include "cg_limits.h"

struct conf;

struct camera_dump {
	char	name[CONF_PATH_MAX];	/* file path or camera URL */
	size_t	len;
	char	buf[CAMCFG_FILE_MAX + 1];
};

int	camera_fetch_file(const char *path, struct camera_dump *, FILE *errf);
/* POST /admin/remoteconfig "helo / view configfile / quit" at url. */
int	camera_fetch_api(const struct conf *, const char *url,
	    struct camera_dump *, FILE *errf);

#endif
