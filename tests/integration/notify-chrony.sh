#!/bin/sh
# Notifications through snmpd to a real snmptrapd: one scoutNtpSyncLost when
# the server chronyd dies, with its reason, within (lossHoldoff + 1) x
# refreshInterval + 2 s; one scoutNtpSyncRestored when it is back; nothing for
# an outage shorter than the holdoff; and a loss while snmpd is away still
# arrives once snmpd is back.
. "${srcdir:-$(dirname "$0")/../..}/tests/integration/lib.sh"
require_mibs

TRAP_PORT=$(free_port)
start_snmptrapd
# lossHoldoff 3 x refreshInterval 1: a loss is told 3 to 4 s after it happens
start_synced_chrony "startupGrace 0
lossHoldoff 3
restoreHoldoff 2"
sleep 3
[ "$(traps scoutNtpSyncRestored)" -eq 0 ] || fail "a host that starts synchronised was told it recovered"

say "kill the server chronyd"
stop_pid "$SERVER_PID"
# (lossHoldoff + 1) x refreshInterval + 2 s
expect_traps 6 scoutNtpSyncLost 1
line=$(grep "scoutNtpSyncLost" "$T/traps.log")
for want in "scoutNtpDaemonName.chrony chronyd" "scoutNtpSyncStatus.chrony unsynchronized" \
    "scoutNtpSyncReason.chrony no" "scoutNtpSyncReasonText.chrony " "scoutNtpLastSync.chrony 20"; do
	case "$line" in *"$want"*) ;; *) fail "scoutNtpSyncLost lacks \"$want\": $line" ;; esac
done
say "ok: $line"
sleep 3
expect_traps 0 scoutNtpSyncLost 1

say "restart it"
start_chrony_server server "$NTP_PORT"
expect_traps 15 scoutNtpSyncRestored 1
grep "scoutNtpSyncRestored" "$T/traps.log" | grep -q "scoutNtpSyncReason.chrony none" ||
	fail "scoutNtpSyncRestored does not carry reason none"
sleep 3
expect_traps 0 scoutNtpSyncRestored 1
expect_traps 0 scoutNtpSyncLost 1

say "an outage shorter than the holdoff: nothing"
stop_agent
start_agent "chronyAddress udp:127.0.0.1:$CMD_PORT
startupGrace 0
lossHoldoff 8
restoreHoldoff 2"
expect_within 20 scoutNtpSyncStatus.chrony synchronized
sleep 2
stop_pid "$SERVER_PID"
expect_within 5 scoutNtpSyncStatus.chrony unsynchronized
start_chrony_server server "$NTP_PORT"
expect_within 15 scoutNtpSyncStatus.chrony synchronized
sleep 8
expect_traps 0 scoutNtpSyncLost 1
expect_traps 0 scoutNtpSyncRestored 1

say "sync lost while snmpd is away: told when snmpd is back"
stop_agent
start_agent "chronyAddress udp:127.0.0.1:$CMD_PORT
startupGrace 0
lossHoldoff 2"
expect_within 20 scoutNtpSyncStatus.chrony synchronized
sleep 2
stop_snmpd
rm -f "$T/agentx.sock"
stop_pid "$SERVER_PID"
wait_until 15 grep -q "scoutNtpSyncLost (queued" "$T/agent.log" ||
	fail "the agent did not queue the loss"
sleep 1
[ "$(traps scoutNtpSyncLost)" -eq 1 ] || fail "a notification went out while snmpd was down"
start_snmpd
expect_traps 15 scoutNtpSyncLost 2
grep -q "sending 1 delayed notifications" "$T/agent.log" || fail "the agent did not say it sent the delayed one"
