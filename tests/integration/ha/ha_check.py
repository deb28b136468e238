"""Check camguard's Home Assistant discovery against the MQTT integration's
schema, and render its templates as Home Assistant would.

Reads `mosquitto_sub -v` lines (topic, space, payload) from the file given
as argv[1]: the retained configs under homeassistant/ and the retained
state topics of the camera, plus one alarm.  The keys are the ones Home
Assistant's MQTT sensor, binary_sensor and event platforms accept (their
schemas, and the device schema), written out here from its documentation;
a key outside them makes Home Assistant refuse the whole config.
Prints one TAP-like line per finding and exits 1 when any is wrong.
"""
import json
import sys

import jinja2

COMMON = {
    "availability", "availability_mode", "availability_template",
    "availability_topic", "payload_available", "payload_not_available",
    "device", "enabled_by_default", "encoding", "entity_category",
    "entity_picture", "icon", "json_attributes_template",
    "json_attributes_topic", "name", "object_id", "default_entity_id",
    "unique_id", "qos", "platform", "origin",
}
PLATFORM = {
    "sensor": {"state_topic", "device_class", "expire_after",
               "force_update", "last_reset_value_template", "options",
               "suggested_display_precision", "state_class",
               "unit_of_measurement", "value_template"},
    "binary_sensor": {"state_topic", "device_class", "expire_after",
                      "force_update", "off_delay", "payload_off",
                      "payload_on", "value_template"},
    "event": {"state_topic", "event_types", "device_class",
              "value_template"},
}
REQUIRED = {"sensor": {"state_topic"}, "binary_sensor": {"state_topic"},
            "event": {"state_topic", "event_types"}}
DEVICE = {"configuration_url", "connections", "hw_version", "identifiers",
          "manufacturer", "model", "model_id", "name", "serial_number",
          "suggested_area", "sw_version", "via_device"}
ENTITY_CATEGORY = {"config", "diagnostic"}
STATE_CLASS = {"measurement", "total", "total_increasing"}
BINARY_DEVICE_CLASS = {"problem", "safety", "connectivity", "running"}

bad = 0


def fail(msg):
    global bad
    bad += 1
    print("BAD " + msg)


def render(tpl, payload):
    env = jinja2.Environment()
    value_json = json.loads(payload)
    return env.from_string(tpl).render(value_json=value_json, value=payload)


def main():
    msgs = {}
    for line in open(sys.argv[1], encoding="utf-8"):
        topic, _, payload = line.rstrip("\n").partition(" ")
        msgs.setdefault(topic, payload)
    configs = {t: p for t, p in msgs.items()
               if t.startswith("homeassistant/") and t.endswith("/config")}
    unique = set()
    devices = set()
    kinds = {}
    for topic, payload in sorted(configs.items()):
        component = topic.split("/")[1]
        cfg = json.loads(payload)
        allowed = COMMON | PLATFORM.get(component, set())
        if component not in PLATFORM:
            fail(f"{topic}: component {component}")
            continue
        for k in cfg:
            if k not in allowed:
                fail(f"{topic}: key {k} is not in the {component} schema")
        for k in REQUIRED[component]:
            if k not in cfg:
                fail(f"{topic}: required key {k} missing")
        for k in cfg.get("device", {}):
            if k not in DEVICE:
                fail(f"{topic}: device key {k}")
        dev = cfg.get("device", {})
        if not dev.get("identifiers") or not dev.get("manufacturer"):
            fail(f"{topic}: device without identifiers or manufacturer")
        devices.add(json.dumps(dev.get("identifiers")))
        if cfg.get("unique_id") in unique:
            fail(f"{topic}: unique_id repeated")
        unique.add(cfg.get("unique_id"))
        if "entity_category" in cfg and \
                cfg["entity_category"] not in ENTITY_CATEGORY:
            fail(f"{topic}: entity_category {cfg['entity_category']}")
        if "state_class" in cfg and cfg["state_class"] not in STATE_CLASS:
            fail(f"{topic}: state_class {cfg['state_class']}")
        if component == "binary_sensor" and \
                cfg.get("device_class") not in BINARY_DEVICE_CLASS:
            fail(f"{topic}: device_class {cfg.get('device_class')}")
        state = msgs.get(cfg["state_topic"])
        if state is None:
            fail(f"{topic}: nothing on its state topic {cfg['state_topic']}")
            continue
        out = render(cfg.get("value_template", "{{ value }}"), state)
        kinds[topic.split("/")[2].split("_", 1)[-1]] = (component, out)
        if component == "sensor" and out not in ("None", "") :
            float(out)
        if component == "binary_sensor" and out not in ("ON", "OFF"):
            fail(f"{topic}: binary_sensor renders {out!r}")
        if component == "event":
            ev = json.loads(out)
            if ev.get("event_type") not in cfg["event_types"]:
                fail(f"{topic}: event_type {ev.get('event_type')}")
            print(f"EVENT {ev['event_type']} ip={ev.get('ip')} "
                  f"attempts={ev.get('attempts')}")
        if "json_attributes_template" in cfg:
            attrs = json.loads(render(cfg["json_attributes_template"],
                               msgs[cfg["json_attributes_topic"]]))
            if not isinstance(attrs, dict) or "remediation" not in attrs:
                fail(f"{topic}: attributes {attrs!r}")
        avail = msgs.get(cfg["availability_topic"])
        if render(cfg["availability_template"], avail) != "online":
            fail(f"{topic}: not available")
    # the sensors must say what the camera published, not just a number
    summary = None
    for t, p in msgs.items():
        if t.endswith("/hardening/summary"):
            summary = json.loads(p)
    want = {}
    if summary:
        want["score"] = str(round(summary["score"] * 100, 1))
        want["fail_critical"] = str(summary["counts"]["fail_critical"])
        want["fail_high"] = str(summary["counts"]["fail_high"])
    for t, p in msgs.items():
        if t.endswith("/ids/blocked"):
            want["blocked"] = str(json.loads(p)["count"])
    for name, (component, out) in sorted(kinds.items()):
        print(f"ENTITY {component} {name} = {out}")
        if name in want and out != want[name]:
            fail(f"{name} renders {out}, the camera published {want[name]}")
    print(f"CONFIGS {len(configs)} DEVICES {len(devices)}")
    return 1 if bad else 0


sys.exit(main())
