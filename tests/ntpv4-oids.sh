#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# src/ntpv4_oids.h must mirror mibs/NTPv4-MIB.txt: every OID macro and every
# enumerator (named by the comment after it, e.g. `/* ntpAssocName */`) has
# the OID `snmptranslate -On NTPv4-MIB::<name>` gives; each *_MAX is its
# enum's largest value; and every node of the MIB under ntpEntNotifications
# and ntpSnmpMIBObjects is in the header, but for ntpEntStatPktModeTable,
# which the agent does not implement (SCOUT-NTPV4-CAPABILITY-MIB says so).
#
# Environment: as tests/mib-oids.sh (BASEMIBS, NETSNMPMIBS, srcdir, CI).
# Exit: 0 pass, 1 fail, 77 skip.
set -eu

me='ntpv4-oids'
tools='snmptranslate'
. "${srcdir:-$(cd "$(dirname "$0")/.." && pwd)}/tests/mib-lib.sh"
hdr=$srcdir/src/ntpv4_oids.h
[ -f "$hdr" ] || fail "$hdr not found (is srcdir right?)"

translate() {
	SNMPCONFPATH=$tmp/conf SNMP_PERSISTENT_DIR=$tmp/persist MIBS='' \
		snmptranslate -M "$BASEMIBS:$netsnmpmibs:$srcdir/mibs" -m NTPv4-MIB "$@"
}

# 1. The header as "name oid" lines. Macros name their node in a comment-free
# map here; each enum is the children of one node.
awk '
function trim(s) { gsub(/^[ \t]+|[ \t]+$/, "", s); return s }
function expand(name,    n, parts, i, t, out) {
	if (!(name in macro)) { err("macro " name " is used but not defined"); return "?" }
	n = split(macro[name], parts, ","); out = ""
	for (i = 1; i <= n; i++) {
		t = trim(parts[i])
		out = out (out == "" ? "" : ".") (t ~ /^[0-9]+$/ ? t : expand(t))
	}
	return out
}
function err(msg) { print "ERR " FILENAME ":" FNR ": " msg; bad = 1 }
BEGIN {
	node["NTPV4_MIB_OID"] = "ntpSnmpMIB"
	node["NTPV4_NOTIFICATIONS_OID"] = "ntpEntNotifications"
	node["NTPV4_OBJECTS_OID"] = "ntpSnmpMIBObjects"
	node["NTPV4_ENT_INFO_OID"] = "ntpEntInfo"
	node["NTPV4_ENT_STATUS_OID"] = "ntpEntStatus"
	node["NTPV4_ASSOC_TABLE_OID"] = "ntpAssociationTable"
	node["NTPV4_ASSOC_STATS_TABLE_OID"] = "ntpAssociationStatisticsTable"
	node["NTPV4_ENT_CONTROL_OID"] = "ntpEntControl"
	node["NTPV4_NOTIF_OBJECTS_OID"] = "ntpEntNotifObjects"
	parent["ntpv4_info_scalar"] = "NTPV4_ENT_INFO_OID"
	parent["ntpv4_status_scalar"] = "NTPV4_ENT_STATUS_OID"
	parent["ntpv4_assoc_column"] = "NTPV4_ASSOC_TABLE_OID"; below["ntpv4_assoc_column"] = ".1"
	parent["ntpv4_assoc_stat_column"] = "NTPV4_ASSOC_STATS_TABLE_OID"
	below["ntpv4_assoc_stat_column"] = ".1"
	parent["ntpv4_control_scalar"] = "NTPV4_ENT_CONTROL_OID"
	parent["ntpv4_notification"] = "NTPV4_NOTIFICATIONS_OID"
}
/^#define NTPV4_[A-Z0-9_]*_OID[ \t]/ {
	name = $2; value = $0; sub(/^#define[ \t]+[^ \t]+[ \t]+/, "", value)
	if (!(name in node)) err("macro " name " is not known to tests/ntpv4-oids.sh")
	macro[name] = trim(value); next
}
/^#define NTPV4_NOTIF_MESSAGE[ \t]/ { message = $3; next }
/^enum ntpv4_[a-z_]+ \{/ {
	cur = $2
	if (!(cur in parent)) err("enum " cur " is not known to tests/ntpv4-oids.sh")
	seen[cur] = 1; val = -1; maxval = -1; maxname = ""; next
}
cur != "" && /^\};/ {
	if (maxname == "" || maxv != maxval) err(cur ": *_MAX missing or not its largest value")
	cur = ""; next
}
cur != "" && /NTPV4_[A-Z0-9_]+/ {
	line = $0; comment = ""
	if (match(line, /\/\*.*\*\//)) comment = trim(substr(line, RSTART + 2, RLENGTH - 4))
	sub(/\/\*.*$/, "", line); line = trim(line); sub(/,$/, "", line)
	ename = line; sub(/[ \t=].*$/, "", ename)
	init = ""; if (line ~ /=/) { init = line; sub(/^[^=]*=[ \t]*/, "", init) }
	if (init ~ /^NTPV4_/) { maxname = ename; maxv = v[init]; next }
	val = init ~ /^[0-9]+$/ ? init + 0 : val + 1
	v[ename] = val; if (val > maxval) maxval = val
	split(comment, w, /[ \t]+/)
	if (w[1] !~ /^ntp[A-Za-z0-9]+$/) { err(ename ": no MIB object named in its comment"); next }
	ent[++n] = cur SUBSEP w[1] SUBSEP val
	next
}
END {
	for (m in node) if (!(m in macro)) err("macro " m " missing")
	for (e in parent) if (!(e in seen)) err("enum " e " missing")
	if (message == "") err("NTPV4_NOTIF_MESSAGE missing")
	if (bad) exit 1
	for (m in macro) print node[m], expand(m)
	print "ntpAssociationEntry", expand("NTPV4_ASSOC_TABLE_OID") ".1"
	print "ntpAssociationStatisticsEntry", expand("NTPV4_ASSOC_STATS_TABLE_OID") ".1"
	print "ntpEntNotifMessage", expand("NTPV4_NOTIF_OBJECTS_OID") "." message
	for (i = 1; i <= n; i++) {
		split(ent[i], f, SUBSEP)
		print f[2], expand(parent[f[1]]) below[f[1]] "." f[3]
	}
}' "$hdr" >"$tmp/expected" || {
	grep '^ERR ' "$tmp/expected" | sed 's/^ERR //' >&2
	fail "cannot read $hdr"
}

errors=0
checked=0
while read -r name oid; do
	checked=$((checked + 1))
	if ! got=$(translate -On "NTPv4-MIB::$name" 2>"$tmp/err"); then
		echo "$me: $name: header has .$oid, the MIB has no such object: $(cat "$tmp/err")" >&2
		errors=$((errors + 1))
	elif [ "$got" != ".$oid" ]; then
		echo "$me: $name: header has .$oid, the MIB has $got" >&2
		errors=$((errors + 1))
	fi
done <"$tmp/expected"

# 2. Nothing in the MIB's notifications and objects that the header lacks.
root=$(awk '$1 == "ntpSnmpMIB" { print $2 }' "$tmp/expected")
translate -Tz 2>"$tmp/err" | tr -d '"' | awk -v root="$root" '
	index($2, root ".0") == 1 || index($2, root ".1") == 1 { print $1, $2 }' >"$tmp/mibnodes"
[ -s "$tmp/mibnodes" ] || fail "snmptranslate -Tz lists nothing under .$root: $(cat "$tmp/err")"
inmib=0
while read -r name oid; do
	case "$name" in
	ntpEntStatPkt*) continue ;; # not implemented, see the capabilities
	ntpAssociation) continue ;; # a bare OID node holding the two tables
	esac
	inmib=$((inmib + 1))
	grep -qxF "$name $oid" "$tmp/expected" || {
		echo "$me: $name (.$oid) is in the MIB but not in $hdr" >&2
		errors=$((errors + 1))
	}
done <"$tmp/mibnodes"
[ "$errors" -eq 0 ] || fail "$errors mismatch(es) between $hdr and mibs/NTPv4-MIB.txt"
echo "$me: all $checked names of $hdr match the MIB"
echo "$me: all $inmib MIB nodes under .$root.0 and .$root.1 are in the header"
