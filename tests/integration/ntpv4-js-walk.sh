#!/bin/sh
# An SNMP client that is not net-snmp (the npm package net-snmp, in
# JavaScript, installed by tools/js-snmp.sh) walks the whole NTPv4-MIB view
# with GETBULK: it sees exactly the objects, with the same types, that
# net-snmp's snmpwalk (GETNEXT) sees, and the same values where they do not
# move between two walks; chronyd's name, stratum and sources are there.
. "${srcdir:-$(dirname "$0")/../..}/tests/integration/lib.sh"
. "$srcdir/tests/integration/ntpv4-lib.sh"
require_mibs
require node
JS_SNMP=${JS_SNMP:-$(dirname "$BASEMIBS")/js-snmp}
[ -f "$JS_SNMP/node_modules/net-snmp/package.json" ] ||
	skip "npm net-snmp not in $JS_SNMP (tools/fetch-test-deps puts it there)"

NTP_PORT=$(free_port)
CMD_PORT=$(free_port)
DEAD_PORT=$(free_port)
start_chrony_server server "$NTP_PORT"
start_chrony_client client "$CMD_PORT" "$NTP_PORT" "127.0.0.3:$DEAD_PORT"
start_snmpd
start_agent "chronyAddress udp:127.0.0.1:$CMD_PORT"
nexpect_within 30 ntpEntStatusCurrentMode.0 syncToRemoteServer

js_walk() { NODE_PATH=$JS_SNMP/node_modules node "$srcdir/tests/integration/ntpv4-walk.js" "$SNMP_PORT" "$@"; }
js_walk > "$T/js.txt" 2> "$T/js.err" || fail "the JavaScript walk failed: $(cat "$T/js.err")"
[ ! -s "$T/js.err" ] || fail "the JavaScript walk said: $(cat "$T/js.err")"
# net-snmp's own walk, numeric, as "OID TYPE" lines
SNMPCONFPATH=$T/snmpconf MIBS= snmpwalk -m SNMPv2-MIB -v2c -c public -t 2 -r 1 -On -Oe \
    "127.0.0.1:$SNMP_PORT" .1.3.6.1.2.1.197 > "$T/c.txt"
sed -e 's/^\.//' -e 's/ = \([A-Za-z0-9-]*\):.*/ \1/' -e 's/ = ""$/ STRING/' "$T/c.txt" > "$T/c.types"
n=$(wc -l < "$T/js.txt")
[ "$n" -ge 25 ] || fail "the JavaScript walk found $n objects: $(cat "$T/js.txt")"
# the same objects, in the same order, with the same types
awk '{ t = $2
	if (t == "OctetString") t = "STRING"; else if (t == "Integer") t = "INTEGER"
	else if (t == "Gauge") t = "Gauge32"; else if (t == "Counter") t = "Counter32"
	else if (t == "TimeTicks") t = "Timeticks"
	print $1, t }' "$T/js.txt" > "$T/js.types"
sed -i 's/ Hex-STRING$/ STRING/' "$T/c.types"
diff "$T/c.types" "$T/js.types" > "$T/diff" ||
	fail "the two walks differ: $(cat "$T/diff")"
say "ok: both walks see the same $n objects with the same types"

# values a user checks, as the other client reads them
js_value() { awk -v o="$1" '$1 == o { print $3 }' "$T/js.txt"; }
hex() { printf '%s' "$1" | od -An -tx1 | tr -d ' \n'; }
[ "$(js_value 1.3.6.1.2.1.197.1.1.1.0)" = "$(hex chronyd)" ] ||
	fail "ntpEntSoftwareName.0 is $(js_value 1.3.6.1.2.1.197.1.1.1.0)"
[ "$(js_value 1.3.6.1.2.1.197.1.2.1.0)" = 6 ] || fail "ntpEntStatusCurrentMode.0 $(js_value 1.3.6.1.2.1.197.1.2.1.0)"
[ "$(js_value 1.3.6.1.2.1.197.1.2.2.0)" = "$(chronyc_at "$CMD_PORT" tracking | cut -d, -f3)" ] ||
	fail "ntpEntStatusStratum.0 $(js_value 1.3.6.1.2.1.197.1.2.2.0)"
for name in 127.0.0.1 127.0.0.3; do
	id=$(assoc_id "$name")
	[ "$(js_value "1.3.6.1.2.1.197.1.3.1.1.2.$id")" = "$(hex "$name")" ] ||
		fail "ntpAssocName.$id is $(js_value "1.3.6.1.2.1.197.1.3.1.1.2.$id"), expected $name"
done
say "ok: name, mode, stratum and both associations as chronyc says"

# a walk of one column past the end of the view ends cleanly
js_walk 1.3.6.1.2.1.197.1.3.1.1.2 > "$T/names.txt" 2> "$T/js.err" ||
	fail "the column walk failed: $(cat "$T/js.err")"
[ "$(wc -l < "$T/names.txt")" -eq 2 ] || fail "ntpAssocName column: $(cat "$T/names.txt")"
say "ok: ntpAssocName column of 2"
