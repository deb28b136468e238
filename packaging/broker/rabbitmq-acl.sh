#!/bin/sh
# camguard: example RabbitMQ permissions (camguard(8), BROKER ACCESS).
#
# The MQTT plugin maps a topic to a routing key on the amq.topic exchange
# with '/' as '.', so MOBOTIX/cam-a/ids/blocked is MOBOTIX.cam-a.ids.blocked.
# Each camera logs in with its camera id as user name; {username} in a
# topic permission is replaced by it.  A user that publishes where it may
# not is disconnected; a subscription where it may not read is refused.
# Usage:
#	rabbitmq-acl.sh camera CAMERA_ID PASSWORD
#	rabbitmq-acl.sh operator USER PASSWORD	(camguard fleet, commands)
#	rabbitmq-acl.sh server USER PASSWORD	(camguard fleet --listen)
# CAMGUARD_TOPIC_ROOT: mqtt.topic_root (default MOBOTIX); RABBITMQ_VHOST
# (default /); RABBITMQCTL: the rabbitmqctl to run.  Run as a user
# rabbitmqctl works for; running it again sets the password anew.
set -e
ROOT=${CAMGUARD_TOPIC_ROOT:-MOBOTIX}
VHOST=${RABBITMQ_VHOST:-/}
CTL=${RABBITMQCTL:-rabbitmqctl}
kind=$1 user=$2 pass=$3
usage() {
	echo "usage: $0 camera|operator|server USER PASSWORD" >&2
	exit 64
}
[ -n "$user" ] && [ -n "$pass" ] || usage
case $kind in camera | operator | server) ;; *) usage ;; esac

$CTL add_user "$user" "$pass" 2>/dev/null ||
	$CTL change_password "$user" "$pass"
# the plugin's own queue per session and the topic exchange
$CTL set_permissions -p "$VHOST" "$user" '^mqtt-subscription-.*' \
	'^(amq\.topic|mqtt-subscription-.*)$' '^(amq\.topic|mqtt-subscription-.*)$'
case $kind in
camera)
	# write: its own subtree, and the fleet republish request (ids.fleet)
	# read: its commands, the fleet's, every alarm and block list
	$CTL set_topic_permissions -p "$VHOST" "$user" amq.topic \
	    "^$ROOT\\.{username}\\..*|^$ROOT\\._fleet\\.cmd\\.republish\$" \
	    "^$ROOT\\.{username}\\.cmd\\..*|^$ROOT\\._fleet\\.cmd\\..*|^$ROOT\\.[^.]+\\.notify\\.ids_alarm\$|^$ROOT\\.[^.]+\\.ids\\.blocked\$"
	;;
operator)
	# write: every camera's commands and the fleet's; read: everything
	$CTL set_topic_permissions -p "$VHOST" "$user" amq.topic \
	    "^$ROOT\\.[^.]+\\.cmd\\..*" "^$ROOT\\..*"
	;;
server)
	# the fleet server: asks the fleet to republish, sends no other
	# command; reads each camera's state, checks, blocks and alarms
	$CTL set_topic_permissions -p "$VHOST" "$user" amq.topic \
	    "^$ROOT\\._fleet\\.cmd\\.republish\$" \
	    "^$ROOT\\.[^.]+\\.(camguard\\.status|hardening\\.summary|hardening\\.check\\.[^.]+|ids\\.blocked|notify\\.ids_alarm)\$"
	;;
esac
