#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Structure check of contrib/zabbix/scout-ntp-agent-zabbix6.0.yaml against
mibs/SCOUT-NTP-MIB.txt, for when no Zabbix server is at hand:
  - valid YAML in Zabbix 6.0's export layout; every uuid 32 hex digits, unique;
  - every SNMP OID is a readable object of the MIB (net-snmp's snmptranslate
    says so): items are scalars with instance .0, item prototypes columns of
    the table their discovery rule walks, with instance {#SNMPINDEX};
  - every value map is used, and equals the enumeration of each object whose
    item uses it;
  - every item key is unique, and every /TEMPLATE/key in a trigger exists;
  - the "not synchronised" trigger shows the reason text.
Usage: zabbix-template.py TEMPLATE (snmptranslate must find the MIB: MIBDIRS).
Prints one line per problem; exits 1 if there is any.
"""
import re
import subprocess
import sys

import yaml

problems = []


def problem(msg):
    problems.append(msg)
    print("zabbix-template: " + msg, file=sys.stderr)


def mib_object(oid):
    """(name, syntax line, is a table column, table entry OID) or None."""
    out = subprocess.run(["snmptranslate", "-m", "SCOUT-NTP-MIB", "-Td", "." + oid],
                         capture_output=True, text=True)
    lines = out.stdout.splitlines()
    if out.returncode or not lines:
        return None
    m = re.fullmatch(r"SCOUT-NTP-MIB::(scoutNtp[A-Za-z0-9]+)", lines[0].strip())
    if not m:  # e.g. SCOUT-NTP-MIB::scoutNtpAgent.99: no such object
        return None
    text = out.stdout
    if "OBJECT-TYPE" not in text or not re.search(r"MAX-ACCESS\s+read-only", text):
        return None
    syntax = next((l for l in lines if l.strip().startswith("SYNTAX")), "")
    return m.group(1), syntax


def enum_of(syntax):
    m = re.search(r"\{(.*)\}", syntax)
    if not m:
        return None
    return {int(v): n for n, v in re.findall(r"([A-Za-z][A-Za-z0-9-]*)\((-?\d+)\)", m.group(1))}


def main(path):
    with open(path, encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    export = doc.get("zabbix_export") if isinstance(doc, dict) else None
    if not export:
        problem("no zabbix_export at the top")
        return
    if export.get("version") != "6.0":
        problem("zabbix_export.version is %r, not '6.0'" % export.get("version"))
    templates = export.get("templates") or []
    if len(templates) != 1:
        problem("%d templates, expected 1" % len(templates))
        return
    tpl = templates[0]
    tname = tpl.get("template")

    uuids = []

    def walk(node):
        if isinstance(node, dict):
            if "uuid" in node:
                uuids.append(node["uuid"])
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)
    walk(export)
    for u in uuids:
        if not re.fullmatch(r"[0-9a-f]{32}", str(u)):
            problem("uuid %r is not 32 lower-case hex digits" % u)
    if len(set(uuids)) != len(uuids):
        problem("uuids are not unique")

    valuemaps = {}
    for vm in tpl.get("valuemaps") or []:
        valuemaps[vm["name"]] = {int(m["value"]): m["newvalue"] for m in vm["mappings"]}
    used_maps = set()
    keys = set()
    root = "1.3.6.1.4.1.8072.9999.9999.4185.1"

    def check_item(item, where, instance, table=None):
        key = item.get("key")
        if key in keys:
            problem("%s: key %s used twice" % (where, key))
        keys.add(key)
        if item.get("type") != "SNMP_AGENT":
            problem("%s: type %r, expected SNMP_AGENT" % (where, item.get("type")))
        oid = str(item.get("snmp_oid", ""))
        if not oid.endswith("." + instance):
            problem("%s: OID %s does not end with .%s" % (where, oid, instance))
            return
        base = oid[: -len(instance) - 1]
        if table and not base.startswith(table + "."):
            problem("%s: OID %s is not a column of the discovered table %s" % (where, oid, table))
        if not table and not base.startswith(root + ".1.") and not base.startswith(root + ".4."):
            problem("%s: OID %s is not a scalar of SCOUT-NTP-MIB" % (where, oid))
        obj = mib_object(base)
        if not obj:
            problem("%s: %s is no readable object of SCOUT-NTP-MIB" % (where, base))
            return
        name, syntax = obj
        vm = (item.get("valuemap") or {}).get("name")
        enum = enum_of(syntax)
        if vm:
            used_maps.add(vm)
            if vm not in valuemaps:
                problem("%s: value map %s does not exist" % (where, vm))
            elif enum != valuemaps[vm]:
                problem("%s: value map %s is %s, but %s enumerates %s"
                        % (where, vm, valuemaps[vm], name, enum))
        elif enum:
            problem("%s: %s is an enumeration but the item has no value map" % (where, name))
        print("zabbix-template: ok: %s -> %s%s" % (where, name, " (value map %s)" % vm if vm else ""))

    for item in tpl.get("items") or []:
        check_item(item, "item %r" % item.get("name"), "0")
    rules = tpl.get("discovery_rules") or []
    if len(rules) < 2:
        problem("%d discovery rules, expected the daemon and the source table" % len(rules))
    for rule in rules:
        m = re.fullmatch(r"discovery\[(\{#[A-Z.]+\},[0-9.]+)(,\{#[A-Z.]+\},[0-9.]+)*\]",
                         str(rule.get("snmp_oid", "")))
        if not m:
            problem("rule %r: snmp_oid %r is not discovery[{#MACRO},OID,...]"
                    % (rule.get("name"), rule.get("snmp_oid")))
            continue
        first = rule["snmp_oid"][len("discovery["):-1].split(",")[1]
        table = first.rsplit(".", 1)[0]  # the entry
        if not mib_object(first):
            problem("rule %r walks %s, no readable column of SCOUT-NTP-MIB" % (rule.get("name"), first))
        for item in rule.get("item_prototypes") or []:
            check_item(item, "prototype %r" % item.get("name"), "{#SNMPINDEX}", table)
        for t in rule.get("trigger_prototypes") or []:
            for ref in re.findall(r"/([^/]+)/([^,)]+)", t["expression"]):
                if ref[0] != tname or ref[1] not in keys:
                    problem("trigger prototype %r refers to %s" % (t["name"], "/".join(ref)))
    for vm in valuemaps:
        if vm not in used_maps:
            problem("value map %s is used by no item" % vm)

    triggers = list(export.get("triggers") or [])
    for item in tpl.get("items") or []:
        triggers += item.get("triggers") or []
    for t in triggers:
        refs = re.findall(r"/([^/]+)/([^,)]+)", t["expression"])
        for ref in refs:
            if ref[0] != tname or ref[1] not in keys:
                problem("trigger %r refers to /%s/%s, no item of the template" % (t["name"], ref[0], ref[1]))
        for dep in t.get("dependencies") or []:
            if not any(d["name"] == dep["name"] and d["expression"] == dep["expression"] for d in triggers):
                problem("trigger %r depends on a trigger that does not exist: %r" % (t["name"], dep["name"]))
    sync = [t for t in triggers if "scout.ntp.host.sync.status" in t["expression"]
            and "nodata" not in t["expression"]]
    if not sync:
        problem("no trigger on scout.ntp.host.sync.status")
    for t in sync:
        refs = [r[1] for r in re.findall(r"/([^/]+)/([^,)]+)", t["expression"])]
        n = [i + 1 for i, r in enumerate(refs) if r == "scout.ntp.host.sync.reason.text"]
        if not n or "{ITEM.LASTVALUE%d}" % n[0] not in (t.get("event_name") or ""):
            problem("trigger %r does not show the reason text in its event name" % t["name"])
    names = {t["name"] for t in triggers}
    print("zabbix-template: %d items, %d discovery rules, %d value maps, triggers: %s"
          % (len(tpl.get("items") or []), len(rules), len(valuemaps), ", ".join(sorted(names))))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
    sys.exit(1 if problems else 0)
