/*
 * camera.c - camera configuration from a file or the camera itself.
 */
#include <stdio.h>

#include "camera.h"
#include "readfile.h"

int
camera_fetch_file(const char *path, struct camera_dump *d, FILE *errf)
{
	snprintf(d->name, sizeof(d->name), "%s", path);
	return readfile(path, d->buf, CAMCFG_FILE_MAX, &d->len, errf);
}

int
camera_fetch_api(const struct conf *c, const char *url,
    struct camera_dump *d, FILE *errf)
{
	(void)c;
	snprintf(d->name, sizeof(d->name), "%s", url);
	fprintf(errf, "%s: reading the configuration through the Remote "
	    "Configuration API is not in this build; give --camera-config "
	    "FILE or camera.config_file\n", url);
	return -1;
}
