# SPDX-License-Identifier: BSD-2-Clause
# Shared by tests/mib-lint.sh and tests/mib-oids.sh: the MIB's place, the
# base MIBs they need (BASEMIBS, NETSNMPMIBS), skip/fail with the CI rule, and
# a private directory that net-snmp's tools use instead of /etc and /var.
# The caller sets `me` and may list the tools it needs in `tools`.

: "${srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
mib=$srcdir/mibs/SCOUT-NTP-MIB.txt
netsnmpmibs=${NETSNMPMIBS:-/usr/share/snmp/mibs}

skip() {
	if [ "${CI:-}" = true ]; then
		echo "$me: FAIL: $* (CI=true: a skip is not allowed)" >&2
		exit 1
	fi
	echo "$me: SKIP: $*" >&2
	exit 77
}
fail() {
	echo "$me: FAIL: $*" >&2
	exit 1
}

[ -f "$mib" ] || fail "$mib not found (is srcdir right?)"
for tool in ${tools:-snmptranslate}; do
	command -v "$tool" >/dev/null 2>&1 || skip "$tool not installed"
done
[ -n "${BASEMIBS:-}" ] ||
	skip "BASEMIBS not set (run tools/basemibs.sh DIR, then BASEMIBS=DIR)"
for m in SNMPv2-SMI SNMPv2-TC SNMPv2-CONF; do
	[ -f "$BASEMIBS/$m.mib" ] ||
		skip "$BASEMIBS/$m.mib missing (run tools/basemibs.sh $BASEMIBS)"
done
[ -f "$netsnmpmibs/NET-SNMP-MIB.txt" ] ||
	skip "$netsnmpmibs/NET-SNMP-MIB.txt missing (set NETSNMPMIBS)"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir "$tmp/conf" "$tmp/persist"
unset MIBDIRS MIBFILES
