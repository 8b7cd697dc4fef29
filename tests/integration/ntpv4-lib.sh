# SPDX-License-Identifier: BSD-2-Clause
# Shared by the NTPv4-MIB integration tests, after lib.sh: net-snmp clients
# with NTPv4-MIB loaded too, and the view's association ids.

# nsnmp CMD ARGS...: as lib.sh's snmp, with NTPv4-MIB (and what it imports)
nsnmp() {
	cmd=$1
	shift
	SNMPCONFPATH=$T/snmpconf MIBS= "$cmd" -m SNMPv2-MIB:SCOUT-NTP-MIB:NTPv4-MIB -v2c -c public -t 2 -r 1 \
	    "127.0.0.1:$SNMP_PORT" "$@"
}

# nget OBJECT: the value alone, quotes removed
nget() {
	nsnmp snmpget -OqvU "NTPv4-MIB::$1" | sed -e 's/^"//' -e 's/"$//'
}

nexpect() {
	got=$(nget "$1")
	[ "$got" = "$2" ] || fail "NTPv4-MIB::$1 is \"$got\", expected \"$2\""
	say "ok: $1 = $got"
}

nis_value() { [ "$(nget "$1")" = "$2" ]; }

nexpect_within() {
	wait_until "$1" nis_value "$2" "$3" ||
		fail "$2 did not become \"$3\" within $1 s (is \"$(nget "$2")\")"
	say "ok: $2 = $3"
}

nexpect_absent() {
	out=$(nsnmp snmpget -Oqv "NTPv4-MIB::$1")
	case "$out" in
	*"No Such"*) say "ok: $1 is absent" ;;
	*) fail "$1 is \"$out\", expected noSuchInstance" ;;
	esac
}

# assoc_ids: "ID NAME" lines of ntpAssociationTable, sorted by name
assoc_ids() {
	nsnmp snmpwalk -OqsU NTPv4-MIB::ntpAssocName |
	    sed -e 's/^ntpAssocName\.\([0-9]*\) "*\([^"]*\)"*$/\1 \2/' | sort -k2
}

# assoc_id NAME: the ntpAssocId of the association named NAME
assoc_id() { assoc_ids | awk -v n="$1" '$2 == n { print $1 }'; }
