/*
 * conf_rules.h - the value rules of camguard.json (conf_rules.c) that the
 * shape tables of conf.c name.  Private to core/conf*.c: each takes the
 * destination, its size, the string and its length, and writes a message
 * for the error it returns -1 on.
 */
#ifndef CAMGUARD_CONF_RULES_H
#define CAMGUARD_CONF_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/conf.h"

int	conf_rule_copy_str(void *dst, size_t size, const char *s, size_t len,
	    char *msg, size_t msgsz);
int	conf_rule_path(void *dst, size_t size, const char *s, size_t len,
	    char *msg, size_t msgsz);
int	conf_rule_nonempty_path(void *dst, size_t size, const char *s,
	    size_t len, char *msg, size_t msgsz);
int	conf_rule_url(void *dst, size_t size, const char *s, size_t len,
	    char *msg, size_t msgsz);
int	conf_rule_camera_id(void *dst, size_t size, const char *s,
	    size_t len, char *msg, size_t msgsz);
int	conf_rule_camera_own(void *dst, size_t size, const char *s,
	    size_t len, char *msg, size_t msgsz);
int	conf_rule_trusted(void *dst, size_t size, const char *s, size_t len,
	    char *msg, size_t msgsz);
int	conf_rule_socket(void *dst, size_t size, const char *s, size_t len,
	    char *msg, size_t msgsz);
int	conf_rule_topic(void *dst, size_t size, const char *s, size_t len,
	    char *msg, size_t msgsz);
int	conf_rule_nonempty(void *dst, size_t size, const char *s, size_t len,
	    char *msg, size_t msgsz);
int	conf_rule_ip(void *dst, size_t size, const char *s, size_t len,
	    char *msg, size_t msgsz);
int	conf_rule_listen(void *dst, size_t size, const char *s, size_t len,
	    char *msg, size_t msgsz);
int	conf_rule_net(void *dst, size_t size, const char *s, size_t len,
	    char *msg, size_t msgsz);
int	conf_rule_date(void *dst, size_t size, const char *s, size_t len,
	    char *msg, size_t msgsz);
int	conf_rule_check_id(void *dst, size_t size, const char *s, size_t len,
	    char *msg, size_t msgsz);
int	conf_rule_backend(void *dst, size_t size, const char *s, size_t len,
	    char *msg, size_t msgsz);
int	conf_rule_onoff(void *dst, size_t size, const char *s, size_t len,
	    char *msg, size_t msgsz);
int	conf_rule_format(void *dst, size_t size, const char *s, size_t len,
	    char *msg, size_t msgsz);
int	conf_rule_facility(void *dst, size_t size, const char *s, size_t len,
	    char *msg, size_t msgsz);
int	conf_rule_siem_target_parse(const char *s,
	    enum conf_siem_proto *proto, char *host, size_t hostsz,
	    uint16_t *port);
int	conf_rule_siem_target(void *dst, size_t size, const char *s,
	    size_t len, char *msg, size_t msgsz);
int	conf_rule_app_name(void *dst, size_t size, const char *s, size_t len,
	    char *msg, size_t msgsz);
int	conf_rule_optional_name(void *dst, size_t size, const char *s,
	    size_t len, char *msg, size_t msgsz);

#endif
