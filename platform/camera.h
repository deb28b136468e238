/*
 * camera.h - fetch the camera's configuration: from a file saved from the
 * camera, or from the running camera's Remote Configuration API; send
 * other API commands; temporary deny rules for the camera-acl backend.
 *
 * Either way the configuration lands in a camera_dump for camcfg_parse();
 * errors are written to errf once, naming the file or the camera URL.
 * Credentials come from camera.user and the first line of
 * camera.password_file, never from the URL.  An https:// URL is verified
 * against camera.ca_file (chain and host name or address); without a CA
 * file only a loopback camera (the agent on the camera itself, whose
 * factory certificate is self-signed) is reached unverified.
 *
 * The API framing assumed (no real camera dump was seen yet; the
 * simulator tests/camsim frames its replies this way, see its README):
 *
 *   #read::            first line of the body of a 200 reply; the rest of
 *                      that line is ignored
 *   ...                the output of each command: "view configfile" the
 *                      configuration file as saved from the camera,
 *                      "view section S" SECTION S ... ENDSECTION S
 *   #error: ...        a command the camera refused
 *   #end               optional; it and what follows are dropped
 *
 * Other '#' lines are comments to camcfg_parse().  A reply without
 * "#read::" is not a camera's API (a web server's error page, say).
 */
#ifndef CAMGUARD_CAMERA_H
#define CAMGUARD_CAMERA_H

#include <stddef.h>
#include <stdio.h>

#include "core/cg_limits.h"

#define CAMERA_API_PATH		"/admin/remoteconfig"
#define CAMERA_API_BEGIN	"#read::"
#define CAMERA_API_END		"#end"
#define CAMERA_API_ERROR	"#error:"

/*
 * Temporary deny rules (spec section 8), one per slot:
 * accesscontrol/tmpdeny_<N>=ADDR[/PREFIX], N = 1..CAMERA_ACL_DENY_MAX,
 * written with "write params" and made effective with "update", never
 * "store" (a reboot forgets them).  An empty value is a free slot.  The
 * simulator gives these rules precedence over the allow_N rules.
 */
#define CAMERA_ACL_SECTION	"accesscontrol"
#define CAMERA_ACL_DENY_KEY	"tmpdeny_"

struct conf;

struct camera_dump {
	char	name[CONF_PATH_MAX];	/* file path or camera URL */
	size_t	len;			/* at most CAMCFG_FILE_MAX */
	char	buf[HTTP_RESP_MAX + 1];	/* the API reply is read here */
};

int	camera_fetch_file(const char *path, struct camera_dump *, FILE *errf);
/*
 * POST /admin/remoteconfig "helo / view configfile / quit" at url (its
 * path, if any, is kept as a prefix).  -1 after one message for: the
 * camera unreachable (refused, timeout, TLS), credentials refused (401
 * after answering the challenge), a reply that is not the API's (no
 * "#read::"), a truncated or oversized reply.
 */
int	camera_fetch_api(const struct conf *, const char *url,
	    struct camera_dump *, FILE *errf);

/*
 * Send cmds (lines, each ending in '\n', without helo and quit, which
 * are added) to the API at url.  The reply body without its framing goes
 * to out (NUL-terminated, *outlen bytes); out also holds the reply head
 * while it is read, so give it HTTP_RESP_HEAD_MAX bytes more than the
 * output.  -1 after one message on errf, also for a "#error:" line.
 */
int	camera_api_command(const struct conf *, const char *url,
	    const char *cmds, char *out, size_t outsz, size_t *outlen,
	    FILE *errf);

/*
 * Deny net ("ADDR" or "ADDR/PREFIX") with a temporary rule at camera.url:
 * reads the section, reuses a slot that already holds net, else takes
 * the first free one.  Release empties every slot that holds net.  Both
 * return 0 or -1 after one message.  Not reentrant (one static buffer).
 */
int	camera_acl_deny(const struct conf *, const char *net, FILE *errf);
int	camera_acl_release(const struct conf *, const char *net, FILE *errf);

#endif
