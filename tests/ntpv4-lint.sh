#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# The NTPv4-MIB modules in mibs/ pass `smilint -l 6` with nothing but what
# the RFC texts themselves cause (listed below, and in the README), and
# SCOUT-NTPV4-CAPABILITY-MIB with nothing at all; each loads into net-snmp's
# parser (snmptranslate) without a message.
#
# Environment: as tests/mib-lint.sh (BASEMIBS, NETSNMPMIBS, srcdir, CI).
# Exit: 0 pass, 1 fail, 77 skip.
set -eu

me='ntpv4-lint'
tools='smilint snmptranslate'
. "${srcdir:-$(cd "$(dirname "$0")/.." && pwd)}/tests/mib-lib.sh"

# What the published modules cause, as "MODULE tag" lines; anything else fails.
#  NTPv4-MIB (RFC 5907) subtypes InetAddressType in ntpAssocAddressType and
#    puts ntpAssocRefId between that and ntpAssocAddress;
#  INET-ADDRESS-MIB (RFC 4001) defines textual conventions it does not use
#    itself, InetAddress without a DISPLAY-HINT;
#  SYSAPPL-MIB (RFC 2287) has no REVISION for its LAST-UPDATED.
cat >"$tmp/allowed" <<'ALLOWED'
NTPv4-MIB inetaddresstype-subtyped
NTPv4-MIB inetaddress-inetaddresstype
INET-ADDRESS-MIB type-unref
INET-ADDRESS-MIB type-without-format
SYSAPPL-MIB revision-missing
ALLOWED

errors=0
for m in NTPv4-MIB INET-ADDRESS-MIB SYSAPPL-MIB SCOUT-NTPV4-CAPABILITY-MIB; do
	f=$srcdir/mibs/$m.txt
	[ -f "$f" ] || fail "$f not found"
	SMIPATH="$BASEMIBS:$netsnmpmibs:$srcdir/mibs" smilint -c /dev/null -l 6 -s -m "$f" \
		>"$tmp/out" 2>&1 || fail "smilint exited $? on $m: $(cat "$tmp/out")"
	while IFS= read -r line; do
		tag=$(printf '%s\n' "$line" | sed -n 's/^[^{]*{\([a-z-]*\)}.*/\1/p')
		if ! grep -qxF "$m $tag" "$tmp/allowed"; then
			echo "$me: $line" >&2
			errors=$((errors + 1))
		fi
	done <"$tmp/out"
	echo "$me: $m: smilint -l 6: $(wc -l <"$tmp/out") message(s), all from the RFC text"
	rc=0
	SNMPCONFPATH=$tmp/conf SNMP_PERSISTENT_DIR=$tmp/persist MIBS='' \
		snmptranslate -M "$BASEMIBS:$netsnmpmibs:$srcdir/mibs" -m "$m" -Tp >"$tmp/tree" \
		2>"$tmp/err" || rc=$?
	grep -v "^Created directory: $tmp/persist" "$tmp/err" >"$tmp/warn" || :
	if [ "$rc" -ne 0 ] || [ -s "$tmp/warn" ]; then
		cat "$tmp/warn" >&2
		fail "snmptranslate exited $rc and/or printed the above while loading $m"
	fi
done
[ "$errors" -eq 0 ] || fail "$errors smilint message(s) beyond those of the RFC texts"
# the tree is the RFC's: its root and its last notification
SNMPCONFPATH=$tmp/conf SNMP_PERSISTENT_DIR=$tmp/persist MIBS='' \
	snmptranslate -M "$BASEMIBS:$netsnmpmibs:$srcdir/mibs" -m NTPv4-MIB -On \
	NTPv4-MIB::ntpEntNotifHeartbeat >"$tmp/oid"
[ "$(cat "$tmp/oid")" = .1.3.6.1.2.1.197.0.8 ] || fail "ntpEntNotifHeartbeat is $(cat "$tmp/oid")"
echo "$me: clean but for the RFC texts' own"
