#!/bin/sh
# NTPv4-MIB for the real NTPsec (src/ntpd.c over mode 6; the world of
# ntpsec-lib.sh, the agent on the ntpd side): the view names NTPsec and
# agrees with the ntpsec row of SCOUT-NTP-MIB and with ntpq: mode, stratum,
# syspeer, version (absent as the row's), the association with the server's address; ntpd stopped
# is notRunning, with the same association id when it is back.
. "${srcdir:-$(dirname "$0")/../..}/tests/integration/lib.sh"
. "$srcdir/tests/integration/ntpsec-lib.sh"
. "$srcdir/tests/integration/ntpv4-lib.sh"
require_mibs
ntpsec_require
ntpsec_start_world

start_snmpd
start_agent "daemons ntpsec" $NTPSEC_ENTER
expect_within 15 scoutNtpSyncStatus.ntpsec synchronized
nexpect_within 10 ntpEntStatusCurrentMode.0 syncToRemoteServer
nexpect ntpEntSoftwareName.0 "ntpd (NTPsec)"
# the version is the row's: absent where the row has none, never made up
version=$(get scoutNtpDaemonVersion.ntpsec)
case "$version" in
*"No Such"*) nexpect_absent ntpEntSoftwareVersion.0 ;;
*) nexpect ntpEntSoftwareVersion.0 "$version" ;;
esac
nexpect ntpEntStatusStratum.0 "$(ntpsec_rv stratum)"
nexpect ntpEntStatusStratum.0 "$(get scoutNtpStratum.ntpsec)"
nexpect ntpEntStatusNumberOfRefSources.0 "$(get scoutNtpSourcesTotal.ntpsec)"
id=$(assoc_id "$(get scoutNtpSrcName.ntpsec.1)")
[ -n "$id" ] || fail "no association named $(get scoutNtpSrcName.ntpsec.1): $(assoc_ids)"
nexpect ntpEntStatusActiveRefSourceId.0 "$id"
nexpect "ntpAssocStratum.$id" 8
nexpect "ntpAssocAddressType.$id" ipv4
addr=$(nsnmp snmpget -Oqv -Ox "NTPv4-MIB::ntpAssocAddress.$id" | tr -d ' "\n')
want=$(echo "$NTPSEC_SERVER_ADDR" | awk -F. '{ printf "%02X%02X%02X%02X", $1, $2, $3, $4 }')
[ "$addr" = "$want" ] || fail "ntpAssocAddress.$id $addr, expected $want ($NTPSEC_SERVER_ADDR)"
# ntpq's offset is in ms and in NTP's sign already, as ntpEntStatusActiveOffset
offset=$(nget ntpEntStatusActiveOffset.0)
echo "$offset" | grep -Eq '^-?[0-9]+\.[0-9]{3} ms$' || fail "ntpEntStatusActiveOffset \"$offset\""
awk -v g="${offset% ms}" -v w="$(ntpsec_rv offset)" 'BEGIN { exit !(g - w < 1 && w - g < 1) }' ||
	fail "ntpEntStatusActiveOffset $offset, ntpq offset $(ntpsec_rv offset) ms"
say "ok: offset $offset, ntpq $(ntpsec_rv offset) ms"
nsnmp snmpwalk -OsU NTPv4-MIB::ntpSnmpMIB > "$T/walk.txt"
say "ok: walk of $(wc -l < "$T/walk.txt") objects"

ntpsec_stop_ntpd
nexpect_within 15 ntpEntStatusCurrentMode.0 notRunning
nexpect ntpEntStatusStratum.0 16
ntpsec_start_ntpd
nexpect_within 60 ntpEntStatusCurrentMode.0 syncToRemoteServer
nexpect ntpEntStatusActiveRefSourceId.0 "$id"
say "ok: the same association id $id after an ntpd restart"
