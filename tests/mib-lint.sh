#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# mibs/SCOUT-NTP-MIB.txt must pass `smilint -l 6` with no output at all (smilint
# exits 0 even when it reports errors, so the output is what is checked) and
# load into net-snmp's parser (snmptranslate) without a message.
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

me='mib-lint'
tools='smilint snmptranslate'
. "${srcdir:-$(cd "$(dirname "$0")/.." && pwd)}/tests/mib-lib.sh"

# smilint. libsmi finds a module in SMIPATH under its name plus one of the
# suffixes "", .my, .smiv1, .smiv2, .sming, .mib, .txt, so the npm package's
# SNMPv2-SMI.mib and net-snmp's NET-SNMP-MIB.txt are found as they are.
# -c /dev/null: read no /etc/smi.conf or ~/.smirc (Debian's hides some
# warnings and adds paths), so the result is the same on every machine.
out=$(SMIPATH="$BASEMIBS:$netsnmpmibs" smilint -c /dev/null -l 6 -s -m "$mib" 2>&1) ||
	fail "smilint exited $?: $out"
if [ -n "$out" ]; then
	printf '%s\n' "$out" >&2
	fail "smilint -l 6 reported the above for $mib"
fi
echo "$me: smilint -l 6: clean"

# snmptranslate, isolated from /etc/snmp/snmp.conf (SNMPCONFPATH), the MIB
# environment variables and /var/lib/snmp (SNMP_PERSISTENT_DIR). With -M the
# last directory wins when a module is found twice, so the source tree's MIB
# comes last and beats an installed copy.
rc=0
SNMPCONFPATH=$tmp/conf SNMP_PERSISTENT_DIR=$tmp/persist MIBS='' \
	snmptranslate -M "$BASEMIBS:$netsnmpmibs:$srcdir/mibs" -m SCOUT-NTP-MIB \
	-Tp -IR scoutNtpMIB >"$tmp/tree" 2>"$tmp/err" || rc=$?
# net-snmp announces the persistent directory it creates; that is no warning.
grep -v "^Created directory: $tmp/persist" "$tmp/err" >"$tmp/warn" || :
if [ "$rc" -ne 0 ] || [ -s "$tmp/warn" ]; then
	cat "$tmp/warn" >&2
	fail "snmptranslate exited $rc and/or printed the above while loading SCOUT-NTP-MIB"
fi
# The tree must really be ours: the root and the last notification.
grep -q 'scoutNtpMIB(4185)' "$tmp/tree" ||
	fail "snmptranslate -Tp shows no scoutNtpMIB(4185)"
grep -q 'scoutNtpLeapPending' "$tmp/tree" ||
	fail "snmptranslate -Tp shows no scoutNtpLeapPending"
echo "$me: snmptranslate: SCOUT-NTP-MIB loads without a message"
