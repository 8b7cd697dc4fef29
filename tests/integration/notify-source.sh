#!/bin/sh
# Source changes and the switches around loss notifications: a client with
# two servers tells scoutNtpSourceChanged, naming the new source, when its
# selected server dies; startupGrace holds back the loss of a host that
# starts unsynchronised; "traps no" silences everything while the tables
# still tell the state.
. "${srcdir:-$(dirname "$0")/../..}/tests/integration/lib.sh"
require_mibs

NTP_PORT=$(free_port)
CMD_PORT=$(free_port)
DEAD_CMD=$(free_port)
DEAD_PORT=$(free_port)
TRAP_PORT=$(free_port)
start_snmptrapd
start_chrony_server a "$NTP_PORT" "" 127.0.0.1
A_PID=$SERVER_PID
start_chrony_server b "$NTP_PORT" "" 127.0.0.2
B_PID=$SERVER_PID
start_chrony_client client "$CMD_PORT" "127.0.0.1:$NTP_PORT" "127.0.0.2:$NTP_PORT"
start_snmpd
start_agent "chronyAddress udp:127.0.0.1:$CMD_PORT
startupGrace 0
lossHoldoff 2
restoreHoldoff 2"
expect_within 20 scoutNtpSyncStatus.chrony synchronized
expect_within 10 scoutNtpSourcesReachable.chrony 2
sleep 3
selected=$(get scoutNtpSourceAddress.chrony)
case "$selected" in
127.0.0.1) victim=$A_PID other=127.0.0.2 ;;
127.0.0.2) victim=$B_PID other=127.0.0.1 ;;
*) fail "selected source \"$selected\"" ;;
esac
say "selected $selected; killing it"
stop_pid "$victim"
expect_traps 20 scoutNtpSourceChanged 1
line=$(grep scoutNtpSourceChanged "$T/traps.log")
case "$line" in
*"scoutNtpSourceAddress.chrony $other"*) say "ok: names the new source $other" ;;
*) fail "scoutNtpSourceChanged does not name $other: $line" ;;
esac
expect scoutNtpSourceAddress.chrony "$other"
expect scoutNtpSyncStatus.chrony synchronized
[ "$(traps scoutNtpSyncLost)" -eq 0 ] || fail "a source change was told as a loss"
stop_agent

say "startupGrace: a host that starts unsynchronised is told once the grace is over"
start_chrony_client dead "$DEAD_CMD" "$DEAD_PORT"
start_agent "chronyAddress udp:127.0.0.1:$DEAD_CMD
startupGrace 6
lossHoldoff 2"
started=$(date +%s)
expect_within 10 scoutNtpSyncStatus.chrony unsynchronized
expect_traps 15 scoutNtpSyncLost 1
elapsed=$(($(date +%s) - started))
[ "$elapsed" -ge 5 ] || fail "scoutNtpSyncLost came $elapsed s after start, within startupGrace 6"
say "ok: told after $elapsed s"
stop_agent

say "traps no: silence, but the tables still tell"
: > "$T/traps.log"
start_agent "chronyAddress udp:127.0.0.1:$DEAD_CMD
startupGrace 0
lossHoldoff 1
traps no"
expect_within 10 scoutNtpSyncStatus.chrony unsynchronized
expect scoutNtpSyncReason.chrony noReachableSources
sleep 4
[ "$(traps scoutNtpSyncLost)" -eq 0 ] || fail "traps no, yet: $(cat "$T/traps.log")"
say "ok: no notification"
