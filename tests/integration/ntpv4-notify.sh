#!/bin/sh
# The NTPv4-MIB notifications reach snmptrapd, each with the objects RFC 5907
# lists: ntpEntNotifHeartbeat at its interval; ntpEntNotifSyspeerChanged when
# the selected server dies (naming the new syspeer's ntpAssocId);
# ntpEntNotifRemoveAssociation and ntpEntNotifAddAssociation when a source
# is deleted from and added to chronyd; ntpEntNotifModeChange and
# ntpEntNotifStratumChange when the last server dies; only those listed in
# ntpv4Notifications are sent.
. "${srcdir:-$(dirname "$0")/../..}/tests/integration/lib.sh"
. "$srcdir/tests/integration/ntpv4-lib.sh"
require_mibs

ntraps() { grep -c "^TRAP .*snmpTrapOID.0 NTPv4-MIB::$1\b" "$T/traps.log" || true; }
ntraps_at_least() { [ "$(ntraps "$1")" -ge "$2" ]; }
# nexpect_traps SECONDS NAME COUNT: at least COUNT of NAME within SECONDS
nexpect_traps() {
	wait_until "$1" ntraps_at_least "$2" "$3" ||
		fail "$(ntraps "$2") $2 within $1 s, expected $3: $(grep NTPv4 "$T/traps.log")"
	say "ok: $(ntraps "$2") x $2"
}
last_trap() { grep "^TRAP .*snmpTrapOID.0 NTPv4-MIB::$1\b" "$T/traps.log" | tail -1; }

NTP_PORT=$(free_port)
CMD_PORT=$(free_port)
TRAP_PORT=$(free_port)
TRAP_MIBS=SNMPv2-MIB:SCOUT-NTP-MIB:NTPv4-MIB start_snmptrapd
start_chrony_server a "$NTP_PORT" "" 127.0.0.1
A_PID=$SERVER_PID
start_chrony_server b "$NTP_PORT" "" 127.0.0.2
B_PID=$SERVER_PID
start_chrony_client client "$CMD_PORT" "127.0.0.1:$NTP_PORT" "127.0.0.2:$NTP_PORT"
start_snmpd
start_agent "chronyAddress udp:127.0.0.1:$CMD_PORT
startupGrace 0
lossHoldoff 2
restoreHoldoff 2
ntpv4Notifications all
ntpv4HeartbeatInterval 2"
nexpect_within 30 ntpEntStatusCurrentMode.0 syncToRemoteServer
expect_within 10 scoutNtpSourcesReachable.chrony 2

# Heartbeat: every 2 s, with the interval and the mode.
before=$(ntraps ntpEntNotifHeartbeat)
nexpect_traps 10 ntpEntNotifHeartbeat $((before + 2))
line=$(last_trap ntpEntNotifHeartbeat)
for want in 'ntpEntHeartbeatInterval.0 2' 'ntpEntStatusCurrentMode.0 syncToRemoteServer' \
    'ntpEntStatusDateTime.0 ' 'ntpEntNotifMessage.0 heartbeat'; do
	case "$line" in *"$want"*) ;; *) fail "heartbeat lacks \"$want\": $line" ;; esac
done
say "ok: heartbeat: $line"
[ "$(nget ntpEntNotifBits.0)" != "" ] || fail "ntpEntNotifBits is empty"

# The selected server dies: the other becomes the syspeer.
sleep 3
selected=$(nget ntpEntStatusActiveRefSourceName.0)
case "$selected" in
127.0.0.1) victim=$A_PID other=127.0.0.2 ;;
127.0.0.2) victim=$B_PID other=127.0.0.1 ;;
*) fail "selected source \"$selected\"" ;;
esac
other_id=$(assoc_id "$other")
say "selected $selected; killing it; $other is association $other_id"
stop_pid "$victim"
nexpect_traps 30 ntpEntNotifSyspeerChanged 1
line=$(last_trap ntpEntNotifSyspeerChanged)
case "$line" in
*"ntpEntStatusActiveRefSourceId.0 $other_id"*"ntpEntNotifMessage.0 syspeer is now $other"*)
	say "ok: names association $other_id" ;;
*) fail "ntpEntNotifSyspeerChanged does not name $other_id ($other): $line" ;;
esac
[ "$(ntraps ntpEntNotifModeChange)" -eq 0 ] || fail "a syspeer change was told as a mode change"

# A source deleted from chronyd, then added again.
chronyc_sock() { "$(dirname "$CHRONYD")/../bin/chronyc" -n -h "$T/client/run/chronyd.sock" "$@"; }
victim_id=$(assoc_id "$selected")
chronyc_sock delete "$selected" > /dev/null || fail "chronyc delete $selected failed"
nexpect_traps 15 ntpEntNotifRemoveAssociation 1
line=$(last_trap ntpEntNotifRemoveAssociation)
case "$line" in
*"ntpAssocName.$victim_id $selected"*) say "ok: removal of $victim_id ($selected)" ;;
*) fail "ntpEntNotifRemoveAssociation: $line" ;;
esac
chronyc_sock add server "$selected" port "$NTP_PORT" minpoll -3 maxpoll -3 > /dev/null ||
	fail "chronyc add server $selected failed"
nexpect_traps 15 ntpEntNotifAddAssociation 1
line=$(last_trap ntpEntNotifAddAssociation)
case "$line" in
*"ntpAssocName.$victim_id $selected"*) say "ok: the same source back as $victim_id" ;;
*) fail "ntpEntNotifAddAssociation: $line" ;;
esac

# The last server dies: not synchronised, stratum 16.
stop_pid "$(if [ "$victim" = "$A_PID" ]; then echo "$B_PID"; else echo "$A_PID"; fi)"
nexpect_traps 60 ntpEntNotifModeChange 1
line=$(last_trap ntpEntNotifModeChange)
case "$line" in
*"ntpEntStatusCurrentMode.0 notSynchronized"*) say "ok: mode change: $line" ;;
*) fail "ntpEntNotifModeChange: $line" ;;
esac
nexpect_traps 20 ntpEntNotifStratumChange 1
line=$(last_trap ntpEntNotifStratumChange)
case "$line" in
*"ntpEntStatusStratum.0 16"*) say "ok: stratum change: $line" ;;
*) fail "ntpEntNotifStratumChange: $line" ;;
esac
count=$(nget ntpEntStatusNotifications.0)
[ "$count" -ge 6 ] || fail "ntpEntStatusNotifications $count"
say "ok: ntpEntStatusNotifications $count"
# SCOUT-NTP-MIB's own notifications are still sent beside them
traps_at_least scoutNtpSyncLost 1 || fail "no scoutNtpSyncLost beside ntpEntNotifModeChange"
stop_agent

# Only what is listed: modeChange alone, no heartbeat.
: > "$T/traps.log"
start_agent "chronyAddress udp:127.0.0.1:$CMD_PORT
startupGrace 0
ntpv4Notifications modeChange
ntpv4HeartbeatInterval 1"
sleep 4
[ "$(ntraps ntpEntNotifHeartbeat)" -eq 0 ] || fail "heartbeat sent though not listed"
case "$(nsnmp snmpget -Oqv -Ox NTPv4-MIB::ntpEntNotifBits.0 | tr -d ' "\n')" in
4000) say "ok: ntpEntNotifBits is entNotifModeChange alone" ;;
*) fail "ntpEntNotifBits $(nsnmp snmpget -Oqv -Ox NTPv4-MIB::ntpEntNotifBits.0)" ;;
esac
