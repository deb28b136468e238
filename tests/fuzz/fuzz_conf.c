/*
 * fuzz_conf.c - libFuzzer: camguard.json through the grammar check, jsmn
 * and the shape walker.  Any input must end in 0 or -1, never a crash,
 * and a parse that succeeds must leave NUL-terminated strings.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/check_ids.h"
#include "core/conf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct conf c;
	static FILE *devnull;

	if (!devnull) {
		devnull = fopen("/dev/null", "w");
		conf_set_check_ids(chk_id_known);
	}
	if (size > CONF_FILE_MAX)
		return 0;
	if (conf_parse(&c, "fuzz.json", (const char *)data, size, devnull) == 0) {
		if (memchr(c.camera.url, '\0', sizeof(c.camera.url)) == NULL ||
		    memchr(c.mqtt.topic_root, '\0',
		    sizeof(c.mqtt.topic_root)) == NULL)
			abort();
		if (c.ids.threshold < 5 || c.ids.n_sources > CONF_SOURCES_MAX)
			abort();
	}
	return 0;
}
