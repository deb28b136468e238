#!/bin/sh
# camguard: example RabbitMQ permissions (camguard(8), BROKER ACCESS).
#
# The MQTT plugin maps a topic to a routing key on the amq.topic exchange
# with '/' as '.', so MOBOTIX/cam-a/ids/blocked is MOBOTIX.cam-a.ids.blocked.
# Each camera logs in with its camera id as user name; {username} in a
# topic permission is replaced by it.  Usage:
#	rabbitmq-acl.sh camera CAMERA_ID PASSWORD
#	rabbitmq-acl.sh operator USER PASSWORD
# Replace MOBOTIX with mqtt.topic_root.  Run as a user rabbitmqctl works for.
set -e
ROOT=${CAMGUARD_TOPIC_ROOT:-MOBOTIX}
VHOST=${RABBITMQ_VHOST:-/}
CTL=${RABBITMQCTL:-rabbitmqctl}
kind=$1 user=$2 pass=$3
[ -n "$kind" ] && [ -n "$user" ] && [ -n "$pass" ] ||
	{ echo "usage: $0 camera|operator USER PASSWORD" >&2; exit 64; }

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
	$CTL set_topic_permissions -p "$VHOST" "$user" amq.topic \
	    "^$ROOT\\.[^.]+\\.cmd\\..*" "^$ROOT\\..*"
	;;
*)
	echo "usage: $0 camera|operator USER PASSWORD" >&2; exit 64 ;;
esac
