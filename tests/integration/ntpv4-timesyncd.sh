#!/bin/sh
# NTPv4-MIB for the real systemd-timesyncd (private namespaces, private bus;
# see timesyncd-lib.sh), synchronised to a chronyd server on 127.0.0.1:123:
# the view names timesyncd and agrees with the timesyncd row of
# SCOUT-NTP-MIB and with timesyncd's own NTPMessage: mode, stratum, syspeer,
# its one association, the offset it measured (in NTP's sign); no servers is
# noneConfigured.
. "${srcdir:-$(dirname "$0")/../..}/tests/integration/lib.sh"
. "$srcdir/tests/integration/timesyncd-lib.sh"
. "$srcdir/tests/integration/ntpv4-lib.sh"
require_mibs
timesyncd_require
timesyncd_enter_namespace "$@"

TIMESYNCD_POLL_MAX=16
start_chrony_server ntp 123
wait_udp_port 123
start_dbus
start_timesyncd 127.0.0.1
start_snmpd
start_agent ""
expect_within 30 scoutNtpSyncStatus.timesyncd synchronized
nexpect_within 10 ntpEntStatusCurrentMode.0 syncToRemoteServer
nexpect ntpEntSoftwareName.0 systemd-timesyncd
nexpect ntpEntSoftwareVendor.0 "The systemd project"
nexpect ntpEntStatusStratum.0 "$(get scoutNtpStratum.timesyncd)"
nexpect ntpEntStatusActiveRefSourceName.0 "$(get scoutNtpSourceName.timesyncd)"
nexpect ntpEntStatusNumberOfRefSources.0 "$(get scoutNtpSourcesTotal.timesyncd)"
id=$(assoc_id 127.0.0.1)
[ -n "$id" ] || fail "no association for 127.0.0.1: $(assoc_ids)"
nexpect ntpEntStatusActiveRefSourceId.0 "$id"
nexpect "ntpAssocStratum.$id" 8
nexpect "ntpAssocAddressType.$id" ipv4
# the offset timesyncd measured, from its own NTPMessage, in NTP's sign
msg=$(timesyncd_property NTPMessage)
want=$(echo "$msg" | awk '{ printf "%.6f", -(($9 - $10) + ($12 - $11)) / 2 / 1e3 }')
got=$(nget "ntpAssocOffset.$id")
echo "$got" | grep -Eq '^-?[0-9]+\.[0-9]{3} ms$' || fail "ntpAssocOffset.$id \"$got\""
# a poll may fall between the two reads: then read both again
if ! awk -v g="${got% ms}" -v w="$want" 'BEGIN { exit !(g - w <= 0.001 && w - g <= 0.001) }'; then
	sleep 2
	msg=$(timesyncd_property NTPMessage)
	want=$(echo "$msg" | awk '{ printf "%.6f", -(($9 - $10) + ($12 - $11)) / 2 / 1e3 }')
	got=$(nget "ntpAssocOffset.$id")
	awk -v g="${got% ms}" -v w="$want" 'BEGIN { exit !(g - w <= 0.001 && w - g <= 0.001) }' ||
		fail "ntpAssocOffset.$id $got, NTPMessage says $want ms ($msg)"
fi
say "ok: association offset $got, as NTPMessage says"
nexpect_absent ntpEntStatusInPkts.0
nsnmp snmpwalk -OsU NTPv4-MIB::ntpSnmpMIB > "$T/walk.txt"
say "ok: walk of $(wc -l < "$T/walk.txt") objects"

say "no servers: noneConfigured"
stop_timesyncd
start_timesyncd
nexpect_within 30 ntpEntStatusCurrentMode.0 noneConfigured
nexpect ntpEntStatusStratum.0 16
nexpect ntpEntStatusActiveRefSourceId.0 0
