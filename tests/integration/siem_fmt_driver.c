/*
 * siem_fmt_driver.c - one event through app/siem/siem_fmt.c, for
 * tests/integration/siem_rsyslog_harness.sh to send to a real rsyslogd.
 *
 *   siem_fmt_driver frame|lf|raw MSGID TEXT [NAME VALUE]...
 *
 * Writes the message to stdout: octet-counted (frame, RFC 6587 3.4.1),
 * followed by a LF (lf, the non-transparent framing of 3.4.2, where a
 * newline left in a value would start a second message), or alone (raw,
 * one UDP datagram).  The header is fixed: authpriv.warning, 2023-11-14
 * 22:13:20.000042Z, cam01 camguard 4242, SD-ID camguard@32473.
 */
#include <stdio.h>
#include <string.h>

#include "siem/siem_fmt.h"

int
main(int argc, char **argv)
{
	struct siem_param p[SIEM_PARAMS_MAX];
	struct siem_msg m = {
		.pri = 10 * 8 + 4, .sec = 1700000000, .usec = 42,
		.hostname = "cam01", .app_name = "camguard", .procid = "4242",
		.sd_id = "camguard@32473", .params = p,
	};
	char out[SIEM_FRAME_MAX + 1];
	int i, n;

	if (argc < 4 || (argc - 4) % 2 || (argc - 4) / 2 > SIEM_PARAMS_MAX) {
		fprintf(stderr, "usage: siem_fmt_driver frame|lf|raw MSGID "
		    "TEXT [NAME VALUE]...\n");
		return 64;
	}
	m.msgid = argv[2];
	m.msg = argv[3];
	for (i = 4; i < argc; i += 2)
		p[m.nparams++] = (struct siem_param){ argv[i], argv[i + 1], 0 };
	n = siem_fmt(out, sizeof(out), &m);
	if (n < 0) {
		fprintf(stderr, "siem_fmt_driver: siem_fmt refused the event\n");
		return 1;
	}
	if (strcmp(argv[1], "frame") == 0)
		n = siem_frame(out, sizeof(out), out, (size_t)n);
	else if (strcmp(argv[1], "lf") == 0)
		out[n++] = '\n';
	if (n < 0 || fwrite(out, 1, (size_t)n, stdout) != (size_t)n)
		return 1;
	return fflush(stdout) == 0 ? 0 : 1;
}
