#!/bin/sh
# contrib/snmptt: the shipped snmptt.conf is what snmpttconvertmib makes of the
# hinted MIB today, and the real snmptt, fed through snmptrapd's traphandle,
# writes one readable line with its severity for each notification.
# scoutNtpSourceChanged, scoutNtpSyncLost and scoutNtpSyncRestored come from
# the agent itself (a chronyd client of two servers, which are killed one after
# the other, and one restarted); the four notifications this
# private world cannot provoke (an offset beyond the threshold, a daemon
# conflict, a leap second) are sent with net-snmp's snmptrap, with the
# varbinds the MIB lists, and said so below.
. "${srcdir:-$(dirname "$0")/../..}/tests/integration/lib.sh"
require_mibs
require snmptt snmpttconvertmib snmptrapd snmptrap

contrib=$srcdir/contrib/snmptt
mibpath=$BASEMIBS:/usr/share/snmp/mibs:$srcdir/mibs

say "snmpttconvertmib on the MIB gives the shipped file"
mkdir -p "$T/conv"
cp "$srcdir/mibs/SCOUT-NTP-MIB.txt" "$T/conv/"
(cd "$T/conv" && SNMPCONFPATH=$T/conv MIBDIRS=$mibpath MIBS=SNMPv2-MIB:SCOUT-NTP-MIB \
    snmpttconvertmib --in=SCOUT-NTP-MIB.txt --out=snmptt.conf >convert.log 2>&1) ||
	fail "snmpttconvertmib failed: $(cat "$T/conv/convert.log")"
grep -q "Successful translations: *7" "$T/conv/convert.log" ||
	fail "snmpttconvertmib did not translate all 7 notifications: $(tail -n 4 "$T/conv/convert.log")"
# the one line that carries the date of the conversion
grep -v '^MIB: ' "$T/conv/snmptt.conf" >"$T/conv/new"
grep -v '^MIB: ' "$contrib/snmptt.conf.scout-ntp-agent" >"$T/conv/shipped"
diff -u "$T/conv/shipped" "$T/conv/new" >"$T/conv/diff" ||
	fail "contrib/snmptt/snmptt.conf.scout-ntp-agent is stale; regenerate it (README): $(cat "$T/conv/diff")"
# every notification has its event and the severity its hint gives
for ev in scoutNtpSyncLost:CRITICAL scoutNtpSyncRestored:NORMAL scoutNtpOffsetHigh:MAJOR \
    scoutNtpOffsetNormal:NORMAL scoutNtpSourceChanged:INFORMATIONAL \
    scoutNtpDaemonConflict:MAJOR scoutNtpLeapPending:INFORMATIONAL; do
	grep -q "^EVENT ${ev%:*} .* \"Status Events\" ${ev#*:}\$" "$T/conv/new" ||
		fail "no EVENT ${ev%:*} with severity ${ev#*:}"
done
say "ok: 7 events, each with its severity"

# snmptt as Debian configures it, with its logs here and no syslog
sed -e "s|^log_file = .*|log_file = $T/snmptt.log|" \
    -e "s|^unknown_trap_log_enable = .*|unknown_trap_log_enable = 1|" \
    -e "s|^unknown_trap_log_file = .*|unknown_trap_log_file = $T/snmptt-unknown.log|" \
    -e "s|^log_system_file = .*|log_system_file = $T/snmptt-system.log|" \
    -e "s|^syslog_enable = .*|syslog_enable = 0|" \
    -e "s|^syslog_system_enable = .*|syslog_system_enable = 0|" \
    -e "s|^exec_enable = .*|exec_enable = 0|" \
    -e "s|^/etc/snmptt/snmptt.conf\$|$contrib/snmptt.conf.scout-ntp-agent|" \
    /etc/snmp/snmptt.ini >"$T/snmptt.ini"
grep -q "^mode = standalone" "$T/snmptt.ini" || fail "Debian's snmptt.ini is not in standalone mode"
grep -qF "$contrib/snmptt.conf.scout-ntp-agent" "$T/snmptt.ini" ||
	fail "could not point snmptt.ini at the shipped snmptt.conf"

TRAP_PORT=$(free_port)
# the snmptrapd side as the README says: numeric OIDs (-On) for snmptt
cat >"$T/snmptrapd.conf" <<EOF
disableAuthorization yes
traphandle default /usr/sbin/snmptt --ini=$T/snmptt.ini
EOF
: >"$T/snmptrapd.log"
MIBS=SNMPv2-MIB:SCOUT-NTP-MIB MIBDIRS=$mibpath SNMP_PERSISTENT_DIR=$T/persist \
snmptrapd -f -C -c "$T/snmptrapd.conf" -On -Lf "$T/snmptrapd.log" "udp:127.0.0.1:$TRAP_PORT" \
    2>"$T/snmptt-stderr.log" &
track $!
wait_until 10 grep -q "NET-SNMP version" "$T/snmptrapd.log" || fail "snmptrapd did not start"

events() { grep -c " $1 " "$T/snmptt.log" 2>/dev/null || true; }
events_at_least() { [ "$(events "$1")" -ge "$2" ]; }
oid_of() { SNMPCONFPATH=$T/snmpconf MIBS='' snmptranslate -On "SCOUT-NTP-MIB::$1"; }

# two servers: killing the selected one changes the source, killing the
# other loses sync
NTP_PORT=$(free_port)
CMD_PORT=$(free_port)
start_chrony_server a "$NTP_PORT" "" 127.0.0.1
A_PID=$SERVER_PID
start_chrony_server b "$NTP_PORT" "" 127.0.0.2
B_PID=$SERVER_PID
start_chrony_client client "$CMD_PORT" "127.0.0.1:$NTP_PORT" "127.0.0.2:$NTP_PORT"
start_snmpd
# daemons chrony: a time daemon of the host's own is no part of this world
start_agent "chronyAddress udp:127.0.0.1:$CMD_PORT
daemons chrony
startupGrace 0
lossHoldoff 2
restoreHoldoff 2"
expect_within 30 scoutNtpHostSyncStatus.0 synchronized
expect_within 10 scoutNtpSourcesReachable.chrony 2
sleep 3
case "$(get scoutNtpHostSourceName.0)" in
127.0.0.1) first=$A_PID second=$B_PID other=127.0.0.2 ;;
127.0.0.2) first=$B_PID second=$A_PID other=127.0.0.1 ;;
*) fail "scoutNtpHostSourceName.0 is \"$(get scoutNtpHostSourceName.0)\"" ;;
esac
say "kill the selected server"
stop_pid "$first"
changed=$(oid_of scoutNtpSourceChanged)
wait_until 20 events_at_least "$changed" 1 || fail "snmptt logged no scoutNtpSourceChanged"
line=$(grep " $changed " "$T/snmptt.log")
say "snmptt: $line"
case "$line" in
*" INFORMATIONAL \"Status Events\" "*"Time source changed: chronyd now follows $other ($other)") ;;
*) fail "scoutNtpSourceChanged line is not the readable one: $line" ;;
esac

say "kill the other one too"
stop_pid "$second"
lost=$(oid_of scoutNtpSyncLost)
wait_until 15 events_at_least "$lost" 1 || fail "snmptt logged no scoutNtpSyncLost"
# snmptt drops a '?' from what it logs (the agent's texts should have none)
reason=$(get scoutNtpHostSyncReasonText.0 | tr -d '?')
line=$(grep " $lost " "$T/snmptt.log")
say "snmptt: $line"
case "$line" in
*" CRITICAL \"Status Events\" "*"Time synchronisation lost: chronyd is unsynchronized: $reason (last source "*")") ;;
*) fail "scoutNtpSyncLost line is not the readable one (reason \"$reason\"): $line" ;;
esac

say "restart it"
start_chrony_server c "$NTP_PORT" "" "$other"
restored=$(oid_of scoutNtpSyncRestored)
wait_until 20 events_at_least "$restored" 1 || fail "snmptt logged no scoutNtpSyncRestored"
line=$(grep " $restored " "$T/snmptt.log")
say "snmptt: $line"
case "$line" in
*" NORMAL \"Status Events\" "*"Time synchronisation restored: chronyd is synchronized again: synchronised to $other"*) ;;
*) fail "scoutNtpSyncRestored line is not the readable one: $line" ;;
esac

# Not reachable in this world with real daemons: sent by snmptrap with the
# varbinds of the MIB's OBJECTS, instance .1 (chrony), as the agent sends them.
row() { echo "SCOUT-NTP-MIB::$1.1"; }
common="$(row scoutNtpDaemonName) s chronyd $(row scoutNtpSyncStatus) i 1 $(row scoutNtpSyncReason) i 1
$(row scoutNtpSyncReasonText) s synchronised-to-192.0.2.1 $(row scoutNtpSourceName) s ntp1.example.org
$(row scoutNtpSourceAddress) s 192.0.2.1 $(row scoutNtpOffset) i 250000"
send() {
	name=$1
	shift
	# shellcheck disable=SC2086,SC2046
	SNMPCONFPATH=$T/snmpconf MIBS='' snmptrap -v2c -c public "127.0.0.1:$TRAP_PORT" '' \
	    "SCOUT-NTP-MIB::$name" "$@" || fail "snmptrap $name failed"
}
# shellcheck disable=SC2086,SC2046
send scoutNtpOffsetHigh $common $(row scoutNtpLastSync) x 07EA0C01141E0000 \
    $(row scoutNtpOffsetText) s +0.250000000 SCOUT-NTP-MIB::scoutNtpOffsetThreshold.0 u 100000
# shellcheck disable=SC2086,SC2046
send scoutNtpOffsetNormal $common $(row scoutNtpLastSync) x 07EA0C01141E0000 \
    $(row scoutNtpOffsetText) s +0.000100000 SCOUT-NTP-MIB::scoutNtpOffsetThreshold.0 u 100000
# shellcheck disable=SC2086,SC2046
send scoutNtpDaemonConflict SCOUT-NTP-MIB::scoutNtpDaemonsActive.0 u 2 \
    SCOUT-NTP-MIB::scoutNtpActiveDaemon.0 i 2 $common
# shellcheck disable=SC2086,SC2046
send scoutNtpLeapPending $common $(row scoutNtpLastSync) x 07EA0C01141E0000 \
    $(row scoutNtpLeapStatus) i 2

# expect NAME SEVERITY TEXT: exactly one line for NAME, with both
expect_event() {
	oid=$(oid_of "$1")
	wait_until 10 events_at_least "$oid" 1 || fail "snmptt logged no $1"
	[ "$(events "$oid")" -eq 1 ] || fail "$(events "$oid") lines for $1, expected 1"
	line=$(grep " $oid " "$T/snmptt.log")
	case "$line" in
	*" $2 \"Status Events\" "*"$3"*) say "ok: $1: $line" ;;
	*) fail "$1: expected $2 and \"$3\": $line" ;;
	esac
	case "$line" in *'$'[0-9*]*) fail "$1: an argument was not filled in: $line" ;; esac
}
expect_event scoutNtpOffsetHigh MAJOR \
    "Clock offset above the threshold: chronyd: the clock is +0.250000000 s off ntp1.example.org, more than 100000 microseconds"
expect_event scoutNtpOffsetNormal NORMAL \
    "Clock offset back under the threshold: chronyd: the clock is +0.000100000 s off ntp1.example.org, within 100000 microseconds"
expect_event scoutNtpDaemonConflict MAJOR \
    "Several time daemons run: 2 time daemons fight over the clock: chronyd runs beside the one in control"
expect_event scoutNtpLeapPending INFORMATIONAL \
    "Leap second announced: chronyd announces insertSecond"
# and the three from the agent: still one each
expect_event scoutNtpSyncLost CRITICAL "Time synchronisation lost: chronyd is unsynchronized"
expect_event scoutNtpSyncRestored NORMAL "Time synchronisation restored: chronyd is synchronized again"
expect_event scoutNtpSourceChanged INFORMATIONAL "Time source changed: chronyd now follows $other"
# snmpd's own coldStart is unknown to this file; none of ours may be
! grep -q "4185" "$T/snmptt-unknown.log" 2>/dev/null ||
	fail "snmptt did not know some of our notifications: $(cat "$T/snmptt-unknown.log")"
say "ok: $(wc -l <"$T/snmptt.log") lines in snmptt.log, one per notification"
