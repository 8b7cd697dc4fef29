#!/bin/sh
# NTPv4-MIB (RFC 5907) for a chronyd client with two servers, one of them
# dead: a walk by name shows the whole view; its values agree with chronyc's
# tracking and sources; the ntpAssocIds stay the same across refreshes, a
# chronyd restart and an agent restart; over chronyd's unix socket the
# packet counters agree with chronyc ntpdata; ntpEntControl is read-only; no
# NTPv4-MIB notification is sent by default; ntpv4Mib no removes the view
# and leaves SCOUT-NTP-MIB as it was.
. "${srcdir:-$(dirname "$0")/../..}/tests/integration/lib.sh"
. "$srcdir/tests/integration/ntpv4-lib.sh"
require_mibs

NTP_PORT=$(free_port)
CMD_PORT=$(free_port)
DEAD_PORT=$(free_port)
TRAP_PORT=$(free_port)
TRAP_MIBS=SNMPv2-MIB:SCOUT-NTP-MIB:NTPv4-MIB start_snmptrapd
start_chrony_server server "$NTP_PORT"
start_chrony_client client "$CMD_PORT" "$NTP_PORT" "127.0.0.3:$DEAD_PORT"
start_snmpd
start_agent "chronyAddress udp:127.0.0.1:$CMD_PORT
ntpv4HeartbeatInterval 1"
expect_within 30 scoutNtpSyncStatus.chrony synchronized
nexpect_within 10 ntpEntStatusCurrentMode.0 syncToRemoteServer

# The walk a user does, by name: every group there, nothing unnamed.
nsnmp snmpwalk -OsU NTPv4-MIB::ntpSnmpMIB > "$T/walk.txt"
for want in 'ntpEntSoftwareName.0 = STRING: chronyd' \
    'ntpEntSoftwareVendor.0 = STRING: The chrony project' \
    'ntpEntStatusCurrentMode.0 = INTEGER: syncToRemoteServer(6)' \
    'ntpEntStatusStratum.0 = Gauge32: 9' \
    'ntpEntStatusActiveRefSourceName.0 = STRING: 127.0.0.1' \
    'ntpEntStatusNumberOfRefSources.0 = Gauge32: 2' \
    'ntpEntStatusLeapSecDirection.0 = INTEGER: 0' \
    'ntpEntHeartbeatInterval.0 = Gauge32: 1' \
    'ntpAssocAddressType.' 'ntpAssocStratum.' 'ntpEntSystemType.0' \
    'ntpEntTimeResolution.0' 'ntpEntTimePrecision.0' 'ntpEntTimeDistance.0' \
    'ntpEntStatusDateTime.0' 'ntpEntStatusNotifications.0 = Counter32: 0'; do
	grep -qF "$want" "$T/walk.txt" || fail "walk lacks \"$want\": $(cat "$T/walk.txt")"
done
! grep -q 'mib-2\.197\|iso\.' "$T/walk.txt" || fail "unnamed objects in the walk: $(cat "$T/walk.txt")"
# over UDP chronyd refuses NTP_DATA: no packet counters, absent, never 0
! grep -q 'ntpEntStatusInPkts\|ntpAssocStatInPkts' "$T/walk.txt" ||
	fail "packet counters that chrony does not report: $(cat "$T/walk.txt")"
nexpect_absent ntpEntStatusInPkts.0
say "ok: walk by name of $(wc -l < "$T/walk.txt") objects"

# The same facts as chronyc. Stratum, source, sources: exact.
tracking=$(chronyc_at "$CMD_PORT" tracking)
[ "$(nget ntpEntStatusStratum.0)" = "$(echo "$tracking" | cut -d, -f3)" ] ||
	fail "stratum $(nget ntpEntStatusStratum.0), chronyc: $tracking"
[ "$(nget ntpEntStatusActiveRefSourceName.0)" = "$(echo "$tracking" | cut -d, -f2)" ] ||
	fail "source $(nget ntpEntStatusActiveRefSourceName.0), chronyc: $tracking"
chronyc_at "$CMD_PORT" sources > "$T/sources.csv"
[ "$(nget ntpEntStatusNumberOfRefSources.0)" = "$(wc -l < "$T/sources.csv")" ] ||
	fail "number of sources differs from chronyc: $(cat "$T/sources.csv")"
# each association's address and stratum as chronyc lists the source
while IFS=, read -r mode state name stratum rest; do
	id=$(assoc_id "$name")
	[ -n "$id" ] || fail "no association for chronyc's source $name: $(assoc_ids)"
	[ "$stratum" -eq 0 ] && stratum=16
	[ "$(nget "ntpAssocStratum.$id")" = "$stratum" ] ||
		fail "ntpAssocStratum.$id $(nget "ntpAssocStratum.$id"), chronyc $stratum"
	nexpect "ntpAssocAddressType.$id" ipv4
	addr=$(nsnmp snmpget -Oqv -Ox "NTPv4-MIB::ntpAssocAddress.$id" | tr -d ' "\n')
	want=$(echo "$name" | awk -F. '{ printf "%02X%02X%02X%02X", $1, $2, $3, $4 }')
	[ "$addr" = "$want" ] || fail "ntpAssocAddress.$id $addr, expected $want ($name)"
	say "ok: association $id is $name, stratum $stratum"
done < "$T/sources.csv"
[ "$(nget ntpEntStatusActiveRefSourceId.0)" = "$(assoc_id 127.0.0.1)" ] ||
	fail "ntpEntStatusActiveRefSourceId $(nget ntpEntStatusActiveRefSourceId.0), association of 127.0.0.1 $(assoc_id 127.0.0.1)"
nexpect_absent "ntpAssocOffset.$(assoc_id 127.0.0.3)" # never answered

# Offsets and dispersion move between two reads: within 1 ms of chronyc's,
# in the RFC's forms ("0.032 ms" in NTP's sign, dispersion in ms, no unit).
offset=$(nget ntpEntStatusActiveOffset.0)
disp=$(nget ntpEntStatusDispersion.0)
echo "$offset" | grep -Eq '^-?[0-9]+\.[0-9]{3} ms$' || fail "ntpEntStatusActiveOffset \"$offset\""
echo "$disp" | grep -Eq '^[0-9]+\.[0-9]{3}$' || fail "ntpEntStatusDispersion \"$disp\""
tracking=$(chronyc_at "$CMD_PORT" tracking)
awk -v o="${offset% ms}" -v d="$disp" -v t="$tracking" 'BEGIN {
	split(t, f, ",")
	do_ = o + f[6] * 1e3; dd = d - f[12] * 1e3
	exit !(do_ < 1 && do_ > -1 && dd < 1 && dd > -1) }' ||
	fail "offset $offset / dispersion $disp disagree with chronyc: $tracking"
say "ok: offset $offset, dispersion $disp agree with chronyc $tracking"
# ntpEntStatusDateTime, shown by its DISPLAY-HINT as era:seconds:fraction:
# NTP seconds within 5 s of the clock
dt=$(nget ntpEntStatusDateTime.0)
echo "$dt" | grep -Eq '^0:[0-9]+:[0-9]+\.[0-9]+$' || fail "ntpEntStatusDateTime \"$dt\""
ntp_s=$(echo "$dt" | cut -d: -f2)
now_ntp=$(($(date +%s) + 2208988800))
[ $((now_ntp - ntp_s)) -le 5 ] && [ $((ntp_s - now_ntp)) -le 5 ] ||
	fail "ntpEntStatusDateTime $ntp_s, now $now_ntp"
say "ok: ntpEntStatusDateTime within 5 s of now"

# ntpAssocIds: the same after refreshes, a chronyd restart, an agent restart.
assoc_ids > "$T/ids.0"
[ "$(wc -l < "$T/ids.0")" -eq 2 ] || fail "two associations expected: $(cat "$T/ids.0")"
sleep 3
assoc_ids > "$T/ids.1"
cmp -s "$T/ids.0" "$T/ids.1" || fail "ids changed across refreshes: $(cat "$T/ids.0") / $(cat "$T/ids.1")"
say "ok: ids stable across 3 refreshes: $(tr '\n' ' ' < "$T/ids.0")"
stop_pid "$CLIENT_PID"
nexpect_within 10 ntpEntStatusCurrentMode.0 notRunning
start_chrony_client client "$CMD_PORT" "$NTP_PORT" "127.0.0.3:$DEAD_PORT"
nexpect_within 30 ntpEntStatusCurrentMode.0 syncToRemoteServer
assoc_ids > "$T/ids.2"
cmp -s "$T/ids.0" "$T/ids.2" || fail "ids changed across a chronyd restart: $(cat "$T/ids.0") / $(cat "$T/ids.2")"
say "ok: ids stable across a chronyd restart"
stop_agent
start_agent "chronyAddress udp:127.0.0.1:$CMD_PORT"
nexpect_within 30 ntpEntStatusCurrentMode.0 syncToRemoteServer
assoc_ids > "$T/ids.3"
cmp -s "$T/ids.0" "$T/ids.3" || fail "ids changed across an agent restart: $(cat "$T/ids.0") / $(cat "$T/ids.3")"
say "ok: ids stable across an agent restart"

# ntpEntControl is read-only (SCOUT-NTPV4-CAPABILITY-MIB).
out=$(SNMPCONFPATH=$T/snmpconf MIBS= snmpset -m SNMPv2-MIB:SCOUT-NTP-MIB:NTPv4-MIB -v2c -c private -t 2 -r 1 \
    "127.0.0.1:$SNMP_PORT" NTPv4-MIB::ntpEntHeartbeatInterval.0 u 30 2>&1) &&
	fail "a SET of ntpEntHeartbeatInterval succeeded: $out"
case "$out" in
*notWritable* | *noAccess* | *"not writable"*) say "ok: SET refused: $out" ;;
*) fail "SET of ntpEntHeartbeatInterval: $out" ;;
esac
nexpect ntpEntHeartbeatInterval.0 60

# Default: no NTPv4-MIB notification at all (the heartbeat interval was 1 s).
if grep -q 'NTPv4-MIB::' "$T/traps.log"; then
	fail "NTPv4-MIB notifications without ntpv4Notifications: $(grep NTPv4 "$T/traps.log")"
fi
say "ok: no NTPv4-MIB notification by default"

# Over chronyd's unix socket the agent reads NTP_DATA: packet counters, as
# chronyc ntpdata counts them (they grow 8 a second: read chronyc around the
# agent, whose value is at most a refresh old).
stop_agent
start_agent "chronyAddress unix:$T/client/run/chronyd.sock"
nexpect_within 30 ntpEntStatusCurrentMode.0 syncToRemoteServer
id=$(assoc_id 127.0.0.1)
ntpdata_rx() {
	"$(dirname "$CHRONYD")/../bin/chronyc" -n -h "$T/client/run/chronyd.sock" ntpdata 127.0.0.1 |
	    awk -F: '/^Total RX/ { print $2 + 0 }'
}
has_value() { ! nsnmp snmpget -Oqv "NTPv4-MIB::$1" | grep -q 'No Such'; }
wait_until 10 has_value "ntpAssocStatInPkts.$id" ||
	fail "ntpAssocStatInPkts.$id absent over the unix socket"
before=$(ntpdata_rx)
got=$(nget "ntpAssocStatInPkts.$id")
after=$(ntpdata_rx)
[ -n "$before" ] && [ -n "$after" ] || fail "chronyc ntpdata gave no Total RX"
[ "$got" -le "$after" ] && [ "$got" -ge $((before - 16)) ] ||
	fail "ntpAssocStatInPkts.$id $got, chronyc ntpdata Total RX $before..$after"
say "ok: ntpAssocStatInPkts.$id $got, chronyc ntpdata $before..$after"
[ "$(nget "ntpAssocStatOutPkts.$id")" -ge "$got" ] || fail "fewer sent than received"
# the dead server answers nothing: 0 received, all sent
nexpect "ntpAssocStatInPkts.$(assoc_id 127.0.0.3)" 0
total=$(nget ntpEntStatusInPkts.0)
[ "$total" -ge "$got" ] || fail "ntpEntStatusInPkts $total below one association's $got"
say "ok: ntpEntStatusInPkts $total"
nexpect_absent ntpEntStatusBadVersion.0

# ntpv4Mib no: no view, no sysORTable entry; SCOUT-NTP-MIB unchanged.
stop_agent
start_agent "chronyAddress udp:127.0.0.1:$CMD_PORT
ntpv4Mib no"
expect_within 30 scoutNtpSyncStatus.chrony synchronized
out=$(nsnmp snmpwalk -OsU NTPv4-MIB::ntpSnmpMIB)
case "$out" in
*"No Such Object"* | *"No more variables"* | "") say "ok: ntpv4Mib no: no view" ;;
*) fail "ntpv4Mib no, yet: $out" ;;
esac
snmp snmpwalk -OsU SNMPv2-MIB::sysORDescr | grep -q 'RFC 5907' &&
	fail "ntpv4Mib no, yet a sysORTable entry"
expect scoutNtpSourceAddress.chrony 127.0.0.1
say "ok: SCOUT-NTP-MIB as before"
