#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# src/mib_oids.h must mirror mibs/SCOUT-NTP-MIB.txt exactly:
#   - every OID macro and every enumerator of the header (named by the comment
#     after it, e.g. `/* scoutNtpDaemonName */`) has the numeric OID that
#     `snmptranslate -On SCOUT-NTP-MIB::<name>` gives;
#   - the MIB has nothing under scoutNtpNotifications or scoutNtpObjects that
#     the header lacks (conformance, .2, is not mirrored in C);
#   - each enum's *_MAX is its largest value.
#
# Environment:
#   BASEMIBS    directory with SNMPv2-SMI.mib, SNMPv2-TC.mib, SNMPv2-CONF.mib
#               (tools/basemibs.sh DIR puts them there)
#   NETSNMPMIBS directory with NET-SNMP-MIB.txt (default /usr/share/snmp/mibs)
#   srcdir      top of the source tree (default: the directory above this script)
#   CI          when "true", a missing tool or MIB is a failure, not a skip
#
# Exit: 0 pass, 1 fail, 77 skip.
set -eu

me='mib-oids'
tools='snmptranslate'
. "${srcdir:-$(cd "$(dirname "$0")/.." && pwd)}/tests/mib-lib.sh"
hdr=$srcdir/src/mib_oids.h
[ -f "$hdr" ] || fail "$hdr not found (is srcdir right?)"

# snmptranslate isolated from /etc/snmp/snmp.conf and /var/lib/snmp; with -M
# the last directory wins, so the source tree's MIB beats an installed copy.
translate() {
	SNMPCONFPATH=$tmp/conf SNMP_PERSISTENT_DIR=$tmp/persist MIBS='' \
		snmptranslate -M "$BASEMIBS:$netsnmpmibs:$srcdir/mibs" -m SCOUT-NTP-MIB "$@"
}

# 1. The header, as "name oid" lines in $tmp/expected.
#
# The OID macros are expanded (they refer to each other); each one is the OID
# of a named MIB node. The enums are numbered as C numbers them; each enum is
# the list of children of one node. Both maps are fixed here on purpose: a new
# macro or enum in the header must be added below, or this test fails.
awk -v hdr="$hdr" '
function trim(s) { gsub(/^[ \t]+|[ \t]+$/, "", s); return s }
function expand(name,    n, parts, i, t, out) {
	if (!(name in macro)) { err("macro " name " is used but not defined"); return "?" }
	if (depth[name]++ > 20) { err("macro " name " refers to itself"); return "?" }
	n = split(macro[name], parts, ",")
	out = ""
	for (i = 1; i <= n; i++) {
		t = trim(parts[i])
		if (t ~ /^[0-9]+$/) out = out (out == "" ? "" : ".") t
		else out = out (out == "" ? "" : ".") expand(t)
	}
	depth[name]--
	return out
}
function err(msg) { print "ERR " hdr ":" FNR ": " msg; bad = 1 }
BEGIN { node["SCOUT_NTP_MIB_OID"] = "scoutNtpMIB"
	node["SCOUT_NTP_NOTIFICATIONS_OID"] = "scoutNtpNotifications"
	node["SCOUT_NTP_OBJECTS_OID"] = "scoutNtpObjects"
	node["SCOUT_NTP_AGENT_OID"] = "scoutNtpAgent"
	node["SCOUT_NTP_DAEMON_TABLE_OID"] = "scoutNtpDaemonTable"
	node["SCOUT_NTP_SOURCE_TABLE_OID"] = "scoutNtpSourceTable"
	node["SCOUT_NTP_KERNEL_OID"] = "scoutNtpKernel"
	# enum -> macro of its parent node, and the sub-identifiers below it
	parent["mib_agent_scalar"] = "SCOUT_NTP_AGENT_OID"
	parent["mib_daemon_column"] = "SCOUT_NTP_DAEMON_TABLE_OID"
	parent["mib_source_column"] = "SCOUT_NTP_SOURCE_TABLE_OID"
	parent["mib_kernel_scalar"] = "SCOUT_NTP_KERNEL_OID"
	parent["mib_notification"] = "SCOUT_NTP_NOTIFICATIONS_OID"
	for (e in parent) below[e] = ""
	below["mib_daemon_column"] = ".1"  # the columns are under the entry
	below["mib_source_column"] = ".1"
}
{ sub(/\r$/, "") }
/^[ \t]*#[ \t]*define[ \t]+SCOUT_NTP_[A-Z0-9_]*_OID[ \t]/ {
	line = $0
	sub(/\/\*.*$/, "", line)
	sub(/^[ \t]*#[ \t]*define[ \t]+/, "", line)
	name = line; sub(/[ \t].*$/, "", name)
	value = line; sub(/^[^ \t]+[ \t]+/, "", value)
	if (!(name in node)) err("macro " name " is not known to tests/mib-oids.sh")
	if (name in macro) err("macro " name " defined twice")
	macro[name] = trim(value)
	nmacros++
	next
}
/^[ \t]*enum[ \t]+mib_[a-z_]+[ \t]*\{/ {
	cur = $0; sub(/^[ \t]*enum[ \t]+/, "", cur); sub(/[ \t]*\{.*$/, "", cur)
	if (!(cur in parent)) err("enum " cur " is not known to tests/mib-oids.sh")
	if (cur in seenenum) err("enum " cur " defined twice")
	seenenum[cur] = 1
	val = -1; maxval = -1; maxalias = ""; count = 0
	next
}
cur != "" && /^[ \t]*\}/ {
	if (count == 0) err("enum " cur " has no enumerators")
	if (maxalias == "") err("enum " cur " has no *_MAX")
	else if (maxaliasval != maxval)
		err(maxalias " is " maxaliasval ", but the largest value of " cur " is " maxval)
	cur = ""
	next
}
cur != "" && /^[ \t]*MIB_[A-Z0-9_]+/ {
	line = $0
	comment = ""
	if (match(line, /\/\*.*\*\//)) comment = substr(line, RSTART + 2, RLENGTH - 4)
	sub(/\/\*.*$/, "", line)
	line = trim(line); sub(/,$/, "", line)
	ename = line; sub(/[ \t=].*$/, "", ename)
	init = ""
	if (line ~ /=/) { init = line; sub(/^[^=]*=[ \t]*/, "", init); init = trim(init) }
	if (init ~ /^MIB_[A-Z0-9_]+$/) {
		# an alias such as MIB_AGENT_MAX = MIB_AGENT_OFFSET_THRESHOLD
		if (!(init in enumval)) err(ename " = " init ": " init " is not defined above it")
		if (ename !~ /_MAX$/) err(ename " = " init ": only *_MAX may be an alias")
		maxalias = ename; maxaliasval = enumval[init]
		next
	}
	if (init ~ /^[0-9]+$/) val = init + 0
	else if (init == "") val++
	else { err(ename ": cannot read the value \"" init "\""); next }
	enumval[ename] = val
	if (val > maxval) maxval = val
	count++
	split(trim(comment), w, /[ \t]+/)
	if (w[1] !~ /^scoutNtp[A-Za-z0-9]+$/) {
		err(ename ": no MIB object named in its comment")
		next
	}
	if (w[1] in owner) err(ename ": " w[1] " is also named by " owner[w[1]])
	owner[w[1]] = ename
	ent[++nent] = cur SUBSEP w[1] SUBSEP val
	next
}
END {
	if (nmacros == 0) err("no SCOUT_NTP_*_OID macros found")
	for (m in node) if (!(m in macro)) err("macro " m " missing")
	for (e in parent) if (!(e in seenenum)) err("enum " e " missing")
	if (bad) exit 1
	for (m in macro) {
		oid = expand(m)
		print node[m], oid
		if (m == "SCOUT_NTP_DAEMON_TABLE_OID") print "scoutNtpDaemonEntry", oid ".1"
		if (m == "SCOUT_NTP_SOURCE_TABLE_OID") print "scoutNtpSourceEntry", oid ".1"
	}
	for (i = 1; i <= nent; i++) {
		split(ent[i], f, SUBSEP)
		print f[2], expand(parent[f[1]]) below[f[1]] "." f[3]
	}
	exit bad
}' "$hdr" >"$tmp/expected" || {
	grep '^ERR ' "$tmp/expected" | sed 's/^ERR //' >&2
	fail "cannot read $hdr"
}
if grep -q '^ERR ' "$tmp/expected"; then
	grep '^ERR ' "$tmp/expected" | sed 's/^ERR //' >&2
	fail "cannot read $hdr"
fi
root=$(awk '$1 == "scoutNtpMIB" { print $2 }' "$tmp/expected")
[ -n "$root" ] || fail "no root OID in $hdr"

# 2. Each header name against the MIB.
errors=0
checked=0
while read -r name oid; do
	checked=$((checked + 1))
	if ! got=$(translate -On "SCOUT-NTP-MIB::$name" 2>"$tmp/err"); then
		echo "$me: $name: header has .$oid, the MIB has no such object: $(cat "$tmp/err")" >&2
		errors=$((errors + 1))
	elif [ "$got" != ".$oid" ]; then
		echo "$me: $name: header has .$oid, the MIB has $got" >&2
		errors=$((errors + 1))
	fi
done <"$tmp/expected"

# 3. Nothing in the MIB's notification and object subtrees that the header lacks.
if ! translate -Tz >"$tmp/all" 2>"$tmp/err"; then
	cat "$tmp/err" >&2
	fail "snmptranslate -Tz failed"
fi
tr -d '"' <"$tmp/all" | awk -v root="$root" '
	$2 == root || $2 == root ".0" || $2 == root ".1" ||
	index($2, root ".0.") == 1 || index($2, root ".1.") == 1 { print $1, $2 }' \
	>"$tmp/mibnodes"
[ -s "$tmp/mibnodes" ] ||
	fail "snmptranslate -Tz lists nothing under .$root: is the root in $hdr the MIB's?"
inmib=0
while read -r name oid; do
	inmib=$((inmib + 1))
	if ! grep -qxF "$name $oid" "$tmp/expected"; then
		echo "$me: $name (.$oid) is in the MIB but not in $hdr" >&2
		errors=$((errors + 1))
	fi
done <"$tmp/mibnodes"

[ "$errors" -eq 0 ] || fail "$errors mismatch(es) between $hdr and $mib"
echo "$me: all $checked names of $hdr match the MIB"
echo "$me: all $inmib MIB nodes under .$root.0 and .$root.1 are in the header"
