/*
 * fw_camacl.c - the camera-acl backend: a Temporary Deny rule in the
 * camera's own IP-level access control, through its Remote Configuration
 * API, never stored to flash (a reboot clears it, as the camera's own
 * Intrusion Detection block does).
 *
 * Each verb is two API requests made synchronously, bounded by
 * camera.timeout_ms each; the rules' key names live in camera.h.  The
 * camera's rules have no end time: the detector's release removes them.
 */
#include <stdio.h>

#include "core/log.h"
#include "platform/camera.h"
#include "platform/fw/fw.h"

/* A copy: the agent's configuration is replaced on every reload. */
static struct conf camacl_copy;
static const struct conf *camacl_conf = &camacl_copy;

static int
camacl_init(const struct fw_conf *c)
{
	if (!c->conf || !c->conf->camera.user[0]) {
		log_warnx("camera-acl backend: camera.user and "
		    "camera.password_file are needed");
		return -1;
	}
	camacl_copy = *c->conf;
	return 0;
}

/* The API's own message goes to the log through a memory stream. */
static int
camacl_call(int (*fn)(const struct conf *, const char *, FILE *),
    const struct addr_net *net)
{
	char addr[ADDR_STR_MAX], msg[256] = "";
	FILE *f = fmemopen(msg, sizeof(msg), "w");
	int rc;

	if (!f)
		return -1;
	addr_format(net, addr, sizeof(addr));
	rc = fn(camacl_conf, addr, f);
	fclose(f);
	if (rc < 0)
		log_warnx("camera-acl %s: %s", addr, msg);
	return rc < 0 ? -1 : 0;
}

static int
camacl_block(const struct addr_net *net, int64_t until_epoch)
{
	(void)until_epoch;
	return camacl_call(camera_acl_deny, net);
}

static int
camacl_block_many(const struct addr_net *net, const int64_t *until,
    size_t n)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < n; i++)
		if (camacl_block(&net[i], until[i]) < 0)
			rc = -1;
	return rc;
}

static int
camacl_release(const struct addr_net *net)
{
	return camacl_call(camera_acl_release, net);
}

static int
camacl_nothing(void)
{
	return 0;
}

const struct fw_ops fw_ops_camacl = {
	.name = "camacl",
	.backend = CONF_FW_CAMERA_ACL,
	.init = camacl_init,
	.block = camacl_block,
	.block_many = camacl_block_many,
	.release = camacl_release,
	.flush = camacl_nothing,
	.fini = camacl_nothing,
};
