#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# contrib/zabbix's template against the MIB, without a Zabbix server (a real
# import needs a database, the server's schema and the PHP frontend; see the
# README): tests/zabbix-template.py checks its layout, that every OID is a
# readable object of SCOUT-NTP-MIB in the right place, that every value map
# equals the MIB's enumeration, and that the triggers refer to real items.
#
# Environment: BASEMIBS, NETSNMPMIBS, srcdir, CI as for tests/mib-oids.sh.
# Exit: 0 pass, 1 fail, 77 skip.
set -eu

me='zabbix-template'
tools='snmptranslate python3'
. "${srcdir:-$(cd "$(dirname "$0")/.." && pwd)}/tests/mib-lib.sh"
python3 -c 'import yaml' 2>/dev/null || skip "python3-yaml not installed"

SNMPCONFPATH=$tmp/conf SNMP_PERSISTENT_DIR=$tmp/persist MIBS='' \
MIBDIRS="$BASEMIBS:$netsnmpmibs:$srcdir/mibs" \
	python3 "$srcdir/tests/zabbix-template.py" \
	"$srcdir/contrib/zabbix/scout-ntp-agent-zabbix6.0.yaml" >"$tmp/out" 2>&1 || {
	cat "$tmp/out" >&2
	fail "the Zabbix template does not match the MIB"
}
tail -n 1 "$tmp/out"
echo "$me: $(grep -c ': ok: ' "$tmp/out") items and prototypes match SCOUT-NTP-MIB"
